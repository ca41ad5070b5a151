// The store on Cloudflare Workers: the same SQL store over a D1 database binding.
import { SqlStore, type SqlDriver } from "./sql.js";

/** The part of Cloudflare's D1Database this driver uses (structural, so Node type-checks without workers-types). */
export interface D1Like {
  prepare(sql: string): { bind(...values: unknown[]): { run(): Promise<unknown>; all<R>(): Promise<{ results: R[] }> } };
  exec(sql: string): Promise<unknown>;
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
    async close() {},
  };
}

export async function openD1Store(db: D1Like): Promise<SqlStore> {
  const store = new SqlStore(d1Driver(db));
  await store.init();
  return store;
}
