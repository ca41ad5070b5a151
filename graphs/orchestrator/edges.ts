// The orchestrator's conditional edges: where each step leads, read from the state (pure).
import { END, Send } from "@langchain/langgraph";
import type { OrchestratorStateType } from "./state.js";

/** Node names (a node may not share a name with a state key). */
export const NODE = {
  router: "router",
  planner: "planner",
  estimator: "cost_estimator",
  gate: "budget_gate",
  dispatch: "dispatch",
  executor: "executor",
  supervisor: "supervisor_judge",
  synthesizer: "synthesizer",
} as const;

type S = OrchestratorStateType;

/** Without a plan the router has just picked the planner; with one, it has routed the subtasks: price them. */
export const afterRouter = (s: S) => (s.error ? END : s.plan ? NODE.estimator : NODE.planner);

/** A valid plan goes back to the router for its subtasks; an invalid one goes back to the planner with its error. */
export const afterPlanner = (s: S) => (s.error ? END : s.plan ? NODE.router : NODE.planner);

export const afterGate = (s: S) => (s.error ? END : NODE.dispatch);

/** One executor per dispatched attempt, all in the same superstep (they run in parallel). */
export const fanOut = (s: S) => {
  if (s.error) return END;
  if (s.batch.length === 0) return NODE.synthesizer;
  return s.batch.map((t) => new Send(NODE.executor, t));
};

/** A re-plan cleared the plan; every subtask accepted → synthesize; otherwise the next level or the retries. */
export const afterSupervisor = (s: S) => {
  if (s.error) return END;
  if (!s.plan) return NODE.router;
  return s.plan.every((p) => s.subtasks[p.id]?.review === "accepted") ? NODE.synthesizer : NODE.dispatch;
};
