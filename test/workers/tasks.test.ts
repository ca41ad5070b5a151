// Long-running tasks on Workers, in real workerd: each task runs in its own Durable Object, streams over SSE from
// D1, and survives workerd being stopped mid-task: the next start carries on with no completed subtask run again.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FakeUpstream, startFakeUpstreams, type FakeUpstreams } from "../../src/experts/fakes/index.js";
import { follow } from "../e2e/sse-client.js";
import { expectResumedCleanly } from "../e2e/chain-plan.js";
import { chainExperts } from "./chain-experts.js";
import { startWorker, type StartedWorker } from "./start-worker.js";


const json = (body: unknown): RequestInit => ({ method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
const dir = mkdtempSync(join(tmpdir(), "eo-do-"));
const upstream = new FakeUpstream();
let up: FakeUpstreams;
let worker: StartedWorker | undefined;
let vars: Record<string, string>;

beforeAll(async () => {
  up = await startFakeUpstreams(upstream);
  vars = chainExperts(upstream, up);
});

afterAll(async () => {
  await worker?.close();
  await up?.close();
  rmSync(dir, { recursive: true, force: true });
});

type Task = { id: string; status: string; result: string | null; subtasks: { id: string; status: string; output?: string | null }[] };
const task = async (w: StartedWorker, id: string) => (await (await fetch(`${w.url}/v1/tasks/${id}`)).json()) as Task;

describe("tasks in Durable Objects", () => {
  it("a task submitted over REST runs in its object and its SSE stream reaches task.completed", async () => {
    worker = await startWorker(vars, { persistTo: join(dir, "one") });
    const r = await fetch(`${worker.url}/v1/tasks`, json({ input: "Sum the first ten primes, write a poem about it, and title the poem." }));
    expect(r.status).toBe(202);
    const { id, links } = (await r.json()) as { id: string; links: { events: string } };
    // Any number of clients: three follow the same task at once, served by the task's own object.
    const head = await fetch(`${worker.url}${links.events}`, { headers: { accept: "text/event-stream" } });
    expect(head.headers.get("x-eo-stream")).toBe("task-object");
    await head.body?.cancel();
    const [{ events }, second, third] = await Promise.all([0, 1, 2].map(() => follow(`${worker!.url}${links.events}`, { timeoutMs: 30_000 })));
    expect(second!.events.map((e) => e.id)).toEqual(events.map((e) => e.id));
    expect(third!.events.map((e) => e.data)).toEqual(events.map((e) => e.data));
    expect(events.map((e) => Number(e.id))).toEqual(events.map((_, i) => i + 1));
    expect(events.at(-1)!.event).toBe("task.completed");
    const t = await task(worker, id);
    expect(t.status).toBe("completed");
    expect(t.result).toBeTruthy();
    // Resuming from a Last-Event-ID replays only what came after it.
    const tail = await follow(`${worker.url}${links.events}`, { lastEventId: String(events.length - 2), timeoutMs: 10_000 });
    expect(tail.events.map((e) => Number(e.id))).toEqual([events.length - 1, events.length]);
    // The task list lives in D1.
    const list = (await (await fetch(`${worker.url}/v1/tasks`)).json()) as { data: { id: string }[] };
    expect(list.data.map((x) => x.id)).toContain(id);
    await worker.close();
    worker = undefined;
  }, 90_000);

  it("workerd stopped mid-task and started again: the object resumes from its checkpoint, no subtask runs twice", async () => {
    const persistTo = join(dir, "two");
    worker = await startWorker(vars, { persistTo });
    const mathBefore = upstream.requests.filter((q) => q.model === "m-math").length;
    const r = await fetch(`${worker.url}/v1/tasks`, json({ input: "Sum the first ten primes, write a poem about it, and title the poem." }));
    const { id } = (await r.json()) as { id: string };
    const t0 = Date.now();
    for (;;) {
      const t = await task(worker, id);
      const s1 = t.subtasks.find((s) => s.id === "s1");
      const s2 = t.subtasks.find((s) => s.id === "s2");
      if (s1?.status === "completed" && s2?.status === "running") break;
      if (Date.now() - t0 > 30_000) throw new Error(`s1 never completed with s2 running: ${JSON.stringify(t.subtasks)}`);
      await new Promise((res) => setTimeout(res, 50));
    }
    expect(upstream.requests.filter((q) => q.model === "m-math").length - mathBefore).toBe(1);
    await worker.close(); // workerd stops: the object is gone mid-run, its alarm still set in its storage
    worker = await startWorker(vars, { persistTo });
    const { events } = await follow(`${worker.url}/v1/tasks/${id}/events`, { timeoutMs: 45_000 });
    const t = await task(worker, id);
    expect(t.status).toBe("completed");
    expect(upstream.requests.filter((q) => q.model === "m-math").length - mathBefore).toBe(1);
    expectResumedCleanly(events, t.subtasks);
  }, 120_000);

  it("approval, cancellation and eo/orchestrate work the same as on Node", async () => {
    worker = await startWorker(vars);
    const w = worker;
    const until = async (id: string, ok: (t: Task) => boolean) => {
      const t0 = Date.now();
      for (;;) {
        const t = await task(w, id);
        if (ok(t)) return t;
        if (Date.now() - t0 > 30_000) throw new Error(`task ${id} stuck at ${t.status}: ${JSON.stringify(t)}`);
        await new Promise((res) => setTimeout(res, 100));
      }
    };
    // Approval: over its budget, the budget gate pauses the task (an interrupt) in its object; POST /approve resumes it there.
    const a = (await (await fetch(`${w.url}/v1/tasks`, json({ input: "Sum the first ten primes, write a poem about it, and title the poem.", budgetUsd: 0.006, requireApproval: true }))).json()) as { id: string };
    await until(a.id, (t) => t.status === "awaiting_approval");
    const approved = await fetch(`${w.url}/v1/tasks/${a.id}/approve`, json({}));
    expect(approved.status).toBe(202);
    expect((await fetch(`${w.url}/v1/tasks/${a.id}/approve`, json({}))).status).toBe(409);
    expect((await until(a.id, (t) => t.status === "completed")).result).toBeTruthy();

    // Cancellation reaches the object running the task: it ends cancelled and stops calling experts.
    const c = (await (await fetch(`${w.url}/v1/tasks`, json({ input: "Sum the first ten primes, write a poem about it, and title the poem." }))).json()) as { id: string };
    await until(c.id, (t) => t.subtasks.some((s) => s.id === "s2" && s.status === "running"));
    const cancelled = await fetch(`${w.url}/v1/tasks/${c.id}/cancel`, json({}));
    expect(cancelled.status).toBe(200);
    expect(((await cancelled.json()) as { status: string }).status).toBe("cancelled");
    expect((await fetch(`${w.url}/v1/tasks/${c.id}/cancel`, json({}))).status).toBe(409);
    const writerCalls = upstream.requests.filter((q) => q.model === "m-writer").length;
    await new Promise((res) => setTimeout(res, 2500));
    expect((await task(w, c.id)).status).toBe("cancelled");
    expect(upstream.requests.filter((q) => q.model === "m-writer").length).toBe(writerCalls);

    // eo/orchestrate through the openai SDK: the answer is the task's synthesis.
    const client = new OpenAI({ baseURL: `${w.url}/v1`, apiKey: "test", maxRetries: 0 });
    const models = (await client.models.list()).data.map((m) => m.id);
    expect(models).toContain("eo/orchestrate");
    const answer = await client.chat.completions.create({ model: "eo/orchestrate", messages: [{ role: "user", content: "Sum the first ten primes, write a poem about it, and title the poem." }] });
    expect(answer.choices[0]!.message.content).toBeTruthy();
    expect((await fetch(`${w.url}/v1/tasks/nope/approve`, json({}))).status).toBe(404);
    await w.close();
    worker = undefined;
  }, 120_000);
});
