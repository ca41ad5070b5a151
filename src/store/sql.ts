// The Store over any SQLite dialect engine (better-sqlite3 on Node, D1 on Workers) through a tiny driver.
import { EoError } from "../errors.js";
import { SCHEMA } from "./sql-schema.js";
import { predictorMethods, type PredictorStore } from "./predictor-records.js";
import { SqlPredictorTables } from "./sql-predictors.js";
import { SqlProfileTables } from "./sql-profiles.js";
import { profileMethods, type DecisionRecord, type ListOptions, type ProfileStore, type Store } from "./store.js";
import {
  eventFromRow,
  fromJsonText,
  pageSize,
  patchEntries,
  storeNow,
  TASK_COLUMNS,
  taskFromRow,
  toJson,
  UNFINISHED_STATUSES,
  type EventRow,
  type TaskRow,
} from "./task-rows.js";
import type { EventType, NewTask, TaskEvent, TaskPatch, TaskRecord } from "./tasks.js";

export interface SqlStatement {
  sql: string;
  params: unknown[];
}

/** The few calls the SQL store needs; each engine adapts its own API to these. */
export interface SqlDriver {
  exec(sql: string): Promise<void>;
  run(sql: string, params: unknown[]): Promise<void>;
  all<R = Record<string, unknown>>(sql: string, params: unknown[]): Promise<R[]>;
  /**
   * Runs the statements as one transaction, all or nothing, and returns each statement's rows (RETURNING).
   * It holds the write lock from its first read (SQLite: BEGIN IMMEDIATE; D1: batches run serially), so
   * what a statement reads cannot change before it writes.
   */
  batch<R = Record<string, unknown>>(statements: SqlStatement[]): Promise<R[][]>;
  close(): Promise<void>;
}

type Row = { body: string };

/**
 * The next event of a task, in ONE statement: seq is MAX(seq)+1 read under the same write lock that inserts
 * it (so concurrent appends cannot take the same seq, and a failed insert leaves no gap), and nothing is
 * inserted when the task is unknown or the key was already used. PRIMARY KEY (task_id, seq) and
 * UNIQUE (task_id, key) would reject a duplicate anyway. Both lookups use the primary key / unique index.
 */
const APPEND_EVENT = `INSERT INTO task_events (task_id, seq, type, data, key, created_at)
  SELECT t.id, COALESCE((SELECT MAX(e.seq) FROM task_events e WHERE e.task_id = t.id), 0) + 1, ?, ?, ?, ?
  FROM tasks t
  WHERE t.id = ? AND NOT EXISTS (SELECT 1 FROM task_events k WHERE k.task_id = t.id AND k.key = ?)
  RETURNING task_id, seq, type, data, created_at`;

/** Each branch reads at most `limit` rows through its own index before the two are merged. */
const TOKEN_HISTORY = `SELECT n FROM (
    SELECT * FROM (SELECT json_extract(body, '$.outputTokens') AS n, created_at FROM decisions
      WHERE json_extract(body, '$.domain') = ? AND kind = 'chat' AND outcome = 'ok' ORDER BY created_at DESC LIMIT ?)
    UNION ALL
    SELECT * FROM (SELECT output_tokens AS n, created_at FROM token_history WHERE domain = ? ORDER BY created_at DESC LIMIT ?)
  ) ORDER BY created_at DESC LIMIT ?`;

const UNFINISHED_IN = UNFINISHED_STATUSES.map((s) => `'${s}'`).join(", ");

// The profile and predictor tables' methods are mixed in (see the constructor): declared here so the class has their types.
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface SqlStore extends ProfileStore, PredictorStore {}

export class SqlStore implements Store {
  constructor(private readonly db: SqlDriver) {
    Object.assign(this, profileMethods(new SqlProfileTables(db)), predictorMethods(new SqlPredictorTables(db)));
  }

  async init(): Promise<void> {
    // One batch: one round trip on D1, and a schema that is created whole or not at all.
    await this.db.batch(SCHEMA.map((sql) => ({ sql, params: [] })));
  }

  async recordDecision(d: DecisionRecord): Promise<void> {
    await this.db.run(
      `INSERT OR REPLACE INTO decisions (request_id, created_at, kind, requested_model, chosen, answered_by, outcome, cost_usd, latency_ms, body)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [d.requestId, d.createdAt, d.kind, d.requestedModel, d.chosen, d.answeredBy, d.outcome, d.costUsd, d.latencyMs, JSON.stringify(d)],
    );
  }

  async getDecision(requestId: string): Promise<DecisionRecord | null> {
    const rows = await this.db.all<Row>(`SELECT body FROM decisions WHERE request_id = ?`, [requestId]);
    return rows[0] ? (JSON.parse(rows[0].body) as DecisionRecord) : null;
  }

  async listDecisions(opts: ListOptions = {}): Promise<DecisionRecord[]> {
    const limit = pageSize(opts.limit);
    const rows = opts.before
      ? await this.db.all<Row>(`SELECT body FROM decisions WHERE created_at < ? ORDER BY created_at DESC, request_id DESC LIMIT ?`, [opts.before, limit])
      : await this.db.all<Row>(`SELECT body FROM decisions ORDER BY created_at DESC, request_id DESC LIMIT ?`, [limit]);
    return rows.map((r) => JSON.parse(r.body) as DecisionRecord);
  }

  async createTask(t: NewTask): Promise<TaskRecord> {
    const now = storeNow();
    try {
      // One transaction: the task is never visible without its first event, and a duplicate id writes neither.
      await this.db.batch([
        {
          sql: `INSERT INTO tasks (id, status, input, budget_usd, require_approval, preferences, subtasks, cost_usd, created_at, updated_at)
                VALUES (?, 'queued', ?, ?, ?, ?, '[]', 0, ?, ?)`,
          params: [t.id, t.input, t.budgetUsd, t.requireApproval ? 1 : 0, toJson(t.preferences), now, now],
        },
        {
          sql: `INSERT INTO task_events (task_id, seq, type, data, key, created_at) VALUES (?, 1, 'status', ?, NULL, ?)`,
          params: [t.id, JSON.stringify({ status: "queued" }), now],
        },
      ]);
    } catch (e) {
      // Engines word constraint errors differently; whether the id is taken is the question that matters.
      if (await this.getTask(t.id)) throw new EoError("conflict", `task ${t.id} already exists`, { cause: e });
      throw e;
    }
    return {
      id: t.id, status: "queued", input: t.input, budgetUsd: t.budgetUsd, requireApproval: t.requireApproval,
      preferences: t.preferences ?? null, plan: null, estimate: null, subtasks: [], result: null, costUsd: 0, error: null,
      createdAt: now, updatedAt: now,
    };
  }

  async getTask(id: string): Promise<TaskRecord | null> {
    const rows = await this.db.all<TaskRow>(`SELECT ${TASK_COLUMNS} FROM tasks WHERE id = ?`, [id]);
    return rows[0] ? taskFromRow(rows[0], fromJsonText) : null;
  }

  async listTasks(opts: ListOptions = {}): Promise<TaskRecord[]> {
    const limit = pageSize(opts.limit);
    const rows = opts.before
      ? await this.db.all<TaskRow>(`SELECT ${TASK_COLUMNS} FROM tasks WHERE created_at < ? ORDER BY created_at DESC, id DESC LIMIT ?`, [opts.before, limit])
      : await this.db.all<TaskRow>(`SELECT ${TASK_COLUMNS} FROM tasks ORDER BY created_at DESC, id DESC LIMIT ?`, [limit]);
    return rows.map((r) => taskFromRow(r, fromJsonText));
  }

  async updateTask(id: string, patch: TaskPatch): Promise<TaskRecord | null> {
    // Only the patched columns are written, in one statement: concurrent patches of other fields survive.
    const entries = patchEntries(patch);
    const sets = [...entries.map((e) => `${e.column} = ?`), "updated_at = ?"].join(", ");
    const values = entries.map((e) => (e.json ? toJson(e.value) : e.value));
    const rows = await this.db.all<TaskRow>(`UPDATE tasks SET ${sets} WHERE id = ? RETURNING ${TASK_COLUMNS}`, [...values, storeNow(), id]);
    return rows[0] ? taskFromRow(rows[0], fromJsonText) : null;
  }

  async appendEvent(taskId: string, type: EventType, data: unknown, key?: string): Promise<TaskEvent | null> {
    const k = key ?? null;
    const [rows] = await this.db.batch<EventRow>([{ sql: APPEND_EVENT, params: [type, JSON.stringify(data ?? null), k, storeNow(), taskId, k] }]);
    if (rows?.[0]) return eventFromRow(rows[0], fromJsonText);
    if (!(await this.taskExists(taskId))) throw new EoError("not_found", `task ${taskId} does not exist`);
    return null;
  }

  async listEvents(taskId: string, afterSeq = 0, limit?: number): Promise<TaskEvent[]> {
    // LIMIT -1 is SQLite's "no limit".
    const rows = await this.db.all<EventRow>(
      `SELECT task_id, seq, type, data, created_at FROM task_events WHERE task_id = ? AND seq > ? ORDER BY seq LIMIT ?`,
      [taskId, afterSeq, limit === undefined ? -1 : Math.max(0, Math.trunc(limit))],
    );
    return rows.map((r) => eventFromRow(r, fromJsonText));
  }

  async unfinishedTasks(): Promise<TaskRecord[]> {
    const rows = await this.db.all<TaskRow>(`SELECT ${TASK_COLUMNS} FROM tasks WHERE status IN (${UNFINISHED_IN}) ORDER BY created_at, id`, []);
    return rows.map((r) => taskFromRow(r, fromJsonText));
  }

  async outputTokenHistory(domain: string, limit?: number): Promise<number[]> {
    const n = pageSize(limit);
    const rows = await this.db.all<{ n: number }>(TOKEN_HISTORY, [domain, n, domain, n, n]);
    return rows.map((r) => Number(r.n));
  }

  async recordOutputTokens(domain: string, outputTokens: number, key?: string): Promise<void> {
    if (!Number.isFinite(outputTokens) || outputTokens < 0) throw new EoError("bad_request", `output tokens must be a count, got ${outputTokens}`);
    await this.db.run(`INSERT INTO token_history (key, domain, output_tokens, created_at) VALUES (?, ?, ?, ?) ON CONFLICT (key) DO NOTHING`, [
      key ?? null, domain, Math.round(outputTokens), storeNow(),
    ]);
  }

  close(): Promise<void> {
    return this.db.close();
  }

  private async taskExists(id: string): Promise<boolean> {
    return (await this.db.all(`SELECT 1 FROM tasks WHERE id = ?`, [id])).length > 0;
  }
}
