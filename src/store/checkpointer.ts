// LangGraph's checkpointer on Node (graphs resume after a restart): SQLite by default, Postgres when EO_DATABASE_URL is set.
import type { BaseCheckpointSaver } from "@langchain/langgraph";
import { PostgresSaver } from "@langchain/langgraph-checkpoint-postgres";
import { SqliteSaver } from "@langchain/langgraph-checkpoint-sqlite";
import { EoError } from "../errors.js";

export type CheckpointerOptions = { sqlitePath: string } | { postgresUrl: string; /** default `public`, the saver's own */ schema?: string };

export type Checkpointer = BaseCheckpointSaver & { close(): Promise<void> };

/**
 * A ready checkpointer. SQLite: a file of its own (the saver keeps its own connection, and its tables have
 * nothing to do with the store's). Postgres: the saver's tables are created or migrated by `setup()` here, so
 * callers never see a saver that is not set up.
 */
export async function openCheckpointer(opts: CheckpointerOptions): Promise<Checkpointer> {
  if ("sqlitePath" in opts) {
    const saver = SqliteSaver.fromConnString(opts.sqlitePath);
    if (opts.sqlitePath !== ":memory:") {
      // Same durability trade-off as the store: WAL, synced at checkpoints; wait for a lock rather than fail.
      saver.db.pragma("journal_mode = WAL");
      saver.db.pragma("synchronous = NORMAL");
    }
    saver.db.pragma("busy_timeout = 5000");
    return Object.assign(saver, {
      close: async () => {
        saver.db.close();
      },
    });
  }
  if (opts.schema !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/.test(opts.schema)) {
    throw new EoError("config_invalid", `invalid Postgres schema name: ${opts.schema}`);
  }
  const saver = PostgresSaver.fromConnString(opts.postgresUrl, opts.schema ? { schema: opts.schema } : undefined);
  try {
    await saver.setup();
  } catch (e) {
    await saver.end();
    throw e;
  }
  return Object.assign(saver, { close: () => saver.end() });
}
