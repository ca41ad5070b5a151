// What every SQL engine shares about task rows: the column of each field, row decoding, the store's clock.
import type { EventType, TaskEvent, TaskPatch, TaskRecord, TaskStatus } from "./tasks.js";
import { FINAL_STATUSES, TASK_STATUSES } from "./tasks.js";

/** Statuses `unfinishedTasks` returns: listed (not negated) so the query can use the status index. */
export const UNFINISHED_STATUSES: readonly TaskStatus[] = TASK_STATUSES.filter((s) => !FINAL_STATUSES.includes(s));

/** Default and maximum page sizes of the list calls. */
export const pageSize = (limit: number | undefined, dflt = 50, max = 500): number => Math.min(Math.max(Math.trunc(limit ?? dflt), 1), max);

let last = 0;
/**
 * Now as ISO text, strictly increasing within this process: two tasks created in the same millisecond still
 * get distinct `createdAt`, so a `before` cursor never skips one, and an update always moves `updatedAt`.
 * (A burst of more than one write per millisecond runs the clock ahead by at most that many milliseconds.)
 */
export function storeNow(): string {
  last = Math.max(Date.now(), last + 1);
  return new Date(last).toISOString();
}

/** How each patchable field is stored: its column, and whether it is JSON (objects) or a plain value. */
export const PATCH_COLUMNS: { [K in keyof Required<TaskPatch>]: { column: string; json: boolean } } = {
  status: { column: "status", json: false },
  plan: { column: "plan", json: true },
  estimate: { column: "estimate", json: true },
  subtasks: { column: "subtasks", json: true },
  result: { column: "result", json: false },
  costUsd: { column: "cost_usd", json: false },
  error: { column: "error", json: true },
};

/** The patch's present fields, in a fixed order (so each shape of patch prepares one statement). */
export function patchEntries(patch: TaskPatch): { column: string; json: boolean; value: unknown }[] {
  const out: { column: string; json: boolean; value: unknown }[] = [];
  for (const k of Object.keys(PATCH_COLUMNS) as (keyof TaskPatch)[]) {
    if (patch[k] !== undefined) out.push({ ...PATCH_COLUMNS[k], value: patch[k] });
  }
  return out;
}

/** A task as its row holds it; JSON columns are text (SQLite) or already parsed (Postgres JSONB). */
export interface TaskRow {
  id: string;
  status: string;
  input: string;
  budget_usd: number;
  require_approval: number | boolean;
  preferences: unknown;
  plan: unknown;
  estimate: unknown;
  subtasks: unknown;
  result: string | null;
  cost_usd: number;
  error: unknown;
  created_at: string | Date;
  updated_at: string | Date;
}

/** The column list of TaskRow, for SELECT and RETURNING. */
export const TASK_COLUMNS =
  "id, status, input, budget_usd, require_approval, preferences, plan, estimate, subtasks, result, cost_usd, error, created_at, updated_at";

/** Reads a JSON column: SQLite hands back its text, Postgres its already-parsed JSONB. */
export type JsonDecode = (v: unknown) => unknown;
export const fromJsonText: JsonDecode = (v) => (v == null ? null : JSON.parse(v as string));
export const fromJsonb: JsonDecode = (v) => v ?? null;

/** A JSON column's parameter: text on every engine (pg would turn a JS array into a Postgres array); null stays SQL NULL. */
export const toJson = (v: unknown): string | null => (v == null ? null : JSON.stringify(v));

const iso = (v: string | Date): string => (v instanceof Date ? v.toISOString() : v);

export function taskFromRow(r: TaskRow, json: JsonDecode): TaskRecord {
  return {
    id: r.id,
    status: r.status as TaskStatus,
    input: r.input,
    budgetUsd: Number(r.budget_usd),
    requireApproval: Boolean(r.require_approval),
    preferences: json(r.preferences) as TaskRecord["preferences"],
    plan: json(r.plan) as TaskRecord["plan"],
    estimate: json(r.estimate) as TaskRecord["estimate"],
    subtasks: (json(r.subtasks) ?? []) as TaskRecord["subtasks"],
    result: r.result,
    costUsd: Number(r.cost_usd),
    error: json(r.error) as TaskRecord["error"],
    createdAt: iso(r.created_at),
    updatedAt: iso(r.updated_at),
  };
}

/** An event as its row holds it. */
export interface EventRow {
  task_id: string;
  seq: number;
  type: string;
  data: unknown;
  created_at: string | Date;
}

export function eventFromRow(r: EventRow, json: JsonDecode): TaskEvent {
  return { taskId: r.task_id, seq: Number(r.seq), type: r.type as EventType, data: json(r.data), createdAt: iso(r.created_at) };
}
