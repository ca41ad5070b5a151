// The default store on Node: SQLite in a file under EO_DATA_DIR, through better-sqlite3 (Node only).
import Database from "better-sqlite3";
import { SqlStore, type SqlDriver, type SqlStatement } from "./sql.js";

export function sqliteDriver(path: string): SqlDriver {
  const db = new Database(path);
  if (path !== ":memory:") {
    db.pragma("journal_mode = WAL");
    // With WAL, NORMAL syncs at checkpoints: a power cut may lose the last records, never corrupt the file.
    db.pragma("synchronous = NORMAL");
  }
  db.pragma("busy_timeout = 5000");
  const statements = new Map<string, Database.Statement>();
  const prepared = (sql: string) => {
    let st = statements.get(sql);
    if (!st) statements.set(sql, (st = db.prepare(sql)));
    return st;
  };
  return {
    async exec(sql) {
      db.exec(sql);
    },
    async run(sql, params) {
      prepared(sql).run(...params);
    },
    async all<R>(sql: string, params: unknown[]) {
      return prepared(sql).all(...params) as R[];
    },
    async batch<R>(statements: SqlStatement[]) {
      // IMMEDIATE takes the write lock at BEGIN (waiting up to busy_timeout), so another process writing the
      // same file cannot slip in between a statement's read of MAX(seq) and its insert.
      const tx = db.transaction(() => statements.map(({ sql, params }) => {
        const st = prepared(sql);
        if (st.reader) return st.all(...params) as R[];
        st.run(...params);
        return [] as R[];
      }));
      return tx.immediate();
    },
    async close() {
      db.close();
    },
  };
}

/** A ready SQLite store at `path` (`:memory:` for a throwaway one). */
export async function openSqliteStore(path: string): Promise<SqlStore> {
  const store = new SqlStore(sqliteDriver(path));
  await store.init();
  return store;
}
