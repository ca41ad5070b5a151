// The orchestrator's state: the task, its plan and subtasks, the pricing, the ledger and the outcome, with reducers.
import { Annotation } from "@langchain/langgraph";
import type { ExecutorTask } from "../../agents/executor/schema.js";
import {
  mergeLedger, mergeSubtasks,
  type Ledger, type PlannedSubtask, type RankedExpert, type SubtaskMap, type SubtaskMapUpdate, type TaskFailure,
} from "../../agents/task.js";
import type { Preferences } from "../../src/config.js";
import type { EstimateRecord } from "../../src/store/tasks.js";
import type { SynthesisForecast } from "./steps/pricing.js";

/** A field written by one node at a time: the last write wins, and it starts at `initial`. */
const value = <T>(initial: () => T) => Annotation<T>({ reducer: (_old, next) => next, default: initial });

/**
 * Only `subtasks` and `ledger` are written by parallel executors: both merge by key (subtask id, call key), so
 * branches never overwrite each other. A re-plan replaces `subtasks` whole with LangGraph's `Overwrite`.
 */
export const OrchestratorState = Annotation.Root({
  // The task, as OrchestratorInput gives it.
  taskId: value<string>(() => ""),
  input: value<string>(() => ""),
  budgetUsd: value<number>(() => 0),
  requireApproval: value<boolean>(() => false),
  preferences: value<Preferences | null>(() => null),

  // Planning: the generation counts re-plans; tries, error and reply drive the repair loop.
  generation: value<number>(() => 0),
  replans: value<number>(() => 0),
  plannerRanked: value<RankedExpert[]>(() => []),
  planTries: value<number>(() => 0),
  planError: value<string | null>(() => null),
  planReply: value<string | null>(() => null),
  replanFeedback: value<string | null>(() => null),
  plan: value<PlannedSubtask[] | null>(() => null),

  // Pricing: the estimate, the synthesis forecast, and the spending cap (the budget, or what the user approved).
  estimate: value<EstimateRecord | null>(() => null),
  synthesis: value<SynthesisForecast | null>(() => null),
  capUsd: value<number>(() => 0),

  // Execution.
  subtasks: Annotation<SubtaskMap, SubtaskMapUpdate>({ reducer: mergeSubtasks, default: () => ({}) }),
  /** The attempts the last dispatch started (the executors' `Send` payloads). */
  batch: value<ExecutorTask[]>(() => []),
  ledger: Annotation<Ledger>({ reducer: mergeLedger, default: () => ({}) }),

  // Outcome: what the runner reads when the run ends.
  result: value<string | null>(() => null),
  costUsd: value<number>(() => 0),
  error: value<TaskFailure | null>(() => null),
});

export type OrchestratorStateType = typeof OrchestratorState.State;
export type OrchestratorUpdate = typeof OrchestratorState.Update;
