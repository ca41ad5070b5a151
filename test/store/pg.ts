// Postgres for the store tests: where it is, whether it answers, and throwaway schemas that are dropped afterwards.
import pg from "pg";

/** CI and these machines run Postgres 15 here with trust auth; EO_TEST_DATABASE_URL points elsewhere. */
export const PG_URL = process.env.EO_TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";

/** Whether Postgres answers (suites skip, saying why, when it does not). */
export async function pgReachable(url = PG_URL): Promise<boolean> {
  const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await c.connect();
    await c.query("SELECT 1");
    return true;
  } catch {
    return false;
  } finally {
    await c.end().catch(() => {});
  }
}

/** Hands out fresh schema names (so tests never see each other's rows) and drops them all in `dropAll`. */
export class Schemas {
  private readonly names: string[] = [];

  fresh(prefix = "eo_test"): string {
    const s = `${prefix}_${process.pid}_${crypto.randomUUID().replace(/-/g, "").slice(0, 12)}`;
    this.names.push(s);
    return s;
  }

  async dropAll(url = PG_URL): Promise<void> {
    if (this.names.length === 0) return;
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    try {
      for (const s of this.names.splice(0)) await c.query(`DROP SCHEMA IF EXISTS ${s} CASCADE`);
    } finally {
      await c.end();
    }
  }
}
