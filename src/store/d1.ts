// The store on Cloudflare Workers: the same SQL store over a D1 database binding.
import { SqlStore, type SqlDriver, type SqlStatement } from "./sql.js";

/** The part of Cloudflare's D1Database this driver uses (structural, so Node type-checks without workers-types). */
export interface D1Like {
  prepare(sql: string): { bind(...values: unknown[]): D1BoundLike };
  exec(sql: string): Promise<unknown>;
  /** Runs the statements in order as one transaction: if one fails, none is applied. */
  batch<R>(statements: D1BoundLike[]): Promise<{ results?: R[] }[]>;
}

export interface D1BoundLike {
  run(): Promise<unknown>;
  all<R>(): Promise<{ results: R[] }>;
}

export function d1Driver(db: D1Like): SqlDriver {
  return {
    async exec(sql) {
      // D1's exec splits on newlines; a prepared statement runs multi-line DDL as one.
      await db.prepare(sql).bind().run();
    },
    async run(sql, params) {
      await db.prepare(sql).bind(...params).run();
    },
    async all<R>(sql: string, params: unknown[]) {
      const r = await db.prepare(sql).bind(...params).all<R>();
      return r.results;
    },
    async batch<R>(statements: SqlStatement[]) {
      // D1 has no interactive transactions; a batch is its atomic unit, and D1 runs one statement at a time,
      // so the store's single-statement appends need nothing more to be race-free.
      const results = await db.batch<R>(statements.map(({ sql, params }) => db.prepare(sql).bind(...params)));
      return results.map((r) => r.results ?? []);
    },
    async close() {},
  };
}

export async function openD1Store(db: D1Like): Promise<SqlStore> {
  const store = new SqlStore(d1Driver(db));
  await store.init();
  return store;
}
