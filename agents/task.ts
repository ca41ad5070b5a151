// The task as the agents see it: planned subtasks, their progress through attempts and verdicts, and the cost ledger.
import type { SubtaskRecord, SubtaskStatus, VerdictRecord } from "../src/store/tasks.js";
import type { Domain } from "../src/vocabulary.js";

/** The roles that call models; each asks the router for its expert. */
export type Role = "planner" | "executor" | "judge" | "synthesizer";

/** One routed candidate, kept so that retries, escalations and downgrades choose without routing again. */
export interface RankedExpert {
  expert: string;
  quality: number;
  costUsd: number;
}

/** A subtask as the planner wrote it (validated). */
export interface PlannedSubtask {
  id: string;
  instruction: string;
  domain: Domain;
  dependsOn: string[];
  expectedOutput: string;
}

/** What one execution of a subtask produced (an error instead of an output when every candidate failed). */
export interface AttemptRecord {
  attempt: number;
  expert: string | null;
  output: string | null;
  costUsd: number;
  error?: string;
  /** The supervisor's score, once judged. */
  score?: number;
  /** Whether the output could stand as the subtask's answer (non-empty, no refusal), once judged. */
  usable?: boolean;
}

/** Token forecast of one subtask's executor call, independent of the expert (the estimator's). */
export interface TokenForecast {
  /** The prompt without its dependencies' outputs. */
  baseInputTokens: number;
  outputTokens: { p50: number; p90: number };
}

/** A subtask's full state in the graph. `SubtaskRecord` (what the store shows) is derived from it. */
export interface SubtaskState extends PlannedSubtask {
  status: SubtaskStatus;
  /** "pending": executed, awaiting the supervisor; "accepted": its output is final. */
  review: "none" | "pending" | "accepted";
  /** The expert the next (or running) attempt is to use, and why it was chosen. */
  assigned: string | null;
  assignedReason: string;
  /** The router's ranking of executors for this subtask, best first. */
  ranked: RankedExpert[];
  /** The router's ranking of judges for this subtask's domain, best first (for pricing; the producer is skipped). */
  judgeRanked: RankedExpert[];
  forecast: TokenForecast | null;
  attempts: number;
  /** The expert that produced `output`. */
  expert: string | null;
  output: string | null;
  /** Spent on this subtask's executions, all attempts. */
  costUsd: number;
  verdicts: VerdictRecord[];
  history: AttemptRecord[];
  /** Set by the executor, folded into `history` by the supervisor. */
  lastAttempt: AttemptRecord | null;
}

/** A fresh subtask from the plan. */
export function newSubtask(p: PlannedSubtask): SubtaskState {
  return {
    ...p, status: "pending", review: "none", assigned: null, assignedReason: "", ranked: [], judgeRanked: [], forecast: null,
    attempts: 0, expert: null, output: null, costUsd: 0, verdicts: [], history: [], lastAttempt: null,
  };
}

/** Subtasks by id: parallel branches each write their own id, merged field by field. */
export type SubtaskMap = Record<string, SubtaskState>;
export type SubtaskMapUpdate = Record<string, Partial<SubtaskState>>;

export function mergeSubtasks(left: SubtaskMap, right: SubtaskMapUpdate): SubtaskMap {
  const out: SubtaskMap = { ...left };
  for (const [id, patch] of Object.entries(right)) out[id] = { ...(left[id] as SubtaskState), ...patch };
  return out;
}

/**
 * Money spent, one entry per model call under a stable key (`executor:g0:s1:a1`): absolute values merged by
 * key, so a call replayed after a crash overwrites its own entry instead of counting twice.
 */
export type Ledger = Record<string, number>;

export const mergeLedger = (left: Ledger, right: Ledger): Ledger => ({ ...left, ...right });

export function spentOf(ledger: Ledger): number {
  let sum = 0;
  for (const v of Object.values(ledger)) sum += v;
  return sum;
}

/** The store's view of the subtasks, in plan order. */
export function subtaskRecords(order: readonly { id: string }[], subtasks: SubtaskMap): SubtaskRecord[] {
  return order.flatMap(({ id }) => {
    const s = subtasks[id];
    if (!s) return [];
    return [{
      id: s.id, instruction: s.instruction, domain: s.domain, dependsOn: s.dependsOn, expectedOutput: s.expectedOutput,
      expert: s.expert ?? s.assigned, status: s.status, output: s.output, verdicts: s.verdicts, costUsd: s.costUsd, attempts: s.attempts,
    }];
  });
}

/** An event key: stable names joined by ":" (plan generation first, so a re-plan never collides with the plan before). */
export const eventKey = (...parts: (string | number)[]) => parts.join(":");

/**
 * Why a task ended without a result: a code of the shared set (src/errors.ts), or "cancelled" when the user
 * declined an over-budget estimate. A failure is data in the graph's state, never an exception.
 */
export interface TaskFailure {
  code: import("../src/errors.js").ErrorCode | "cancelled";
  message: string;
  details?: unknown;
}
