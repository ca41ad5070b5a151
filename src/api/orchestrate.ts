// `model: "eo/orchestrate"` on /v1/chat/completions: runs the request as a task and answers with its synthesis.
import type { Context } from "hono";
import { streamSSE } from "hono/streaming";
import { ERROR_CODES, EoError, type ErrorCode } from "../errors.js";
import { plainMessages, type ChatRequest } from "../gateway/request.js";
import type { Store } from "../store/store.js";
import type { TaskRecord } from "../store/tasks.js";
import type { TaskControl } from "../tasks/control.js";
import type { AppEnv } from "./context.js";
import { submitTask, TaskRequestSchema } from "./tasks.js";

export const ORCHESTRATE_MODEL = "eo/orchestrate";

export interface OrchestrateDeps {
  store: Store;
  runner: TaskControl;
  defaultBudgetUsd: number;
  heartbeatMs: number;
}

/** The conversation as one task input: the last user message, with the earlier turns as context. */
function taskInput(req: ChatRequest): string {
  const msgs = plainMessages(req.messages);
  if (msgs.length === 1) return msgs[0]!.content;
  return msgs.map((m) => `${m.role}: ${m.content}`).join("\n\n");
}

/**
 * The task this request runs, held to POST /v1/tasks's schema (a non-empty input within its size, the preferences a
 * task takes: no `cascade` or `domain`); a bad field is named as the chat request's, `messages` or `eo`.
 */
function taskBody(req: ChatRequest) {
  const r = TaskRequestSchema.safeParse({ input: taskInput(req), eo: req.eo, budgetUsd: req.eo?.maxCostUsd });
  if (r.success) return r.data;
  const issue = r.error.issues[0]!;
  const param = issue.path[0] === "input" ? "messages" : "eo";
  const message = param === "messages" ? `the task's input: ${issue.message}` : `${issue.message} (${ORCHESTRATE_MODEL} takes a task's preferences)`;
  throw new EoError("validation_failed", `${param}: ${message}`, { param, details: [{ path: param, message }] });
}

function expertsOf(t: TaskRecord): string[] {
  return [...new Set(t.subtasks.map((s) => s.expert).filter((e): e is string => !!e))];
}

/** A failed task becomes the error of the chat request, with the task's own code when it is one of ours. */
function taskError(t: TaskRecord): EoError {
  const code = (t.error?.code && t.error.code in ERROR_CODES ? t.error.code : "upstream_failed") as ErrorCode;
  return new EoError(t.status === "cancelled" ? "conflict" : code, t.error?.message ?? `task ${t.id} ended ${t.status}`, { details: { taskId: t.id } });
}

function extras(t: TaskRecord) {
  return { taskId: t.id, costUsd: t.costUsd, experts: expertsOf(t), subtasks: t.subtasks.map((s) => ({ id: s.id, domain: s.domain, expert: s.expert, costUsd: s.costUsd })) };
}

export async function orchestrate(c: Context<AppEnv>, req: ChatRequest, deps: OrchestrateDeps, signal: AbortSignal): Promise<Response> {
  const task = await submitTask(deps.store, deps.runner, taskBody(req), deps.defaultBudgetUsd);
  // The task exists only for this request: when its client goes away, it stops spending.
  const cancel = () => void deps.runner.cancel(task.id).catch(() => {});
  if (signal.aborted) cancel();
  else signal.addEventListener("abort", cancel, { once: true });
  const id = `chatcmpl-${c.get("requestId")}`;
  const created = Math.floor(Date.now() / 1000);
  c.header("x-eo-task", task.id);
  if (!req.stream) {
    const t = await deps.runner.waitForEnd(task.id, signal);
    if (t.status !== "completed") throw taskError(t);
    c.header("x-eo-expert", expertsOf(t).join(","));
    return c.json({
      id, object: "chat.completion", created, model: ORCHESTRATE_MODEL, system_fingerprint: null,
      choices: [{ index: 0, message: { role: "assistant", content: t.result ?? "", refusal: null }, logprobs: null, finish_reason: "stop" }],
      usage: { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 },
      eo: extras(t),
    });
  }
  const chunk = (delta: Record<string, unknown>, finish: string | null = null) =>
    JSON.stringify({ id, object: "chat.completion.chunk", created, model: ORCHESTRATE_MODEL, system_fingerprint: null, choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }] });
  return streamSSE(c, async (stream) => {
    await stream.writeSSE({ data: chunk({ role: "assistant", content: "" }) });
    const beat = setInterval(() => void stream.write(": working\n\n"), deps.heartbeatMs);
    try {
      const t = await deps.runner.waitForEnd(task.id, signal);
      if (t.status !== "completed") {
        const e = taskError(t);
        await stream.writeSSE({ event: "error", data: JSON.stringify({ error: { message: e.message, type: "server_error", code: e.code, param: null } }) });
        return;
      }
      // The synthesis is sent in pieces, as a model would stream it.
      for (const piece of (t.result ?? "").match(/[\s\S]{1,200}/g) ?? []) await stream.writeSSE({ data: chunk({ content: piece }) });
      await stream.writeSSE({ data: chunk({}, "stop") });
      await stream.writeSSE({ data: "[DONE]" });
    } finally {
      clearInterval(beat);
    }
  });
}
