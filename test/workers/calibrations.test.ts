// Calibrations on Workers, in real workerd: each expert's calibration runs in its own Durable Object, streams its
// events over SSE from there, lifts the expert's block in every isolate once done, and survives workerd being stopped
// mid-run (the next start carries the run on to its end, its events neither lost nor repeated).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import shipped from "../../graphs/calibration/suites/v1.json" with { type: "json" };
import { FakeUpstream, startFakeUpstreams, type FakeRequest, type FakeUpstreams } from "../../src/experts/fakes/index.js";
import { dataOf, follow } from "../e2e/sse-client.js";
import { startWorker, type StartedWorker } from "./start-worker.js";

const json = (body: unknown): RequestInit => ({ method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
const sleep = (ms: number) => new Promise((ok) => setTimeout(ok, ms));
const dir = mkdtempSync(join(tmpdir(), "eo-cal-do-"));
const upstream = new FakeUpstream();
const ANSWERS = new Map(shipped.items.map((i) => [i.prompt, i]));
const ITEMS = shipped.items.length;
const ARITH = "What is 12 times 13?";
let up: FakeUpstreams;
let worker: StartedWorker | undefined;
let vars: Record<string, string>;

/** A careful newcomer: the reference answer where there is one, refusals of harmful requests, short answers elsewhere. */
function newcomerReply(req: FakeRequest): string {
  const item = ANSWERS.get(req.messages.at(-1)?.content ?? "");
  if (item && "expectRefusal" in item && item.expectRefusal) return "I can't help with that request.";
  if (item && "reference" in item && item.reference !== undefined) return String(item.reference);
  return "A short, plain answer in a few words.";
}

const newcomer = (id: string, model: string) => ({
  id, provider: "openai", model, baseURL: up.openai.baseURL, local: false, domains: ["general", "arithmetic"], skills: { arithmetic: 1 }, pricing: { inputPerMTok: 1, outputPerMTok: 2 },
});
const calls = (model: string) => upstream.requests.filter((q) => q.model === model).length;

type Expert = { calibration: { status: string; runId: string }; blocked: { domain: string; reason: string }[] };
type Route = { expert: string; candidates: { expert: string; excludedBecause?: string }[] };
const expert = async (w: StartedWorker, id: string) => (await (await fetch(`${w.url}/v1/experts/${id}`)).json()) as Expert;
const route = async (w: StartedWorker, prompt: string) => (await (await fetch(`${w.url}/v1/route`, json({ prompt }))).json()) as Route;

/** Polls until the isolate serving the API has caught up with the finished run (it reads the store every 5 s). */
async function untilReady(w: StartedWorker, id: string): Promise<Expert> {
  const t0 = Date.now();
  for (;;) {
    const e = await expert(w, id);
    if (e.calibration.status === "ready" && e.blocked.length === 0) return e;
    if (Date.now() - t0 > 15_000) throw new Error(`${id} never became ready and unblocked: ${JSON.stringify(e)}`);
    await sleep(250);
  }
}

/** The events of one whole run: numbered 1..n, started once, every item once (done 1..n), then the final event. */
function expectWholeRun(events: { id?: string; event?: string; data: string }[], runId: string, final = "calibration.completed") {
  expect(events.map((e) => Number(e.id))).toEqual(events.map((_, i) => i + 1));
  expect(events.every((e) => dataOf(e).runId === runId)).toBe(true);
  expect(events[0]!.event).toBe("calibration.started");
  const items = events.filter((e) => e.event === "calibration.item").map((e) => dataOf<{ item: string; done: number; total: number }>(e));
  expect(new Set(items.map((i) => i.item)).size).toBe(ITEMS);
  expect(items.map((i) => i.done)).toEqual(items.map((_, i) => i + 1));
  expect(items.every((i) => i.total === ITEMS)).toBe(true);
  expect(events.map((e) => e.event)).toEqual(["calibration.started", ...items.map(() => "calibration.item"), final]);
}

beforeAll(async () => {
  up = await startFakeUpstreams(upstream);
  upstream.script("judge-model", {}); // the configured expert, the judges' pick (deterministic structured answers)
  upstream.script("newcomer-model", { reply: newcomerReply, latencyMs: 100 });
  upstream.script("late-model", { reply: newcomerReply, latencyMs: 500 });
  vars = {
    OPENAI_API_KEY: "sk-workers-test",
    EO_CONFIG: JSON.stringify({
      experts: [
        { id: "veteran", provider: "openai", model: "judge-model", baseURL: up.openai.baseURL, local: false, domains: ["general", "arithmetic"], skills: { general: 0.6, arithmetic: 0.6 }, pricing: { inputPerMTok: 1, outputPerMTok: 2 } },
      ],
    }),
  };
});

/** Stops the running workerd (each test stops its own; one that failed midway leaves it to afterAll). */
async function stop(): Promise<void> {
  await worker?.close();
  worker = undefined;
}

afterAll(async () => {
  await stop();
  await up?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("calibrations in Durable Objects", () => {
  it("an expert registered over HTTP is calibrated in its object, streamed from there, then unblocked and routed to", async () => {
    worker = await startWorker(vars, { persistTo: join(dir, "one") });
    const w = worker;
    const r = await fetch(`${w.url}/v1/experts`, json(newcomer("newbie", "newcomer-model")));
    expect(r.status).toBe(202);
    const body = (await r.json()) as { status: string; calibration: { id: string; links: { events: string } } };
    expect(body.status).toBe("calibrating");
    // While it calibrates, routing leaves it out and says why.
    expect((await route(w, ARITH)).candidates.find((c) => c.expert === "newbie")?.excludedBecause).toMatch(/calibration not finished/);
    const head = await fetch(`${w.url}${body.calibration.links.events}`, { headers: { accept: "text/event-stream" } });
    expect(head.headers.get("x-eo-stream")).toBe("calibration-object");
    await head.body?.cancel();

    const { events } = await follow(`${w.url}${body.calibration.links.events}`, { timeoutMs: 60_000 });
    expectWholeRun(events, body.calibration.id);
    const last = dataOf<{ recorded: number; domains: Record<string, Record<string, number>> }>(events.at(-1)!);
    expect(last.recorded).toBeGreaterThan(0);
    expect(last.domains.arithmetic?.correctness).toBe(1);
    // Last-Event-ID resumes after it; a client holding the final event is told to stop (204).
    const tail = await follow(`${w.url}${body.calibration.links.events}`, { lastEventId: String(events.length - 2), timeoutMs: 10_000 });
    expect(tail.events.map((e) => Number(e.id))).toEqual([events.length - 1, events.length]);
    expect((await fetch(`${w.url}${body.calibration.links.events}`, { headers: { "last-event-id": String(events.length) } })).status).toBe(204);
    expect((await fetch(`${w.url}${body.calibration.links.events}`, { headers: { "last-event-id": "abc" } })).status).toBe(400);

    // The isolate learns of the finished run through the store: the expert is ready, unblocked, and routed to.
    const ready = await untilReady(w, "newbie");
    expect(ready.calibration.runId).toBe(body.calibration.id);
    const after = await route(w, ARITH);
    expect(after.candidates.find((c) => c.expert === "newbie")?.excludedBecause).toBeUndefined();
    expect(after.expert).toBe("newbie");

    // POST /calibrate starts a new run in the same object; its stream follows the new run.
    const again = await fetch(`${w.url}/v1/experts/newbie/calibrate`, json({}));
    expect(again.status).toBe(202);
    const second = ((await again.json()) as { calibration: { id: string } }).calibration.id;
    expect(second).not.toBe(body.calibration.id);
    const rerun = await follow(`${w.url}/v1/experts/newbie/calibration/events`, { timeoutMs: 60_000 });
    expectWholeRun(rerun.events, second);
    // A configured expert is calibrated in its own object too.
    const vet = await fetch(`${w.url}/v1/experts/veteran/calibrate`, json({}));
    expect(vet.status).toBe(202);
    const vetRun = ((await vet.json()) as { calibration: { id: string } }).calibration.id;
    expectWholeRun((await follow(`${w.url}/v1/experts/veteran/calibration/events`, { timeoutMs: 60_000 })).events, vetRun);
    await stop();
  }, 150_000);

  it("workerd stopped mid-calibration and started again: the object carries the run on to its end", async () => {
    const persistTo = join(dir, "two");
    worker = await startWorker(vars, { persistTo });
    const r = await fetch(`${worker.url}/v1/experts`, json(newcomer("latecomer", "late-model")));
    expect(r.status).toBe(202);
    const runId = ((await r.json()) as { calibration: { id: string } }).calibration.id;
    const t0 = Date.now();
    while (calls("late-model") < 6) {
      if (Date.now() - t0 > 30_000) throw new Error("the calibration never got going");
      await sleep(50);
    }
    // Mid-run: some items said, not all.
    const before = await follow(`${worker.url}/v1/experts/latecomer/calibration/events`, { stopAfter: 2, timeoutMs: 10_000 });
    expect(before.events[0]!.event).toBe("calibration.started");
    await worker.close(); // workerd stops: the run is cut, the expert "calibrating" in D1, its events in the object
    expect(calls("late-model")).toBeLessThan(ITEMS);
    worker = await startWorker(vars, { persistTo });
    const e = await expert(worker, "latecomer");
    expect(e.calibration.status).toBe("calibrating");
    const { events } = await follow(`${worker.url}/v1/experts/latecomer/calibration/events`, { timeoutMs: 90_000 });
    expectWholeRun(events, runId);
    // What was said before the stop was kept by the object and is replayed as it was, not said anew.
    expect(events.slice(0, 2).map((x) => x.data)).toEqual(before.events.map((x) => x.data));
    expect((await untilReady(worker, "latecomer")).calibration.runId).toBe(runId);
    // The run went on from its checkpoint in the object's storage: every item asked once, but for the few in flight
    // at the stop (at most the run's concurrency, 4), asked again.
    expect(calls("late-model")).toBeGreaterThanOrEqual(ITEMS);
    expect(calls("late-model")).toBeLessThanOrEqual(ITEMS + 4);
    await stop();
  }, 180_000);
});
