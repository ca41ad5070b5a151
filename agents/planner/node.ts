// The planner agent: asks its routed expert for a plan, validates it, and either keeps it or records why not.
import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import type { Preferences } from "../../src/config.js";
import { budgetFailureOf, callModel, fallbackExperts, jsonSchemaParams, parseJsonAnswer } from "../model-call.js";
import { callCap, scopeOf, type AgentDeps } from "../runtime.js";
import { eventKey, spentOf, type Ledger, type PlannedSubtask, type RankedExpert, type TaskFailure } from "../task.js";
import { plannerMessages } from "./prompt.js";
import { PlanSchema } from "./schema.js";
import { validatePlan } from "./validate.js";

/** What the planner reads from the graph's state. */
export interface PlannerView {
  input: string;
  generation: number;
  /** The router step's ranking for the planner role. */
  plannerRanked: RankedExpert[];
  planTries: number;
  planError: string | null;
  planReply: string | null;
  replanFeedback: string | null;
  preferences: Preferences | null;
  ledger: Ledger;
  /** The spending cap (the budget; the router step sets it before planning). */
  capUsd: number;
}

export interface PlannerUpdate {
  /** Spent so far, this try included. */
  costUsd: number;
  plan?: PlannedSubtask[];
  planTries: number;
  planError: string | null;
  planReply: string | null;
  ledger: Ledger;
  error?: TaskFailure;
}

export interface PlannerLimits {
  maxSubtasks: number;
  maxPlanRepairs: number;
}

/**
 * One planning try. A valid plan is emitted (`plan`) and patched; an invalid one is kept with its error for the
 * next try, which sees it in its prompt; after `maxPlanRepairs` repairs the task fails (`upstream_failed`: the
 * experts could not produce a usable plan). A call no expert answered throws, as any upstream failure does.
 * Each try may spend what the budget has left (the whole budget for the first: nothing is spent before it); when
 * no candidate can write a plan within that, the task fails `budget_exceeded` without calling one.
 */
export function plannerNode(deps: AgentDeps, limits: PlannerLimits) {
  return async (state: PlannerView, config: LangGraphRunnableConfig): Promise<PlannerUpdate> => {
    const { sink, signal } = scopeOf(config);
    const tries = state.planTries + 1;
    const messages = plannerMessages({
      input: state.input,
      maxSubtasks: limits.maxSubtasks,
      rejected: state.planError ? { error: state.planError, reply: state.planReply ?? "" } : null,
      feedback: state.replanFeedback,
    });
    const spent = spentOf(state.ledger);
    let call;
    try {
      const capUsd = callCap(state.preferences, state.capUsd - spent);
      call = await callModel(deps, fallbackExperts(deps, state.plannerRanked), messages, jsonSchemaParams("plan", PlanSchema), { capUsd, signal });
    } catch (err) {
      const overBudget = budgetFailureOf(err);
      if (overBudget) return { planTries: tries, planError: state.planError, planReply: state.planReply, ledger: {}, costUsd: spent, error: overBudget };
      throw err;
    }
    const ledger = { [eventKey("planner", `g${state.generation}`, `t${tries}`)]: call.costUsd };
    const costUsd = spentOf({ ...state.ledger, ...ledger });

    const parsed = parseJsonAnswer(call.text, PlanSchema);
    const checked = parsed.ok ? validatePlan(parsed.value.subtasks, limits.maxSubtasks) : parsed;
    if (!checked.ok) {
      const base = { planTries: tries, planError: checked.error, planReply: call.text, ledger, costUsd };
      if (tries <= limits.maxPlanRepairs) return base;
      return { ...base, error: { code: "upstream_failed", message: `the planner gave no valid plan in ${tries} tries; last error: ${checked.error}` } };
    }
    const subtasks = checked.subtasks;
    await sink.emit("plan", { generation: state.generation, expert: call.expert.id, tries, subtasks }, eventKey("plan", `g${state.generation}`));
    await sink.patch({ plan: { subtasks } });
    return { plan: subtasks, planTries: tries, planError: null, planReply: null, ledger, costUsd };
  };
}
