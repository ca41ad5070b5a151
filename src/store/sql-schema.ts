// The SQLite-dialect schema (better-sqlite3 and D1): one statement per entry, each idempotent.
import { PREDICTOR_CHUNKS_TABLE } from "./predictor-records.js";

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
  // The estimator's token history reads successful chat answers by domain. The domain lives only in the body
  // (the table predates this use), so the index is on the expression; the query repeats it verbatim.
  `CREATE INDEX IF NOT EXISTS decisions_domain_ok ON decisions (json_extract(body, '$.domain'), created_at DESC)
    WHERE kind = 'chat' AND outcome = 'ok'`,

  // Patchable fields are columns of their own, so concurrent patches of different fields never overwrite
  // each other (a whole-row JSON body would be read-modify-write). JSON columns hold text.
  `CREATE TABLE IF NOT EXISTS tasks (
    id TEXT PRIMARY KEY,
    status TEXT NOT NULL,
    input TEXT NOT NULL,
    budget_usd REAL NOT NULL,
    require_approval INTEGER NOT NULL,
    preferences TEXT,
    plan TEXT,
    estimate TEXT,
    subtasks TEXT NOT NULL DEFAULT '[]',
    result TEXT,
    cost_usd REAL NOT NULL DEFAULT 0,
    error TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  )`,
  `CREATE INDEX IF NOT EXISTS tasks_created ON tasks (created_at DESC, id DESC)`,
  `CREATE INDEX IF NOT EXISTS tasks_status ON tasks (status, created_at)`,

  // The primary key makes seq unique per task (and is the index of every read); UNIQUE(task_id, key) is the
  // backstop of idempotent appends (NULL keys are distinct, so unkeyed events are never deduplicated).
  `CREATE TABLE IF NOT EXISTS task_events (
    task_id TEXT NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    type TEXT NOT NULL,
    data TEXT NOT NULL,
    key TEXT,
    created_at TEXT NOT NULL,
    PRIMARY KEY (task_id, seq),
    UNIQUE (task_id, key)
  ) WITHOUT ROWID`,

  // Output tokens of completed subtasks (chat answers are read from decisions); `key` makes a re-run idempotent.
  `CREATE TABLE IF NOT EXISTS token_history (
    id INTEGER PRIMARY KEY,
    key TEXT UNIQUE,
    domain TEXT NOT NULL,
    output_tokens INTEGER NOT NULL,
    created_at TEXT NOT NULL
  )`,
  `CREATE INDEX IF NOT EXISTS token_history_domain ON token_history (domain, created_at DESC)`,

  // Judged evidence behind the capability profiles, in recording order (AUTOINCREMENT: a seq is never reused,
  // so a reader that has applied everything up to seq N can ask for what came after).
  `CREATE TABLE IF NOT EXISTS evidence (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    key TEXT UNIQUE,
    expert TEXT NOT NULL,
    domain TEXT NOT NULL,
    dimension TEXT NOT NULL,
    score REAL NOT NULL,
    weight REAL NOT NULL,
    source TEXT NOT NULL,
    judge TEXT NOT NULL,
    ref TEXT,
    at TEXT NOT NULL
  )`,
  `CREATE TABLE IF NOT EXISTS exclusions (
    expert TEXT NOT NULL,
    domain TEXT NOT NULL,
    reason TEXT NOT NULL,
    at TEXT NOT NULL,
    PRIMARY KEY (expert, domain)
  )`,
  `CREATE TABLE IF NOT EXISTS registered_experts (
    id TEXT PRIMARY KEY,
    config TEXT NOT NULL,
    status TEXT NOT NULL,
    calibration_id TEXT,
    calibrated_at TEXT,
    error TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  )`,

  // Published router artifacts (PUT /v1/router/predictor): a version's description, and its text in pieces under D1's
  // row limit, tied by uid so that both are written in one batch; the one in use is the newest not withdrawn.
  `CREATE TABLE IF NOT EXISTS predictors (
    version INTEGER PRIMARY KEY AUTOINCREMENT,
    uid TEXT NOT NULL UNIQUE,
    sha256 TEXT NOT NULL,
    bytes INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    records INTEGER NOT NULL,
    experts TEXT NOT NULL,
    note TEXT,
    published_at TEXT NOT NULL,
    withdrawn_at TEXT
  )`,
  `${PREDICTOR_CHUNKS_TABLE} WITHOUT ROWID`,
];
