// Node only: the store the Node entry and the CLI use, chosen by the environment.
import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { openPostgresStore } from "./postgres.js";
import { openSqliteStore } from "./sqlite.js";

/** PostgreSQL when EO_DATABASE_URL is set, else SQLite under EO_DATA_DIR (default `.eo`, created if needed). */
export async function openStore(env: NodeJS.ProcessEnv) {
  // EO_DATABASE_URL moves the store and the task checkpoints to PostgreSQL; otherwise both are SQLite files.
  if (env.EO_DATABASE_URL) return openPostgresStore(env.EO_DATABASE_URL);
  const dataDir = resolve(env.EO_DATA_DIR || ".eo");
  mkdirSync(dataDir, { recursive: true });
  return openSqliteStore(join(dataDir, "eo.sqlite"));
}
