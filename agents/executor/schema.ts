// What one executor run is given (the payload of its `Send`): one attempt at one subtask, with what it depends on.
import type { Preferences } from "../../src/config.js";
import type { Domain } from "../../src/vocabulary.js";

/** A dependency's accepted output, as the dependent subtask's prompt shows it. */
export interface DependencyOutput {
  id: string;
  instruction: string;
  output: string;
}

/**
 * One attempt at one subtask. Self-contained and plain JSON: a `Send` payload is checkpointed, and a node
 * reached by `Send` sees only this, not the graph's state.
 */
export interface ExecutorTask {
  generation: number;
  subtaskId: string;
  attempt: number;
  instruction: string;
  expectedOutput: string;
  domain: Domain;
  dependencies: DependencyOutput[];
  /** The expert chosen for this attempt (router, downgrade or supervisor), tried first; the budget check priced it. */
  expert: string;
  /** What this attempt may spend (its share of the task's remaining budget): its call's hard cap, and the cap its fallbacks are routed within. */
  maxCostUsd: number;
  /** The estimator's p50 output tokens, so the router prices fallbacks as the budget check did. */
  outputTokens: number;
  preferences: Preferences | null;
  /** Spent on this subtask by earlier attempts (the subtask's cost is absolute, all attempts). */
  previousCostUsd: number;
}

/** Streamed text is coalesced into `subtask.delta` events of at least this many characters… */
export const DELTA_MIN_CHARS = 64;
/** …or whatever arrived within this long, so that a slow stream still shows progress. */
export const DELTA_MAX_WAIT_MS = 100;
