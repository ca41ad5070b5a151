// Durability: a real server process is SIGKILLed mid-task (mid-calibration) and started again; the task (the
// calibration) completes from its checkpoint.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import shipped from "../../graphs/calibration/suites/v1.json" with { type: "json" };
import { FakeUpstream, startFakeUpstreams, type FakeUpstreams } from "../../src/experts/fakes/index.js";
import { chainReply, expectResumedCleanly } from "./chain-plan.js";
import { json } from "./harness.js";
import { follow } from "./sse-client.js";


const dir = mkdtempSync(join(tmpdir(), "eo-restart-"));
let up: FakeUpstreams;
const upstream = new FakeUpstream();
let child: ChildProcess | undefined;
/** Every server started, so that none outlives the file (each test starts two). */
const started: ChildProcess[] = [];

beforeAll(async () => {
  up = await startFakeUpstreams(upstream);
  upstream.script("gpt-4o", { reply: chainReply });
  // A real number, so the rule checks accept s1 at once (an answer without one would be retried elsewhere).
  upstream.script("m-math", { reply: (req) => (req.schema ? chainReply(req) : "The sum of the first ten primes is 129."), latencyMs: 50 });
  upstream.script("m-writer", { reply: chainReply, latencyMs: 1500 });
  upstream.script("m-newbie", { reply: "A short, plain answer.", latencyMs: 150 });
  const price = { inputPerMTok: 1, outputPerMTok: 2 };
  writeFileSync(
    join(dir, "eo.config.json"),
    JSON.stringify({
      experts: [
        { id: "big", provider: "openai", model: "gpt-4o", baseURL: up.openai.baseURL, local: false, domains: ["general", "reasoning"], skills: { general: 0.9, reasoning: 0.9 } },
        { id: "mathbot", provider: "openai", model: "m-math", baseURL: up.openai.baseURL, local: false, pricing: price, domains: ["math"], skills: { math: 0.97 } },
        { id: "writer", provider: "openai", model: "m-writer", baseURL: up.openai.baseURL, local: false, pricing: price, domains: ["writing"], skills: { writing: 0.95 } },
      ],
    }),
  );
});

afterAll(async () => {
  for (const p of started) p.kill("SIGKILL");
  await up?.close();
  rmSync(dir, { recursive: true, force: true });
});

/**
 * Starts `src/server.ts` as its own process on a free port and resolves with its URL and its output so far.
 * One process (`node --import tsx`), not tsx's CLI, which runs the script in a child that SIGKILL would orphan.
 */
function startChild(): Promise<{ url: string; output: () => string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: "0", EO_CONFIG: join(dir, "eo.config.json"), EO_DATA_DIR: join(dir, "data") };
  delete env.EO_DATABASE_URL;
  const p = spawn(process.execPath, ["--import", "tsx", join(process.cwd(), "src/server.ts")], { env });
  child = p;
  started.push(p);
  let out = "";
  p.stdout!.on("data", (b: Buffer) => (out += b.toString()));
  p.stderr!.on("data", (b: Buffer) => (out += b.toString()));
  return new Promise((ok, fail) => {
    const t = setTimeout(() => fail(new Error(`no start in 20 s:\n${out}`)), 20_000);
    const tick = setInterval(() => {
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m && out.includes("store:")) {
        clearTimeout(t);
        clearInterval(tick);
        // The resume line, when there is one, is printed right after "store:".
        setTimeout(() => ok({ url: m[1]!, output: () => out }), 200);
      }
    }, 20);
    p.once("exit", (code) => fail(new Error(`server exited with ${code}:\n${out}`)));
  });
}

async function eventsOf(url: string, id: string) {
  return (await follow(`${url}/v1/tasks/${id}/events`, { timeoutMs: 20_000 })).events;
}

describe("SIGKILL mid-task, then restart", () => {
  it("resumes from the last checkpoint: no completed subtask runs again, no event lost or repeated", async () => {
    const first = await startChild();
    const r = await fetch(`${first.url}/v1/tasks`, json({ input: "Sum the first ten primes, write a poem about it, and title the poem." }));
    const { id } = (await r.json()) as { id: string };

    // Wait until s1 is done and s2 (slow) is under way, then kill the server without any chance to clean up.
    const t0 = Date.now();
    for (;;) {
      const evs = (await (await fetch(`${first.url}/v1/tasks/${id}`)).json()) as { subtasks: { id: string; status: string }[] };
      const s1 = evs.subtasks.find((s) => s.id === "s1");
      const s2 = evs.subtasks.find((s) => s.id === "s2");
      if (s1?.status === "completed" && s2?.status === "running") break;
      if (Date.now() - t0 > 20_000) throw new Error(`s1 never completed with s2 running: ${JSON.stringify(evs.subtasks)}`);
      await new Promise((res) => setTimeout(res, 25));
    }
    const mathCallsBeforeKill = upstream.requests.filter((q) => q.model === "m-math").length;
    expect(mathCallsBeforeKill).toBe(1);
    child!.kill("SIGKILL");
    await new Promise((res) => child!.once("exit", res));

    const second = await startChild();
    // The resume line follows start-up once the checkpoints are read.
    for (let i = 0; i < 100 && !/resuming 1 unfinished task/.test(second.output()); i++) await new Promise((res) => setTimeout(res, 50));
    expect(second.output()).toMatch(/resuming 1 unfinished task/);
    const events = await eventsOf(second.url, id).catch(async (e: unknown) => {
      const t = (await (await fetch(`${second.url}/v1/tasks/${id}`)).json()) as { status: string };
      const partial = await follow(`${second.url}/v1/tasks/${id}/events`, { timeoutMs: 2000, stopAfter: 200 }).catch(() => null);
      const log = await fetch(`${second.url}/v1/tasks/${id}/events`, { signal: AbortSignal.timeout(1500) }).then((r) => r.text()).catch((x: unknown) => String(x));
      throw new Error(`${String(e)}\nserver output:\n${second.output()}\ntask status: ${t.status}\n${partial?.events.length}\n${log}`);
    });
    const task = (await (await fetch(`${second.url}/v1/tasks/${id}`)).json()) as { status: string; result: string; subtasks: { id: string; status: string; output: string }[] };
    expect(task.status).toBe("completed");
    expect(task.result).toBeTruthy();
    // s1 completed before the kill and was not run again.
    expect(upstream.requests.filter((q) => q.model === "m-math")).toHaveLength(1);
    // The log and the re-run s2: see expectResumedCleanly.
    expectResumedCleanly(events, task.subtasks);
  }, 90_000);
});

describe("SIGKILL mid-calibration, then restart", () => {
  it("the calibration goes on from its checkpoint: the items judged before the kill are not asked again", async () => {
    const calls = () => upstream.requests.filter((q) => q.model === "m-newbie").length;
    const first = await startChild();
    const r = await fetch(`${first.url}/v1/experts`, json({ id: "newbie", provider: "openai", model: "m-newbie", baseURL: up.openai.baseURL, local: false, pricing: { inputPerMTok: 1, outputPerMTok: 2 }, domains: ["general"] }));
    expect(r.status).toBe(202);
    for (const t0 = Date.now(); calls() < 10; ) {
      if (Date.now() - t0 > 20_000) throw new Error("the calibration never got going");
      await new Promise((res) => setTimeout(res, 20));
    }
    child!.kill("SIGKILL");
    await new Promise((res) => child!.once("exit", res));
    const before = calls();
    expect(before).toBeLessThan(shipped.items.length);

    const second = await startChild();
    let status = "";
    for (const t0 = Date.now(); status !== "ready"; await new Promise((res) => setTimeout(res, 100))) {
      status = ((await (await fetch(`${second.url}/v1/experts/newbie`)).json()) as { calibration: { status: string } }).calibration.status;
      if (Date.now() - t0 > 30_000) throw new Error(`calibration status ${status} after 30 s:\n${second.output()}`);
    }
    // Every item asked once, but for the few in flight at the kill (at most the run's concurrency, 4), asked again.
    expect(calls()).toBeGreaterThanOrEqual(shipped.items.length);
    expect(calls()).toBeLessThanOrEqual(shipped.items.length + 4);
  }, 90_000);
});
