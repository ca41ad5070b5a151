// With EO_DATABASE_URL the service keeps tasks, events, the audit trail and the checkpoints in PostgreSQL.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeUpstreams, type FakeUpstreams } from "../../src/experts/fakes/index.js";
import { startServer, type StartedServer } from "../../src/server.js";
import { PG_URL, pgReachable } from "../store/pg.js";
import { json } from "./harness.js";
import { follow } from "./sse-client.js";

const reachable = await pgReachable();
if (!reachable) console.warn(`postgres e2e skipped: nothing answers at ${PG_URL}`);

const dbName = `eo_e2e_${process.pid}_${Date.now()}`;
const dbUrl = PG_URL.replace(/\/[^/]*$/, `/${dbName}`);
const dir = mkdtempSync(join(tmpdir(), "eo-pg-"));
let up: FakeUpstreams;

async function admin(sql: string) {
  const c = new pg.Client({ connectionString: PG_URL });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

const start = (): Promise<StartedServer> =>
  startServer({ port: 0, quiet: true, env: { EO_CONFIG: join(dir, "eo.config.json"), EO_DATA_DIR: join(dir, "data"), EO_DATABASE_URL: dbUrl } });

describe.skipIf(!reachable)("PostgreSQL as the store and the checkpointer", () => {
  beforeAll(async () => {
    await admin(`CREATE DATABASE ${dbName}`);
    up = await startFakeUpstreams();
    up.upstream.script("gpt-4o-mini", {});
    writeFileSync(join(dir, "eo.config.json"), JSON.stringify({
      experts: [
        { id: "small", provider: "openai", model: "gpt-4o-mini", baseURL: up.openai.baseURL, local: false, domains: ["general", "writing", "reasoning"] },
        { id: "calculator", provider: "builtin", model: "math", domains: ["arithmetic"] },
      ],
    }));
  });
  afterAll(async () => {
    await up?.close();
    await admin(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`).catch(() => {});
    rmSync(dir, { recursive: true, force: true });
  });

  it("runs a task, and a restarted server still has the task, its log and the audit trail", async () => {
    const s1 = await start();
    let taskId = "";
    let requestId = "";
    try {
      const r = await fetch(`${s1.url}/v1/tasks`, json({ input: "1. Write a haiku about snow. 2. Explain what a CPU cache is." }));
      taskId = ((await r.json()) as { id: string }).id;
      const f = await follow(`${s1.url}/v1/tasks/${taskId}/events`);
      expect(f.events.at(-1)!.event).toBe("task.completed");
      const chat = await fetch(`${s1.url}/v1/chat/completions`, json({ model: "eo/auto", messages: [{ role: "user", content: "What is 3 * 14?" }] }));
      requestId = chat.headers.get("x-request-id")!;
    } finally {
      await s1.close();
    }
    const s2 = await start();
    try {
      const t = (await (await fetch(`${s2.url}/v1/tasks/${taskId}`)).json()) as { status: string; subtasks: unknown[] };
      expect(t.status).toBe("completed");
      expect(t.subtasks).toHaveLength(2);
      const replay = await follow(`${s2.url}/v1/tasks/${taskId}/events`, { lastEventId: "0" });
      expect(replay.events.at(-1)!.event).toBe("task.completed");
      const audit = (await (await fetch(`${s2.url}/v1/requests/${requestId}`)).json()) as { answeredBy: string };
      expect(audit.answeredBy).toBe("calculator");
    } finally {
      await s2.close();
    }
    // The rows are really in PostgreSQL.
    const c = new pg.Client({ connectionString: dbUrl });
    await c.connect();
    try {
      const n = await c.query("SELECT count(*)::int AS n FROM eo.task_events WHERE task_id = $1", [taskId]);
      expect(n.rows[0].n).toBeGreaterThan(5);
      const cp = await c.query("SELECT count(*)::int AS n FROM checkpoints WHERE thread_id = $1", [taskId]);
      expect(cp.rows[0].n).toBeGreaterThan(0);
    } finally {
      await c.end();
    }
  }, 60_000);
});
