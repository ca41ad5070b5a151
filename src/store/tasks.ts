// The records of a long-running task as the store keeps them: the task row and its append-only event log.
import type { Preferences } from "../config.js";

export const TASK_STATUSES = ["queued", "planning", "awaiting_approval", "running", "completed", "failed", "cancelled"] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];
/** Statuses a task never leaves. */
export const FINAL_STATUSES: readonly TaskStatus[] = ["completed", "failed", "cancelled"];

export const SUBTASK_STATUSES = ["pending", "running", "completed", "failed", "skipped"] as const;
export type SubtaskStatus = (typeof SUBTASK_STATUSES)[number];

/** One judge's verdict on one subtask output (data, never an exception). */
export interface VerdictRecord {
  judge: string;
  /** Overall score in [0, 1]; per-dimension scores when the judge gives them. */
  score: number;
  scores?: Record<string, number>;
  pass: boolean;
  reasons: string[];
  /** What the supervisor did with it. */
  action: "accept" | "retry" | "escalate" | "replan" | "give_up";
  attempt: number;
}

export interface SubtaskRecord {
  id: string;
  instruction: string;
  domain: string;
  dependsOn: string[];
  expectedOutput?: string;
  /** The expert that produced (or is producing) the current output. */
  expert: string | null;
  status: SubtaskStatus;
  output: string | null;
  verdicts: VerdictRecord[];
  costUsd: number;
  attempts: number;
}

/** The cost estimator's forecast, before any executor runs. */
export interface EstimateRecord {
  perSubtask: { id: string; expert: string; inputTokens: number; outputTokens: { p50: number; p90: number }; costUsd: { p50: number; p90: number } }[];
  /** Planner, judges and synthesizer, priced the same way. */
  overheadUsd: { p50: number; p90: number };
  total: { p50: number; p90: number };
  budgetUsd: number;
  decision: "run" | "downgrade" | "await_approval" | "over_budget";
  /** When downgraded: which subtask moved from which expert to which. */
  downgrades?: { id: string; from: string; to: string }[];
}

export interface TaskRecord {
  id: string;
  status: TaskStatus;
  input: string;
  budgetUsd: number;
  requireApproval: boolean;
  preferences: Preferences | null;
  plan: { subtasks: Omit<SubtaskRecord, "expert" | "status" | "output" | "verdicts" | "costUsd" | "attempts">[] } | null;
  estimate: EstimateRecord | null;
  subtasks: SubtaskRecord[];
  result: string | null;
  costUsd: number;
  error: { code: string; message: string } | null;
  createdAt: string;
  updatedAt: string;
}

/** What POST /v1/tasks creates. */
export type NewTask = Pick<TaskRecord, "id" | "input" | "budgetUsd" | "requireApproval" | "preferences">;

/** Fields a running task changes; `updatedAt` is set by the store. */
export type TaskPatch = Partial<Pick<TaskRecord, "status" | "plan" | "estimate" | "subtasks" | "result" | "costUsd" | "error">>;

export const EVENT_TYPES = [
  "status",
  "plan",
  "estimate",
  "route",
  "subtask.started",
  "subtask.delta",
  "subtask.completed",
  "verdict",
  "task.completed",
  "task.failed",
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** One event of a task's log. `seq` is the SSE `id:`: 1, 2, 3, … per task, with no gaps. */
export interface TaskEvent {
  taskId: string;
  seq: number;
  type: EventType;
  data: unknown;
  createdAt: string;
}
