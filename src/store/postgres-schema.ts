// The Postgres schema of the store: the SQLite tables in Postgres types (JSONB, TIMESTAMPTZ), each statement idempotent.
import { PREDICTOR_CHUNKS_TABLE } from "./predictor-records.js";

export const PG_SCHEMA = [
  // Unlike SQLite's (which predates the token history), domain and output tokens are columns here.
  `CREATE TABLE IF NOT EXISTS decisions (
    request_id TEXT PRIMARY KEY,
    created_at TIMESTAMPTZ NOT NULL,
    kind TEXT NOT NULL,
    requested_model TEXT NOT NULL,
    chosen TEXT,
    answered_by TEXT,
    outcome TEXT NOT NULL,
    cost_usd DOUBLE PRECISION NOT NULL,
    latency_ms DOUBLE PRECISION NOT NULL,
    domain TEXT,
    output_tokens INTEGER NOT NULL DEFAULT 0,
    body JSONB NOT NULL
  )`,
  `CREATE INDEX IF NOT EXISTS decisions_created ON decisions (created_at DESC)`,
  `CREATE INDEX IF NOT EXISTS decisions_domain_ok ON decisions (domain, created_at DESC) WHERE kind = 'chat' AND outcome = 'ok'`,

  // Patchable fields are columns of their own, so concurrent patches of different fields never overwrite each other.
  `CREATE TABLE IF NOT EXISTS tasks (
    id TEXT PRIMARY KEY,
    status TEXT NOT NULL,
    input TEXT NOT NULL,
    budget_usd DOUBLE PRECISION NOT NULL,
    require_approval BOOLEAN NOT NULL,
    preferences JSONB,
    plan JSONB,
    estimate JSONB,
    subtasks JSONB NOT NULL DEFAULT '[]',
    result TEXT,
    cost_usd DOUBLE PRECISION NOT NULL DEFAULT 0,
    error JSONB,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
  )`,
  `CREATE INDEX IF NOT EXISTS tasks_created ON tasks (created_at DESC, id DESC)`,
  `CREATE INDEX IF NOT EXISTS tasks_status ON tasks (status, created_at)`,

  // PRIMARY KEY (task_id, seq) and UNIQUE (task_id, key) back the append protocol (NULL keys are distinct).
  `CREATE TABLE IF NOT EXISTS task_events (
    task_id TEXT NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    type TEXT NOT NULL,
    data JSONB NOT NULL,
    key TEXT,
    created_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (task_id, seq),
    UNIQUE (task_id, key)
  )`,

  `CREATE TABLE IF NOT EXISTS token_history (
    id BIGSERIAL PRIMARY KEY,
    key TEXT UNIQUE,
    domain TEXT NOT NULL,
    output_tokens INTEGER NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
  )`,
  `CREATE INDEX IF NOT EXISTS token_history_domain ON token_history (domain, created_at DESC)`,

  // BIGSERIAL seqs are handed out at insert time; inserts take an advisory lock (see postgres-profiles.ts) so
  // that seqs also commit in order and a reader reading "after seq N" never skips a late commit.
  `CREATE TABLE IF NOT EXISTS evidence (
    seq BIGSERIAL PRIMARY KEY,
    key TEXT UNIQUE,
    expert TEXT NOT NULL,
    domain TEXT NOT NULL,
    dimension TEXT NOT NULL,
    score DOUBLE PRECISION NOT NULL,
    weight DOUBLE PRECISION NOT NULL,
    source TEXT NOT NULL,
    judge TEXT NOT NULL,
    ref TEXT,
    at TIMESTAMPTZ NOT NULL
  )`,
  `CREATE TABLE IF NOT EXISTS exclusions (
    expert TEXT NOT NULL,
    domain TEXT NOT NULL,
    reason TEXT NOT NULL,
    at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (expert, domain)
  )`,
  `CREATE TABLE IF NOT EXISTS registered_experts (
    id TEXT PRIMARY KEY,
    config JSONB NOT NULL,
    status TEXT NOT NULL,
    calibration_id TEXT,
    calibrated_at TIMESTAMPTZ,
    error TEXT,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
  )`,

  // Published router artifacts: see sql-schema.ts.
  `CREATE TABLE IF NOT EXISTS predictors (
    version BIGSERIAL PRIMARY KEY,
    uid TEXT NOT NULL UNIQUE,
    sha256 TEXT NOT NULL,
    bytes INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    records INTEGER NOT NULL,
    experts JSONB NOT NULL,
    note TEXT,
    published_at TIMESTAMPTZ NOT NULL,
    withdrawn_at TIMESTAMPTZ
  )`,
  PREDICTOR_CHUNKS_TABLE,
];
