// Dispatch: starts every subtask whose dependencies are accepted, one DAG level per superstep, within the budget.
import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import { countTokens } from "gpt-tokenizer";
import { executorMessages, promptText } from "../../../agents/executor/prompt.js";
import type { ExecutorTask } from "../../../agents/executor/schema.js";
import { scopeOf } from "../../../agents/runtime.js";
import { eventKey, mergeSubtasks, spentOf, subtaskRecords, type SubtaskMapUpdate, type SubtaskState } from "../../../agents/task.js";
import { costOf } from "../../../src/experts/expert.js";
import { expectedOutputTokens } from "../../../src/routing/priors.js";
import type { OrchestratorDeps } from "../context.js";
import type { OrchestratorStateType, OrchestratorUpdate } from "../state.js";

/** Float noise must not fail a task whose prediction lands exactly on its budget. */
const EPSILON_USD = 1e-12;
const usd = (x: number) => `$${x.toFixed(6)}`;

/**
 * The running task's guard, in two parts. Before the batch starts, what is spent plus the p50 of every call in it
 * must stay within the cap, else the task fails `budget_exceeded` before any call is made. Then each attempt gets
 * its share of what is left as `maxCostUsd`, the hard cap of its call (agents/model-call.ts `CallLimits`: the
 * expert's output is token-capped to it and the stream is stopped at it) and the limit its fallbacks are routed
 * within. The shares split the remaining budget in proportion to the attempts' p50 predictions (equally when all
 * are free), so they add up to no more than what is left however the parallel calls turn out, and each share is
 * at least its attempt's p50. Marks the batch `running` (one absolute patch of the subtask list) and the task
 * `running`.
 */
export function dispatchStep(deps: OrchestratorDeps) {
  return async (state: OrchestratorStateType, config: LangGraphRunnableConfig): Promise<OrchestratorUpdate> => {
    const { sink } = scopeOf(config);
    const plan = state.plan ?? [];
    const subs = state.subtasks;
    const ready = plan
      .map((p) => subs[p.id])
      .filter((s): s is SubtaskState => s?.status === "pending" && s.dependsOn.every((d) => subs[d]?.review === "accepted"));

    const spent = spentOf(state.ledger);
    const priced = ready.map((s) => {
      const dependencies = s.dependsOn.map((d) => ({ id: d, instruction: subs[d]!.instruction, output: subs[d]!.output ?? "" }));
      const inputTokens = countTokens(promptText(executorMessages({ instruction: s.instruction, expectedOutput: s.expectedOutput, dependencies })));
      const outputTokens = s.forecast?.outputTokens.p50 ?? expectedOutputTokens(s.domain, inputTokens);
      const expert = deps.catalog.get(s.assigned ?? "");
      return { s, dependencies, outputTokens, p50: expert ? costOf(expert, inputTokens, outputTokens) : 0 };
    });
    let reserved = 0;
    for (const x of priced) {
      if (spent + reserved + x.p50 > state.capUsd + EPSILON_USD) {
        const message =
          `spent ${usd(spent)} so far${reserved > 0 ? ` and ${usd(reserved)} reserved for calls starting now` : ""}; ` +
          `subtask ${x.s.id} on ${x.s.assigned} is predicted at ${usd(x.p50)} (p50), which would pass the budget ${usd(state.capUsd)}`;
        return { costUsd: spent, error: { code: "budget_exceeded", message } };
      }
      reserved += x.p50;
    }

    const remaining = Math.max(0, state.capUsd - spent);
    const shareOf = (p50: number) => (reserved > 0 ? remaining * (p50 / reserved) : remaining / priced.length);
    const batch: ExecutorTask[] = priced.map((x) => ({
      generation: state.generation, subtaskId: x.s.id, attempt: x.s.attempts + 1,
      instruction: x.s.instruction, expectedOutput: x.s.expectedOutput, domain: x.s.domain, dependencies: x.dependencies,
      expert: x.s.assigned ?? "", maxCostUsd: shareOf(x.p50), outputTokens: x.outputTokens,
      preferences: state.preferences, previousCostUsd: x.s.costUsd,
    }));
    const updates: SubtaskMapUpdate = Object.fromEntries(batch.map((t) => [t.subtaskId, { status: "running" as const, attempts: t.attempt, expert: t.expert }]));
    await sink.patch({ status: "running", subtasks: subtaskRecords(plan, mergeSubtasks(subs, updates)), costUsd: spent });
    await sink.emit("status", { status: "running", generation: state.generation }, eventKey("status", "running", `g${state.generation}`));
    return { batch, subtasks: updates, costUsd: spent };
  };
}
