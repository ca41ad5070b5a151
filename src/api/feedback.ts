// POST /v1/feedback: a human judge's score of one answer (a routed request, a task, or one of its subtasks).
import { Hono } from "hono";
import { z } from "zod";
import { EoError } from "../errors.js";
import { extractFeatures } from "../routing/features.js";
import type { ProfileLearner } from "../routing/profile-learner.js";
import type { ProfileBook } from "../routing/profiles.js";
import type { Store } from "../store/store.js";
import { DIMENSIONS, isDomain, type Domain } from "../vocabulary.js";
import { readJson } from "./body.js";
import type { AppEnv } from "./context.js";
import { parseBody } from "./validate.js";

export const FeedbackSchema = z
  .strictObject({
    requestId: z.string().min(1).max(200).optional(),
    taskId: z.string().min(1).max(200).optional(),
    subtaskId: z.string().min(1).max(200).optional(),
    dimension: z.enum(DIMENSIONS),
    score: z.number().min(0).max(1),
    comment: z.string().max(4000).optional(),
  })
  .refine((b) => (b.requestId ? 1 : 0) + (b.taskId ? 1 : 0) === 1, { message: "give exactly one of requestId or taskId", path: ["requestId"] })
  .refine((b) => !b.subtaskId || b.taskId, { message: "subtaskId needs taskId", path: ["subtaskId"] });
export type Feedback = z.infer<typeof FeedbackSchema>;

/** What was judged: the expert that produced it, in which domain, and a reference to it. */
interface Target {
  expert: string;
  domain: Domain;
  ref: string;
}

const domainOf = (d: string | null | undefined): Domain => (d && isDomain(d) ? d : "general");

async function targetOf(store: Store, f: Feedback): Promise<Target> {
  if (f.requestId) {
    const d = await store.getDecision(f.requestId);
    if (!d) throw new EoError("not_found", `requestId: no request ${f.requestId}`, { param: "requestId" });
    if (d.kind !== "chat" || !d.answeredBy) {
      throw new EoError("conflict", `requestId: request ${f.requestId} has no answer to judge (${d.kind === "route" ? "a dry run" : "it failed"})`, { param: "requestId" });
    }
    // A request to a named expert was not routed, so its record names no domain: classify its text, when kept.
    const domain = d.domain ?? (d.text ? extractFeatures([{ role: "user", content: d.text.prompt }]).domain : null);
    return { expert: d.answeredBy, domain: domainOf(domain), ref: f.requestId };
  }
  const taskId = f.taskId!;
  const task = await store.getTask(taskId);
  if (!task) throw new EoError("not_found", `taskId: no task ${taskId}`, { param: "taskId" });
  if (f.subtaskId) {
    const s = task.subtasks.find((x) => x.id === f.subtaskId);
    if (!s) throw new EoError("not_found", `subtaskId: task ${taskId} has no subtask ${f.subtaskId}`, { param: "subtaskId" });
    if (s.status !== "completed" || !s.expert) throw new EoError("conflict", `subtaskId: subtask ${f.subtaskId} has no accepted answer (it is ${s.status})`, { param: "subtaskId" });
    return { expert: s.expert, domain: domainOf(s.domain), ref: `${taskId}/${s.id}` };
  }
  if (task.status !== "completed") throw new EoError("conflict", `taskId: task ${taskId} has no answer to judge (it is ${task.status})`, { param: "taskId" });
  // A one-step plan's answer is its subtask's accepted output, passed through with no synthesizer call.
  const steps = task.plan?.subtasks ?? [];
  if (steps.length === 1) {
    const only = task.subtasks.find((s) => s.id === steps[0]!.id);
    if (!only || only.status !== "completed" || !only.expert) throw new EoError("conflict", `taskId: task ${taskId} records no producer of its answer`, { param: "taskId" });
    return { expert: only.expert, domain: domainOf(only.domain), ref: taskId };
  }
  // Otherwise the task's answer is the synthesizer's: the expert that wrote it (after any fallback) is in
  // task.completed; tasks completed before that was recorded name only the routed choice, in the last route event.
  const events = await store.listEvents(taskId);
  const completed = events.findLast((e) => e.type === "task.completed")?.data as { answeredBy?: string | null } | undefined;
  const route = events.findLast((e) => e.type === "route" && (e.data as { role?: string }).role === "synthesizer");
  const expert = completed?.answeredBy ?? (route?.data as { expert?: string | null } | undefined)?.expert;
  if (!expert) throw new EoError("conflict", `taskId: task ${taskId} records no synthesizer to judge`, { param: "taskId" });
  const domains = new Set(task.subtasks.map((s) => s.domain));
  return { expert, domain: domains.size === 1 ? domainOf([...domains][0]) : "general", ref: taskId };
}

export function feedbackRoutes(store: Store, learner: ProfileLearner, book: ProfileBook) {
  const app = new Hono<AppEnv>();
  app.post("/v1/feedback", async (c) => {
    const f = parseBody(FeedbackSchema, await readJson(c));
    const t = await targetOf(store, f);
    // The HTTP request id makes a retried POST (same x-request-id) count once.
    const key = `feedback:${c.get("requestId")}`;
    const added = await learner.record([{ expert: t.expert, domain: t.domain, dimension: f.dimension, score: f.score, source: "feedback", judge: "human", ref: t.ref, key }]);
    const profile = book.has(t.expert) ? book.get(t.expert, t.domain, f.dimension) : null;
    return c.json({ id: key, recorded: added > 0, expert: t.expert, domain: t.domain, dimension: f.dimension, score: f.score, ref: t.ref, profile }, added > 0 ? 201 : 200);
  });
  return app;
}
