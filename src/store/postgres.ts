// The store on PostgreSQL (selected by EO_DATABASE_URL): the SQL store's semantics over a pg Pool, safe across processes.
import pg from "pg";
import { EoError } from "../errors.js";
import { PG_SCHEMA } from "./postgres-schema.js";
import { PostgresPredictorTables } from "./postgres-predictors.js";
import { PostgresProfileTables } from "./postgres-profiles.js";
import { predictorMethods, type PredictorStore } from "./predictor-records.js";
import { profileMethods, type DecisionRecord, type ListOptions, type ProfileStore, type Store } from "./store.js";
import {
  eventFromRow,
  fromJsonb,
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

export interface PostgresStoreOptions {
  /** The schema holding the store's tables, created if needed (default `eo`). */
  schema?: string;
  /** Connections in the pool (default 10). */
  max?: number;
}

const UNIQUE_VIOLATION = "23505";
const isUniqueViolation = (e: unknown) => typeof e === "object" && e !== null && (e as { code?: unknown }).code === UNIQUE_VIOLATION;

// The profile and predictor tables' methods are mixed in (see the constructor): declared here so the class has their types.
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface PostgresStore extends ProfileStore, PredictorStore {}

export class PostgresStore implements Store {
  constructor(
    private readonly pool: pg.Pool,
    private readonly schema: string,
  ) {
    const tx = <T>(fn: (c: pg.PoolClient) => Promise<T>) => this.tx(fn);
    Object.assign(this, profileMethods(new PostgresProfileTables(pool, tx, schema)), predictorMethods(new PostgresPredictorTables(pool, tx)));
  }

  async init(): Promise<void> {
    await this.tx(async (c) => {
      // Two processes starting at once would race on CREATE … IF NOT EXISTS (a unique violation in the catalog).
      await c.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`eo-store-schema:${this.schema}`]);
      await c.query(`CREATE SCHEMA IF NOT EXISTS ${this.schema}`);
      for (const s of PG_SCHEMA) await c.query(s);
    });
  }

  async recordDecision(d: DecisionRecord): Promise<void> {
    await this.pool.query(
      `INSERT INTO decisions (request_id, created_at, kind, requested_model, chosen, answered_by, outcome, cost_usd, latency_ms, domain, output_tokens, body)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
       ON CONFLICT (request_id) DO UPDATE SET created_at = EXCLUDED.created_at, kind = EXCLUDED.kind, requested_model = EXCLUDED.requested_model,
         chosen = EXCLUDED.chosen, answered_by = EXCLUDED.answered_by, outcome = EXCLUDED.outcome, cost_usd = EXCLUDED.cost_usd,
         latency_ms = EXCLUDED.latency_ms, domain = EXCLUDED.domain, output_tokens = EXCLUDED.output_tokens, body = EXCLUDED.body`,
      [d.requestId, d.createdAt, d.kind, d.requestedModel, d.chosen, d.answeredBy, d.outcome, d.costUsd, d.latencyMs, d.domain, Math.round(d.outputTokens), JSON.stringify(d)],
    );
  }

  async getDecision(requestId: string): Promise<DecisionRecord | null> {
    const r = await this.pool.query<{ body: DecisionRecord }>(`SELECT body FROM decisions WHERE request_id = $1`, [requestId]);
    return r.rows[0]?.body ?? null;
  }

  async listDecisions(opts: ListOptions = {}): Promise<DecisionRecord[]> {
    const limit = pageSize(opts.limit);
    const r = await this.pool.query<{ body: DecisionRecord }>(
      `SELECT body FROM decisions WHERE ($1::timestamptz IS NULL OR created_at < $1) ORDER BY created_at DESC, request_id DESC LIMIT $2`,
      [opts.before ?? null, limit],
    );
    return r.rows.map((x) => x.body);
  }

  async createTask(t: NewTask): Promise<TaskRecord> {
    const now = storeNow();
    try {
      // One transaction: the task is never visible without its first event, and a duplicate id writes neither.
      await this.tx(async (c) => {
        await c.query(
          `INSERT INTO tasks (id, status, input, budget_usd, require_approval, preferences, subtasks, cost_usd, created_at, updated_at)
           VALUES ($1, 'queued', $2, $3, $4, $5, '[]', 0, $6, $6)`,
          [t.id, t.input, t.budgetUsd, t.requireApproval, toJson(t.preferences), now],
        );
        await c.query(`INSERT INTO task_events (task_id, seq, type, data, key, created_at) VALUES ($1, 1, 'status', $2, NULL, $3)`, [
          t.id, JSON.stringify({ status: "queued" }), now,
        ]);
      });
    } catch (e) {
      if (isUniqueViolation(e)) throw new EoError("conflict", `task ${t.id} already exists`, { cause: e });
      throw e;
    }
    return {
      id: t.id, status: "queued", input: t.input, budgetUsd: t.budgetUsd, requireApproval: t.requireApproval,
      preferences: t.preferences ?? null, plan: null, estimate: null, subtasks: [], result: null, costUsd: 0, error: null,
      createdAt: now, updatedAt: now,
    };
  }

  async getTask(id: string): Promise<TaskRecord | null> {
    const r = await this.pool.query<TaskRow>(`SELECT ${TASK_COLUMNS} FROM tasks WHERE id = $1`, [id]);
    return r.rows[0] ? taskFromRow(r.rows[0], fromJsonb) : null;
  }

  async listTasks(opts: ListOptions = {}): Promise<TaskRecord[]> {
    const r = await this.pool.query<TaskRow>(
      `SELECT ${TASK_COLUMNS} FROM tasks WHERE ($1::timestamptz IS NULL OR created_at < $1) ORDER BY created_at DESC, id DESC LIMIT $2`,
      [opts.before ?? null, pageSize(opts.limit)],
    );
    return r.rows.map((x) => taskFromRow(x, fromJsonb));
  }

  async updateTask(id: string, patch: TaskPatch): Promise<TaskRecord | null> {
    // Only the patched columns are written, in one statement: concurrent patches of other fields survive.
    const entries = patchEntries(patch);
    const sets = [...entries.map((e, i) => `${e.column} = $${i + 1}`), `updated_at = $${entries.length + 1}`].join(", ");
    const values = entries.map((e) => (e.json ? toJson(e.value) : e.value));
    const r = await this.pool.query<TaskRow>(`UPDATE tasks SET ${sets} WHERE id = $${entries.length + 2} RETURNING ${TASK_COLUMNS}`, [
      ...values, storeNow(), id,
    ]);
    return r.rows[0] ? taskFromRow(r.rows[0], fromJsonb) : null;
  }

  /**
   * Appenders of one task take turns on its row lock (FOR NO KEY UPDATE: it does not block the foreign-key
   * checks of other tables). Under READ COMMITTED each later statement sees every append committed before the
   * lock was granted, so MAX(seq)+1 and the key check are exact; the insert commits before the lock is let go.
   */
  async appendEvent(taskId: string, type: EventType, data: unknown, key?: string): Promise<TaskEvent | null> {
    return this.tx(async (c) => {
      const task = await c.query(`SELECT 1 FROM tasks WHERE id = $1 FOR NO KEY UPDATE`, [taskId]);
      if (task.rowCount === 0) throw new EoError("not_found", `task ${taskId} does not exist`);
      if (key !== undefined && key !== null) {
        const seen = await c.query(`SELECT 1 FROM task_events WHERE task_id = $1 AND key = $2`, [taskId, key]);
        if (seen.rowCount) return null;
      }
      const r = await c.query<EventRow>(
        `INSERT INTO task_events (task_id, seq, type, data, key, created_at)
         VALUES ($1, (SELECT COALESCE(MAX(seq), 0) + 1 FROM task_events WHERE task_id = $1), $2, $3, $4, $5)
         RETURNING task_id, seq, type, data, created_at`,
        [taskId, type, JSON.stringify(data ?? null), key ?? null, storeNow()],
      );
      return eventFromRow(r.rows[0]!, fromJsonb);
    });
  }

  async listEvents(taskId: string, afterSeq = 0, limit?: number): Promise<TaskEvent[]> {
    // LIMIT NULL is Postgres's "no limit".
    const r = await this.pool.query<EventRow>(
      `SELECT task_id, seq, type, data, created_at FROM task_events WHERE task_id = $1 AND seq > $2 ORDER BY seq LIMIT $3`,
      [taskId, afterSeq, limit === undefined ? null : Math.max(0, Math.trunc(limit))],
    );
    return r.rows.map((x) => eventFromRow(x, fromJsonb));
  }

  async unfinishedTasks(): Promise<TaskRecord[]> {
    const r = await this.pool.query<TaskRow>(`SELECT ${TASK_COLUMNS} FROM tasks WHERE status = ANY($1::text[]) ORDER BY created_at, id`, [UNFINISHED_STATUSES]);
    return r.rows.map((x) => taskFromRow(x, fromJsonb));
  }

  async outputTokenHistory(domain: string, limit?: number): Promise<number[]> {
    // Each branch reads at most `limit` rows through its own index before the two are merged.
    const r = await this.pool.query<{ n: number }>(
      `(SELECT output_tokens AS n, created_at FROM decisions WHERE domain = $1 AND kind = 'chat' AND outcome = 'ok' ORDER BY created_at DESC LIMIT $2)
       UNION ALL
       (SELECT output_tokens AS n, created_at FROM token_history WHERE domain = $1 ORDER BY created_at DESC LIMIT $2)
       ORDER BY created_at DESC LIMIT $2`,
      [domain, pageSize(limit)],
    );
    return r.rows.map((x) => Number(x.n));
  }

  async recordOutputTokens(domain: string, outputTokens: number, key?: string): Promise<void> {
    if (!Number.isFinite(outputTokens) || outputTokens < 0) throw new EoError("bad_request", `output tokens must be a count, got ${outputTokens}`);
    await this.pool.query(`INSERT INTO token_history (key, domain, output_tokens, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT (key) DO NOTHING`, [
      key ?? null, domain, Math.round(outputTokens), storeNow(),
    ]);
  }

  close(): Promise<void> {
    return this.pool.end();
  }

  /** Runs `fn` in a transaction on one connection: committed if it returns, rolled back if it throws. */
  private async tx<T>(fn: (c: pg.PoolClient) => Promise<T>): Promise<T> {
    const c = await this.pool.connect();
    try {
      await c.query("BEGIN");
      const out = await fn(c);
      await c.query("COMMIT");
      c.release();
      return out;
    } catch (e) {
      // A connection whose ROLLBACK fails is broken: release(err) discards it instead of returning it to the pool.
      await c.query("ROLLBACK").then(() => c.release(), (err: Error) => c.release(err));
      throw e;
    }
  }
}

/** A ready Postgres store at `url`; its tables live in `opts.schema` (default `eo`), created if needed. */
export async function openPostgresStore(url: string, opts: PostgresStoreOptions = {}): Promise<PostgresStore> {
  const schema = opts.schema ?? "eo";
  // The name goes into SQL and the connection's search_path unquoted: accept plain identifiers only.
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) throw new EoError("config_invalid", `invalid Postgres schema name: ${schema}`);
  const pool = new pg.Pool({ connectionString: url, max: opts.max ?? 10, options: `-c search_path=${schema}` });
  // An idle connection dropped by the server would otherwise be an unhandled 'error' event (a crash); the
  // next query on a fresh connection reports any lasting failure.
  pool.on("error", () => {});
  const store = new PostgresStore(pool, schema);
  try {
    await store.init();
  } catch (e) {
    await pool.end();
    throw e;
  }
  return store;
}
