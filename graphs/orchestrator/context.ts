// What the orchestrator's nodes are given: the service's parts (at build time) and the running task's sink (per run).
import type { EvidenceSink } from "../../agents/runtime.js";
import type { Defaults } from "../../src/config.js";
import type { Catalog } from "../../src/experts/catalog.js";
import type { SecretEnv } from "../../src/experts/providers/provider.js";
import type { ProfileBook } from "../../src/routing/profiles.js";
import type { Router } from "../../src/routing/router.js";
import type { Store } from "../../src/store/store.js";
import type { EventType, TaskPatch } from "../../src/store/tasks.js";

/** The service's parts the graph is built from; fixed for the life of the process. */
export interface OrchestratorDeps {
  catalog: Catalog;
  router: Router;
  profiles: ProfileBook;
  env: SecretEnv;
  defaults: Defaults;
  /** Read-only use by nodes: the estimator's output-token history. Task writes go through TaskContext. */
  store: Store;
  /** Bounds of the supervisor loop and the planner's repair loop. */
  limits?: Partial<OrchestratorLimits>;
  /** Records the supervisor's verdicts as profile evidence for the experts that produced the attempts. */
  evidence?: EvidenceSink;
}

export interface OrchestratorLimits {
  /** Subtasks a plan may have. */
  maxSubtasks: number;
  /** Times an invalid plan goes back to the planner with its error. */
  maxPlanRepairs: number;
  /** Executions of one subtask (first try + retries + escalations). */
  maxAttemptsPerSubtask: number;
  /** Times the supervisor may send the whole task back to the planner. */
  maxReplans: number;
}

export const DEFAULT_LIMITS: OrchestratorLimits = { maxSubtasks: 12, maxPlanRepairs: 2, maxAttemptsPerSubtask: 3, maxReplans: 1 };

/**
 * The running task's sink, passed per run as `config.configurable.ctx` (never checkpointed). Every write a
 * node makes goes through it. Nodes may be re-executed after a crash, so:
 * - `emit` is idempotent by `key` (a stable name of what happened, e.g. `subtask.completed:s2:attempt1`);
 * - `patch` writes absolute values (the subtask list, the cost so far), never increments.
 */
export interface TaskContext {
  taskId: string;
  emit(type: EventType, data: unknown, key: string): Promise<void>;
  patch(p: TaskPatch): Promise<void>;
  /** Records an answer's output tokens for the estimator's per-domain history; idempotent by key. */
  recordOutputTokens?(domain: string, outputTokens: number, key: string): Promise<void>;
}

/** The graph's input when a task starts. */
export interface OrchestratorInput {
  taskId: string;
  input: string;
  budgetUsd: number;
  requireApproval: boolean;
  preferences: import("../../src/config.js").Preferences | null;
}

/** Why a task ended without a result (the final state's `error`): see agents/task.ts. */
export type { TaskFailure } from "../../agents/task.js";
/** What the budget gate's interrupt carries, and what the runner resumes it with. */
export type { ApprovalAnswer, ApprovalRequest } from "./steps/budget-gate.js";
