// /v1/tasks: submit a long-running task (202), read it, list them, approve a budget pause, cancel.
import { Hono } from "hono";
import { z } from "zod";
import { PreferencesSchema } from "../config.js";
import { EoError } from "../errors.js";
import type { Store } from "../store/store.js";
import type { TaskRecord } from "../store/tasks.js";
import type { TaskControl } from "../tasks/control.js";
import { readJson, readOptionalJson } from "./body.js";
import type { AppEnv } from "./context.js";
import { parseBody, parseQuery } from "./validate.js";

export const TaskRequestSchema = z.strictObject({
  input: z.string().trim().min(1, "input must not be empty").max(200_000),
  eo: PreferencesSchema.optional(),
  budgetUsd: z.number().nonnegative("budgetUsd must not be negative").optional(),
  requireApproval: z.boolean().optional(),
});

const ApproveSchema = z.strictObject({ approved: z.boolean().default(true) });

const ListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(20),
  before: z.iso.datetime().optional(),
});

/** The links a client follows from a task. */
export function taskLinks(id: string) {
  return {
    self: `/v1/tasks/${id}`,
    events: `/v1/tasks/${id}/events`,
    approve: `/v1/tasks/${id}/approve`,
    cancel: `/v1/tasks/${id}/cancel`,
  };
}

/** The task as the API shows it (CONTRACT's fields, plus the budget, preferences and error). */
export function taskView(t: TaskRecord) {
  return {
    id: t.id,
    status: t.status,
    input: t.input,
    budgetUsd: t.budgetUsd,
    requireApproval: t.requireApproval,
    eo: t.preferences,
    plan: t.plan,
    estimate: t.estimate,
    subtasks: t.subtasks,
    result: t.result,
    costUsd: t.costUsd,
    error: t.error,
    createdAt: t.createdAt,
    updatedAt: t.updatedAt,
    links: taskLinks(t.id),
  };
}

/** Creates and queues a task; used by POST /v1/tasks and by `eo/orchestrate` on chat completions. */
export async function submitTask(store: Store, runner: TaskControl, body: z.infer<typeof TaskRequestSchema>, defaultBudget: number): Promise<TaskRecord> {
  const task = await store.createTask({
    id: `task_${crypto.randomUUID().replace(/-/g, "")}`,
    input: body.input,
    budgetUsd: body.budgetUsd ?? defaultBudget,
    requireApproval: body.requireApproval ?? false,
    preferences: body.eo ?? null,
  });
  await runner.submit(task.id);
  return task;
}

export function taskRoutes(store: Store, runner: TaskControl, defaultBudget: number) {
  const app = new Hono<AppEnv>();

  app.post("/v1/tasks", async (c) => {
    const body = parseBody(TaskRequestSchema, await readJson(c));
    const task = await submitTask(store, runner, body, defaultBudget);
    c.header("location", taskLinks(task.id).self);
    return c.json({ id: task.id, status: task.status, links: taskLinks(task.id) }, 202);
  });

  app.get("/v1/tasks", async (c) => {
    const q = parseQuery(ListQuery, c.req.queries());
    const tasks = await store.listTasks(q);
    const last = tasks.at(-1);
    return c.json({
      object: "list",
      data: tasks.map(taskView),
      next: tasks.length === q.limit && last ? `/v1/tasks?limit=${q.limit}&before=${encodeURIComponent(last.createdAt)}` : null,
    });
  });

  app.get("/v1/tasks/:id", async (c) => {
    const t = await store.getTask(c.req.param("id"));
    if (!t) throw new EoError("not_found", `no task with id "${c.req.param("id")}"`);
    return c.json(taskView(t));
  });

  app.post("/v1/tasks/:id/approve", async (c) => {
    const body = parseBody(ApproveSchema, await readOptionalJson(c));
    const t = await runner.approve(c.req.param("id"), body.approved);
    return c.json({ id: t.id, status: t.status, approved: body.approved, links: taskLinks(t.id) }, 202);
  });

  app.post("/v1/tasks/:id/cancel", async (c) => {
    const t = await runner.cancel(c.req.param("id"));
    return c.json({ id: t.id, status: t.status, links: taskLinks(t.id) });
  });

  return app;
}
