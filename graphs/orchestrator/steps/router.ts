// The router step: the planner's expert before planning, then each subtask's executor (and judge ranking) once planned.
import { Overwrite, type LangGraphRunnableConfig } from "@langchain/langgraph";
import { executorMessages, promptText } from "../../../agents/executor/prompt.js";
import { rankedOf, routeEvent, routeRole, routeWithinBudget } from "../../../agents/model-call.js";
import { scopeOf } from "../../../agents/runtime.js";
import { JUDGE_OUTPUT_TOKENS } from "../../../agents/supervisor-judge/schema.js";
import { eventKey, newSubtask, spentOf, subtaskRecords, type SubtaskMap } from "../../../agents/task.js";
import type { OrchestratorDeps } from "../context.js";
import type { OrchestratorStateType, OrchestratorUpdate } from "../state.js";

/** Planning is reasoning: the router picks the planner as it would a reasoning query. */
const PLANNER_DOMAIN = "reasoning";
/** Executors ranked deep enough for downgrades and escalations to find cheaper or stronger experts. */
const EXECUTOR_RANKED = 50;
const JUDGE_RANKED = 10;

/**
 * Runs twice per plan generation. Without a plan: status `planning`, and the planner's route. With a fresh
 * plan: every subtask's executor is routed in its domain (a `route` event each) and its judges are ranked for
 * pricing (judges are routed for real, excluding the producer, when they judge). Nothing is eligible → the
 * task fails `no_eligible_expert` with the router's explanation. The planner is routed within what the budget
 * leaves (all of it before the first plan: nothing is spent before planning), and that is also its call's hard
 * cap (agents/planner); no planner fits → `budget_exceeded`. What planning spends is counted in the estimate
 * (its overhead) before anything else runs.
 */
export function routerStep(deps: OrchestratorDeps) {
  return async (state: OrchestratorStateType, config: LangGraphRunnableConfig): Promise<OrchestratorUpdate> => {
    const { sink } = scopeOf(config);
    const g = `g${state.generation}`;
    const prefs = state.preferences ?? {};
    const capUsd = state.capUsd || state.budgetUsd;

    if (!state.plan) {
      await sink.patch({ status: "planning" });
      await sink.emit("status", { status: "planning", generation: state.generation }, eventKey("status", "planning", g));
      const spent = spentOf(state.ledger);
      const { decision: d, failure } = routeWithinBudget(deps, { role: "planner", domain: PLANNER_DOMAIN, prompt: state.input }, state.preferences, {
        remainingUsd: capUsd - spent, capUsd, what: "planning",
      });
      await sink.emit("route", routeEvent("planner", d), eventKey("route", "planner", g));
      if (failure) return { capUsd, costUsd: spent, error: failure };
      return { capUsd, plannerRanked: rankedOf(d), planTries: 0 };
    }

    const subtasks: SubtaskMap = {};
    for (const p of state.plan) {
      const prompt = promptText(executorMessages({ instruction: p.instruction, expectedOutput: p.expectedOutput, dependencies: [] }));
      const d = routeRole(deps, { role: "executor", domain: p.domain, prompt, prefs, ranked: EXECUTOR_RANKED });
      await sink.emit("route", routeEvent("executor", d, { subtaskId: p.id }), eventKey("route", "executor", g, p.id));
      if (!d.expert) {
        const message = `no expert can do subtask ${p.id} (${p.domain}): ${d.explanation}`;
        return { costUsd: spentOf(state.ledger), error: { code: "no_eligible_expert", message } };
      }
      const judges = routeRole(deps, { role: "judge", domain: p.domain, prompt: p.instruction, prefs, outputTokens: JUDGE_OUTPUT_TOKENS, ranked: JUDGE_RANKED });
      subtasks[p.id] = { ...newSubtask(p), assigned: d.expert, assignedReason: d.explanation, ranked: rankedOf(d), judgeRanked: rankedOf(judges) };
    }
    await sink.patch({ subtasks: subtaskRecords(state.plan, subtasks) });
    return { subtasks: new Overwrite(subtasks) as unknown as OrchestratorUpdate["subtasks"] };
  };
}
