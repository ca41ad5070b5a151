// The executor agent: one attempt at one subtask on its routed expert, streamed out as delta events.
import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import { fallbackExperts, isUpstreamFailure, routeRole, spentBy, streamModel } from "../model-call.js";
import { callCap, rethrowIfAborted, scopeOf, withCostCap, type AgentDeps } from "../runtime.js";
import { eventKey, type AttemptRecord, type Ledger, type SubtaskMapUpdate } from "../task.js";
import { executorMessages, promptText } from "./prompt.js";
import { DELTA_MAX_WAIT_MS, DELTA_MIN_CHARS, type ExecutorTask } from "./schema.js";

export interface ExecutorUpdate {
  subtasks: SubtaskMapUpdate;
  ledger: Ledger;
}

/**
 * Runs one attempt: the assigned expert first, then the router's fallbacks within the attempt's cost cap
 * (`task.maxCostUsd`, a hard cap: the stream is token-capped and metered, see `CallLimits`). An answer stopped at
 * the cap is kept as the attempt's output. Writes only its own subtask (merged by id), so parallel attempts never
 * overwrite each other. A call no expert answered (or none could within the cap) is recorded as a failed attempt
 * (its `subtask.completed` carries `error` and a null output) for the supervisor to judge, with what a stream cut
 * mid-way had already cost; a cancelled run, or a failing sink, throws.
 */
export function executorNode(deps: AgentDeps) {
  return async (task: ExecutorTask, config: LangGraphRunnableConfig): Promise<ExecutorUpdate> => {
    const { sink, signal } = scopeOf(config);
    const g = `g${task.generation}`;
    const id = task.subtaskId;
    const messages = executorMessages(task);
    const decision = routeRole(deps, {
      role: "executor", domain: task.domain, prompt: promptText(messages),
      prefs: withCostCap(task.preferences, task.maxCostUsd), outputTokens: task.outputTokens,
    });
    const experts = fallbackExperts(deps, decision.ranked, task.expert);
    // This run of the attempt: a node re-run after a crash streams its answer again under a new run id (and a new
    // subtask.started), so its deltas are neither dropped as duplicates of the first run's nor spliced into them.
    const run = crypto.randomUUID().slice(0, 8);
    await sink.emit("subtask.started", { subtaskId: id, generation: task.generation, attempt: task.attempt, run, expert: task.expert },
      eventKey("subtask.started", g, id, `a${task.attempt}`, run));

    let buffer = "";
    let index = 0;
    let last = performance.now();
    const flush = async () => {
      if (!buffer) return;
      const text = buffer;
      buffer = "";
      last = performance.now();
      await sink.emit("subtask.delta", { subtaskId: id, attempt: task.attempt, run, index, text }, eventKey("subtask.delta", g, id, `a${task.attempt}`, run, index));
      index++;
    };
    const ledgerKey = eventKey("executor", g, id, `a${task.attempt}`);
    let attempt: AttemptRecord;
    try {
      const r = await streamModel(deps, experts, messages, { capUsd: callCap(task.preferences, task.maxCostUsd), signal }, async (text) => {
        buffer += text;
        if (buffer.length >= DELTA_MIN_CHARS || performance.now() - last >= DELTA_MAX_WAIT_MS) await flush();
      });
      await flush();
      attempt = { attempt: task.attempt, expert: r.expert.id, output: r.text, costUsd: r.costUsd };
      // What this answer's length teaches the next estimate for this domain (a truncated one would teach too little).
      if (!r.truncated) await sink.recordOutputTokens?.(task.domain, r.outputTokens, ledgerKey);
    } catch (err) {
      rethrowIfAborted(err, signal);
      if (!isUpstreamFailure(err)) throw err;
      await flush();
      attempt = { attempt: task.attempt, expert: null, output: null, costUsd: spentBy(err), error: (err as Error)?.message ?? String(err) };
    }
    const costUsd = task.previousCostUsd + attempt.costUsd;
    await sink.emit("subtask.completed", {
      subtaskId: id, generation: task.generation, attempt: task.attempt, expert: attempt.expert, output: attempt.output,
      costUsd: attempt.costUsd, ...(attempt.error ? { error: attempt.error } : {}),
    }, eventKey("subtask.completed", g, id, `a${task.attempt}`));
    return {
      subtasks: {
        [id]: {
          status: attempt.error ? "failed" : "completed", review: "pending", expert: attempt.expert, output: attempt.output,
          costUsd, lastAttempt: attempt,
        },
      },
      ledger: { [ledgerKey]: attempt.costUsd },
    };
  };
}
