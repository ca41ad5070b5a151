// The Postgres store passes the shared store contract, plus what only a multi-connection engine can show.
import { afterAll, describe, expect, it } from "vitest";
import { openPostgresStore } from "../../src/store/postgres.js";
import { storeContract } from "./contract.js";
import { newTask } from "./contract-tasks.js";
import { PG_URL, pgReachable, Schemas } from "./pg.js";

const reachable = await pgReachable();
// Every store opened here gets a fresh schema; all are dropped at the end.
const schemas = new Schemas();
const freshSchema = () => schemas.fresh();
afterAll(() => (reachable ? schemas.dropAll() : undefined));

if (!reachable) {
  describe("store contract: postgres", () => {
    it.skip(`skipped: Postgres is unreachable at ${PG_URL} (start it, or set EO_TEST_DATABASE_URL)`, () => {});
  });
} else {
  storeContract("postgres", () => openPostgresStore(PG_URL, { schema: freshSchema() }));

  describe("postgres specifics", () => {
    it("two pools (two processes, in effect) append to one task: no gap, no duplicate, each key once", async () => {
      const schema = freshSchema();
      const [a, b] = await Promise.all([openPostgresStore(PG_URL, { schema, max: 5 }), openPostgresStore(PG_URL, { schema, max: 5 })]);
      const t = await a.createTask(newTask());
      const results = await Promise.all(
        Array.from({ length: 60 }, (_, i) => (i % 2 ? a : b).appendEvent(t.id, "subtask.delta", { i }, i % 3 === 0 ? `k${i % 4}` : undefined)),
      );
      // 40 unkeyed + keys k0..k3 once each (i = 0, 3, 6, 9 … cover every residue mod 4).
      expect(results.filter((e) => e !== null)).toHaveLength(44);
      const events = await b.listEvents(t.id);
      expect(events.map((e) => e.seq)).toEqual(Array.from({ length: 45 }, (_, i) => i + 1));
      await Promise.all([a.close(), b.close()]);
    });

    it("concurrent creates of one id from two pools: exactly one task, one first event", async () => {
      const schema = freshSchema();
      const [a, b] = await Promise.all([openPostgresStore(PG_URL, { schema }), openPostgresStore(PG_URL, { schema })]);
      const id = `race-${crypto.randomUUID()}`;
      const r = await Promise.allSettled(Array.from({ length: 6 }, (_, i) => (i % 2 ? a : b).createTask(newTask({ id }))));
      expect(r.filter((x) => x.status === "fulfilled")).toHaveLength(1);
      for (const x of r) if (x.status === "rejected") expect((x.reason as { code?: string }).code).toBe("conflict");
      expect(await a.listEvents(id)).toHaveLength(1);
      await Promise.all([a.close(), b.close()]);
    });

    it("init is safe when two processes start at once, and rejects a schema name that is not an identifier", async () => {
      const schema = freshSchema();
      const stores = await Promise.all([1, 2, 3].map(() => openPostgresStore(PG_URL, { schema, max: 2 })));
      await Promise.all(stores.map((s) => s.close()));
      await expect(openPostgresStore(PG_URL, { schema: "x; DROP TABLE y" })).rejects.toMatchObject({ code: "config_invalid" });
    });
  });
}
