// LangGraph's checkpointer over a Durable Object's SQLite storage: what lets a task's graph resume in workerd after eviction.
import type { RunnableConfig } from "@langchain/core/runnables";
import {
  BaseCheckpointSaver,
  TASKS,
  WRITES_IDX_MAP,
  compareWritesSortKeys,
  copyCheckpoint,
  getCheckpointId,
  maxChannelVersion,
  writesSortKey,
  type ChannelVersions,
  type Checkpoint,
  type CheckpointListOptions,
  type CheckpointMetadata,
  type CheckpointPendingWrite,
  type CheckpointTuple,
  type PendingWrite,
  type SerializerProtocol,
} from "@langchain/langgraph-checkpoint";
import {
  CHECKPOINT_OWNER, DO_CHECKPOINT_SCHEMA, INLINE_MAX_BYTES, asBytes, loadValue, storeValue, writeOwner,
  type DoSqlStorage, type DoStorage,
} from "./do-storage.js";

export type { DoSqlStorage, DoStorage } from "./do-storage.js";

type Row = Record<string, unknown>;

const CHECKPOINT_COLUMNS = "thread_id, checkpoint_ns, checkpoint_id, parent_checkpoint_id, type, checkpoint, metadata";

/**
 * A `BaseCheckpointSaver` over `ctx.storage` of a SQLite-backed Durable Object (`new_sqlite_classes`):
 * SqliteSaver's tables and logic (@langchain/langgraph-checkpoint-sqlite, which needs better-sqlite3 and so
 * cannot run in workerd), with the writes' task path kept and values over the row limit spilled to chunks.
 *
 * Every method serializes first (the serde is async) and then touches storage in one synchronous
 * `transactionSync`, so a checkpoint or a batch of writes is stored whole or not at all, even if the object
 * is reset right after. Tables are created on first use.
 */
export class DurableObjectCheckpointer extends BaseCheckpointSaver {
  private readonly sql: DoSqlStorage;
  private isSetup = false;

  constructor(
    private readonly storage: DoStorage,
    serde?: SerializerProtocol,
  ) {
    super(serde);
    this.sql = storage.sql;
  }

  /** Creates the tables if needed. Idempotent; every method calls it, so calling it is optional. */
  setup(): void {
    if (this.isSetup) return;
    this.sql.exec(DO_CHECKPOINT_SCHEMA);
    this.isSetup = true;
  }

  async getTuple(config: RunnableConfig): Promise<CheckpointTuple | undefined> {
    this.setup();
    const threadId = config.configurable?.thread_id as string | undefined;
    const ns = (config.configurable?.checkpoint_ns as string | undefined) ?? "";
    const checkpointId = getCheckpointId(config);
    if (threadId === undefined || threadId === null) return undefined;
    const [row] = checkpointId
      ? this.sql.exec(`SELECT ${CHECKPOINT_COLUMNS} FROM lg_checkpoints WHERE thread_id = ? AND checkpoint_ns = ? AND checkpoint_id = ?`, threadId, ns, checkpointId).toArray()
      : this.sql.exec(`SELECT ${CHECKPOINT_COLUMNS} FROM lg_checkpoints WHERE thread_id = ? AND checkpoint_ns = ? ORDER BY checkpoint_id DESC LIMIT 1`, threadId, ns).toArray();
    return row === undefined ? undefined : this.toTuple(row);
  }

  /**
   * Newest first. `thread_id` and `checkpoint_ns` narrow when given (absent: every thread, every namespace);
   * `before` keeps checkpoints older than its id; `filter` matches top-level metadata keys by JSON equality.
   */
  async *list(config: RunnableConfig, options?: CheckpointListOptions): AsyncGenerator<CheckpointTuple> {
    this.setup();
    const { limit, before, filter } = options ?? {};
    const where: string[] = [];
    const args: unknown[] = [];
    const narrow = (clause: string, value: unknown) => {
      if (value === undefined || value === null) return;
      where.push(clause);
      args.push(value);
    };
    narrow("thread_id = ?", config.configurable?.thread_id);
    narrow("checkpoint_ns = ?", config.configurable?.checkpoint_ns);
    narrow("checkpoint_id = ?", config.configurable?.checkpoint_id || undefined);
    narrow("checkpoint_id < ?", before?.configurable?.checkpoint_id);
    for (const [key, value] of Object.entries(filter ?? {})) {
      if (value === undefined) continue;
      if (key.includes('"')) throw new Error(`metadata filter key ${JSON.stringify(key)} cannot contain a double quote`);
      // Metadata is stored as the serde's JSON bytes; `->` yields the key's value as minified JSON text.
      where.push("(CAST(metadata AS TEXT) -> ?) = ?");
      args.push(`$."${key}"`, JSON.stringify(value));
    }
    let query = `SELECT ${CHECKPOINT_COLUMNS} FROM lg_checkpoints`;
    if (where.length > 0) query += ` WHERE ${where.join(" AND ")}`;
    query += " ORDER BY checkpoint_id DESC";
    if (limit !== undefined && limit !== null) query += ` LIMIT ${Math.max(0, Math.floor(Number(limit)))}`;
    for (const row of this.sql.exec(query, ...args).toArray()) yield await this.toTuple(row);
  }

  async put(config: RunnableConfig, checkpoint: Checkpoint, metadata: CheckpointMetadata, _newVersions: ChannelVersions): Promise<RunnableConfig> {
    this.setup();
    if (!config.configurable) throw new Error("Empty configuration supplied.");
    const threadId = config.configurable.thread_id as string | undefined;
    const ns = (config.configurable.checkpoint_ns as string | undefined) ?? "";
    const parentId = (config.configurable.checkpoint_id as string | undefined) ?? null;
    if (!threadId) throw new Error(`Missing "thread_id" field in passed "config.configurable".`);
    const [[type, body], [metaType, meta]] = await Promise.all([this.serde.dumpsTyped(copyCheckpoint(checkpoint)), this.serde.dumpsTyped(metadata)]);
    if (type !== metaType) throw new Error("Failed to serialize checkpoint and metadata to the same type.");
    if (meta.byteLength > INLINE_MAX_BYTES) throw new Error(`checkpoint metadata is ${meta.byteLength} bytes; at most ${INLINE_MAX_BYTES} are stored`);
    this.storage.transactionSync(() => {
      const stored = storeValue(this.sql, { threadId, ns, checkpointId: checkpoint.id, owner: CHECKPOINT_OWNER }, body);
      this.sql.exec(
        `INSERT OR REPLACE INTO lg_checkpoints (${CHECKPOINT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)`,
        threadId, ns, checkpoint.id, parentId, type, stored, meta,
      );
    });
    return { configurable: { thread_id: threadId, checkpoint_ns: ns, checkpoint_id: checkpoint.id } };
  }

  /**
   * Writes of one task against a checkpoint. As in SqliteSaver: a batch made only of special channels
   * (errors, interrupts, resumes: negative indices in `WRITES_IDX_MAP`) replaces what is stored under the
   * same keys; any other batch keeps the rows already there, so a retried task cannot duplicate its writes.
   */
  async putWrites(config: RunnableConfig, writes: PendingWrite[], taskId: string, taskPath?: string): Promise<void> {
    this.setup();
    if (!config.configurable) throw new Error("Empty configuration supplied.");
    const threadId = config.configurable.thread_id as string | undefined;
    const ns = (config.configurable.checkpoint_ns as string | undefined) ?? "";
    const checkpointId = config.configurable.checkpoint_id as string | undefined;
    if (!threadId) throw new Error("Missing thread_id field in config.configurable.");
    if (!checkpointId) throw new Error("Missing checkpoint_id field in config.configurable.");
    const replace = writes.every(([channel]) => channel in WRITES_IDX_MAP);
    const rows = await Promise.all(
      writes.map(async ([channel, value], i) => {
        const [type, bytes] = await this.serde.dumpsTyped(value);
        return { channel, type, bytes, idx: WRITES_IDX_MAP[channel] ?? i };
      }),
    );
    this.storage.transactionSync(() => {
      for (const { channel, type, bytes, idx } of rows) {
        if (!replace) {
          const exists = this.sql
            .exec("SELECT 1 AS hit FROM lg_writes WHERE thread_id = ? AND checkpoint_ns = ? AND checkpoint_id = ? AND task_id = ? AND idx = ?", threadId, ns, checkpointId, taskId, idx)
            .toArray();
          if (exists.length > 0) continue;
        }
        const stored = storeValue(this.sql, { threadId, ns, checkpointId, owner: writeOwner(taskId, idx) }, bytes);
        this.sql.exec(
          "INSERT OR REPLACE INTO lg_writes (thread_id, checkpoint_ns, checkpoint_id, task_id, idx, channel, type, value, task_path) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
          threadId, ns, checkpointId, taskId, idx, channel, type, stored, taskPath ?? "",
        );
      }
    });
  }

  async deleteThread(threadId: string): Promise<void> {
    this.setup();
    this.storage.transactionSync(() => {
      for (const table of ["lg_checkpoints", "lg_writes", "lg_chunks"]) this.sql.exec(`DELETE FROM ${table} WHERE thread_id = ?`, threadId);
    });
  }

  private async toTuple(row: Row): Promise<CheckpointTuple> {
    const threadId = String(row.thread_id);
    const ns = String(row.checkpoint_ns);
    const checkpointId = String(row.checkpoint_id);
    const parentId = row.parent_checkpoint_id == null ? undefined : String(row.parent_checkpoint_id);
    const type = (row.type as string | null) ?? "json";
    const body = loadValue(this.sql, { threadId, ns, checkpointId, owner: CHECKPOINT_OWNER }, row.checkpoint);
    const checkpoint = (await this.serde.loadsTyped(type, body)) as Checkpoint;
    if (checkpoint.v < 4 && parentId !== undefined) await this.migratePendingSends(checkpoint, threadId, ns, parentId);
    const tuple: CheckpointTuple = {
      config: { configurable: { thread_id: threadId, checkpoint_ns: ns, checkpoint_id: checkpointId } },
      checkpoint,
      metadata: (await this.serde.loadsTyped(type, asBytes(row.metadata))) as CheckpointMetadata,
      pendingWrites: await this.pendingWrites(threadId, ns, checkpointId),
    };
    if (parentId !== undefined) tuple.parentConfig = { configurable: { thread_id: threadId, checkpoint_ns: ns, checkpoint_id: parentId } };
    return tuple;
  }

  /** The writes stored against one checkpoint, in `writesSortKey` order (task path, task id, index). */
  private async pendingWrites(threadId: string, ns: string, checkpointId: string, channel?: string): Promise<CheckpointPendingWrite[]> {
    const query = "SELECT task_id, idx, channel, type, value, task_path FROM lg_writes WHERE thread_id = ? AND checkpoint_ns = ? AND checkpoint_id = ?";
    const rows = (channel === undefined ? this.sql.exec(query, threadId, ns, checkpointId) : this.sql.exec(`${query} AND channel = ?`, threadId, ns, checkpointId, channel)).toArray();
    const keyed = rows.map((r) => ({ r, key: writesSortKey(String(r.task_path ?? ""), String(r.task_id), Number(r.idx)) }));
    keyed.sort((a, b) => compareWritesSortKeys(a.key, b.key));
    return Promise.all(
      keyed.map(async ({ r }): Promise<CheckpointPendingWrite> => {
        const bytes = loadValue(this.sql, { threadId, ns, checkpointId, owner: writeOwner(String(r.task_id), Number(r.idx)) }, r.value);
        return [String(r.task_id), String(r.channel), await this.serde.loadsTyped((r.type as string | null) ?? "json", bytes)];
      }),
    );
  }

  /** Checkpoints before format v4 kept pending sends as writes on their parent: move them into the TASKS channel. */
  private async migratePendingSends(checkpoint: Checkpoint, threadId: string, ns: string, parentId: string): Promise<void> {
    const sends = await this.pendingWrites(threadId, ns, parentId, TASKS);
    checkpoint.channel_values ??= {};
    checkpoint.channel_values[TASKS] = sends.map(([, , value]) => value);
    checkpoint.channel_versions ??= {};
    const versions = Object.values(checkpoint.channel_versions);
    checkpoint.channel_versions[TASKS] = versions.length > 0 ? maxChannelVersion(...versions) : this.getNextVersion(undefined);
  }
}
