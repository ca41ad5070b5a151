// The SQLite store (the default on Node) passes the shared store contract, in a file and in memory.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { GatewayMetrics } from "../../src/gateway/metrics.js";
import { openSqliteStore, sqliteDriver } from "../../src/store/sqlite.js";
import { storeContract } from "./contract.js";
import { newTask } from "./contract-tasks.js";

const dir = mkdtempSync(join(tmpdir(), "eo-store-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = () => join(dir, `s-${crypto.randomUUID()}.sqlite`);

storeContract("sqlite (memory)", () => openSqliteStore(":memory:"));
storeContract("sqlite (file)", () => openSqliteStore(file()));
// The metrics wrapper delegates every Store method explicitly: it must keep the whole contract too.
storeContract("sqlite (memory) through counting()", async () => new GatewayMetrics().counting(await openSqliteStore(":memory:")));

describe("sqlite specifics", () => {
  it("a driver batch is all or nothing", async () => {
    const d = sqliteDriver(":memory:");
    await d.exec(`CREATE TABLE t (id INTEGER PRIMARY KEY)`);
    await expect(d.batch([{ sql: `INSERT INTO t (id) VALUES (?)`, params: [1] }, { sql: `INSERT INTO t (id) VALUES (?)`, params: [1] }])).rejects.toThrow(/UNIQUE/);
    expect(await d.all(`SELECT id FROM t`, [])).toEqual([]);
    expect(await d.batch([{ sql: `INSERT INTO t (id) VALUES (?) RETURNING id`, params: [2] }, { sql: `SELECT COUNT(*) AS n FROM t`, params: [] }])).toEqual([[{ id: 2 }], [{ n: 1 }]]);
    await d.close();
  });

  it("two connections to one file append to one task without a gap, and the data survives a reopen", async () => {
    const path = file();
    const [a, b] = [await openSqliteStore(path), await openSqliteStore(path)];
    const t = await a.createTask(newTask());
    await Promise.all(Array.from({ length: 40 }, (_, i) => (i % 2 ? a : b).appendEvent(t.id, "subtask.delta", { i }, i % 4 === 0 ? `k${i % 8}` : undefined)));
    await a.close();
    await b.close();
    const c = await openSqliteStore(path);
    const events = await c.listEvents(t.id);
    expect(events.map((e) => e.seq)).toEqual(Array.from({ length: events.length }, (_, i) => i + 1));
    // 30 unkeyed + 2 distinct keys (k0, k4) + the first event.
    expect(events).toHaveLength(33);
    expect((await c.getTask(t.id))?.status).toBe("queued");
    await c.close();
  });
});
