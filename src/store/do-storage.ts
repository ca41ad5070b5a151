// The slice of a SQLite-backed Durable Object's storage the LangGraph checkpointer uses, its tables, and its value spill.
/**
 * Structural on purpose: `ctx.storage` of a Durable Object declared in a `new_sqlite_classes` migration
 * satisfies it, and nothing under src/ depends on @cloudflare/workers-types at runtime.
 */
export interface DoSqlStorage {
  /** Runs one statement (or several, without bindings); throws on SQLite errors. BLOBs come back as ArrayBuffer. */
  exec(query: string, ...bindings: unknown[]): { toArray(): Record<string, unknown>[] };
}

export interface DoStorage {
  sql: DoSqlStorage;
  /** Runs `fn` as one SQLite transaction: rolled back if it throws. `fn` must not await. */
  transactionSync<T>(fn: () => T): T;
}

/**
 * The tables of @langchain/langgraph-checkpoint-sqlite's SqliteSaver, prefixed so they cannot collide with
 * the host object's own tables, plus:
 * - `lg_writes.task_path`, so pending writes come back in `writesSortKey` order (the saver contract);
 * - `lg_chunks`, where a value too large for one row is spilled (see {@link INLINE_MAX_BYTES}).
 */
export const DO_CHECKPOINT_SCHEMA = `
CREATE TABLE IF NOT EXISTS lg_checkpoints (
  thread_id TEXT NOT NULL,
  checkpoint_ns TEXT NOT NULL DEFAULT '',
  checkpoint_id TEXT NOT NULL,
  parent_checkpoint_id TEXT,
  type TEXT,
  checkpoint BLOB,
  metadata BLOB,
  PRIMARY KEY (thread_id, checkpoint_ns, checkpoint_id)
);
CREATE TABLE IF NOT EXISTS lg_writes (
  thread_id TEXT NOT NULL,
  checkpoint_ns TEXT NOT NULL DEFAULT '',
  checkpoint_id TEXT NOT NULL,
  task_id TEXT NOT NULL,
  idx INTEGER NOT NULL,
  channel TEXT NOT NULL,
  type TEXT,
  value BLOB,
  task_path TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (thread_id, checkpoint_ns, checkpoint_id, task_id, idx)
);
CREATE TABLE IF NOT EXISTS lg_chunks (
  thread_id TEXT NOT NULL,
  checkpoint_ns TEXT NOT NULL,
  checkpoint_id TEXT NOT NULL,
  owner TEXT NOT NULL,
  seq INTEGER NOT NULL,
  data BLOB NOT NULL,
  PRIMARY KEY (thread_id, checkpoint_ns, checkpoint_id, owner, seq)
);`;

/**
 * Durable Object SQLite refuses a string, BLOB or row over 2 MB. A serialized value up to this size is stored
 * in its own row (checkpoint and metadata together stay under the limit); a larger one is stored as NULL
 * there and split into {@link CHUNK_BYTES} pieces in `lg_chunks`. Metadata is never spilled: `list` filters
 * on it in SQL.
 */
export const INLINE_MAX_BYTES = 512 * 1024;
export const CHUNK_BYTES = 1024 * 1024;

/** Where a value lives: its checkpoint's key and its owner within it (`cp` for the checkpoint, `w:<task>:<idx>` for a write). */
export interface ChunkKey {
  threadId: string;
  ns: string;
  checkpointId: string;
  owner: string;
}

export const writeOwner = (taskId: string, idx: number) => `w:${taskId}:${idx}`;
export const CHECKPOINT_OWNER = "cp";

/** The value to put in the row's BLOB column: the bytes themselves, or null once they are spilled to chunks. Synchronous. */
export function storeValue(sql: DoSqlStorage, key: ChunkKey, bytes: Uint8Array): Uint8Array | null {
  dropChunks(sql, key);
  if (bytes.byteLength <= INLINE_MAX_BYTES) return bytes;
  for (let seq = 0, at = 0; at < bytes.byteLength; seq++, at += CHUNK_BYTES) {
    sql.exec(
      "INSERT INTO lg_chunks (thread_id, checkpoint_ns, checkpoint_id, owner, seq, data) VALUES (?, ?, ?, ?, ?, ?)",
      key.threadId, key.ns, key.checkpointId, key.owner, seq, bytes.subarray(at, at + CHUNK_BYTES),
    );
  }
  return null;
}

/** The bytes of a value read back from its row: the column itself, or its chunks when the column is NULL. */
export function loadValue(sql: DoSqlStorage, key: ChunkKey, column: unknown): Uint8Array {
  if (column !== null && column !== undefined) return asBytes(column);
  const parts = sql
    .exec(
      "SELECT data FROM lg_chunks WHERE thread_id = ? AND checkpoint_ns = ? AND checkpoint_id = ? AND owner = ? ORDER BY seq",
      key.threadId, key.ns, key.checkpointId, key.owner,
    )
    .toArray()
    .map((r) => asBytes(r.data));
  if (parts.length === 0) throw new Error(`checkpoint value ${key.owner} of ${key.threadId}/${key.checkpointId} is missing`);
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
}

export function dropChunks(sql: DoSqlStorage, key: ChunkKey): void {
  sql.exec(
    "DELETE FROM lg_chunks WHERE thread_id = ? AND checkpoint_ns = ? AND checkpoint_id = ? AND owner = ?",
    key.threadId, key.ns, key.checkpointId, key.owner,
  );
}

/** SQL storage hands BLOBs back as ArrayBuffer (and TEXT as string, for a row written by hand). */
export function asBytes(v: unknown): Uint8Array {
  if (v instanceof Uint8Array) return v;
  if (v instanceof ArrayBuffer) return new Uint8Array(v);
  if (typeof v === "string") return new TextEncoder().encode(v);
  throw new Error(`expected a BLOB, got ${v === null ? "null" : typeof v}`);
}
