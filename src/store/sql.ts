// The Store over any SQLite dialect engine (better-sqlite3 on Node, D1 on Workers) through a tiny driver.
import type { DecisionRecord, ListOptions, Store } from "./store.js";

/** The few calls the SQL store needs; each engine adapts its own API to these. */
export interface SqlDriver {
  exec(sql: string): Promise<void>;
  run(sql: string, params: unknown[]): Promise<void>;
  all<R = Record<string, unknown>>(sql: string, params: unknown[]): Promise<R[]>;
  close(): Promise<void>;
}

export const SCHEMA = [
  `CREATE TABLE IF NOT EXISTS decisions (
    request_id TEXT PRIMARY KEY,
    created_at TEXT NOT NULL,
    kind TEXT NOT NULL,
    requested_model TEXT NOT NULL,
    chosen TEXT,
    answered_by TEXT,
    outcome TEXT NOT NULL,
    cost_usd REAL NOT NULL,
    latency_ms REAL NOT NULL,
    body TEXT NOT NULL
  )`,
  `CREATE INDEX IF NOT EXISTS decisions_created ON decisions (created_at DESC)`,
];

type Row = { body: string };

export class SqlStore implements Store {
  constructor(private readonly db: SqlDriver) {}

  async init(): Promise<void> {
    for (const s of SCHEMA) await this.db.exec(s);
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
    const limit = Math.min(Math.max(opts.limit ?? 50, 1), 500);
    const rows = opts.before
      ? await this.db.all<Row>(`SELECT body FROM decisions WHERE created_at < ? ORDER BY created_at DESC, request_id DESC LIMIT ?`, [opts.before, limit])
      : await this.db.all<Row>(`SELECT body FROM decisions ORDER BY created_at DESC, request_id DESC LIMIT ?`, [limit]);
    return rows.map((r) => JSON.parse(r.body) as DecisionRecord);
  }

  close(): Promise<void> {
    return this.db.close();
  }
}
