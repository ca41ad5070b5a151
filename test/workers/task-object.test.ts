// Edge cases of the Workers entry and the task Durable Object, in real workerd: restarts, races and missing pieces.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { FakeUpstream, startFakeUpstreams, type FakeUpstreams } from "../../src/experts/fakes/index.js";
import { chainExperts } from "./chain-experts.js";
import { startWorker, type StartedWorker } from "./start-worker.js";

const json = (body: unknown): RequestInit => ({ method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "eo-do-edge-"));
const upstream = new FakeUpstream();
let up: FakeUpstreams;
let worker: StartedWorker | undefined;
let vars: Record<string, string>;
const sleep = (ms: number) => new Promise((ok) => setTimeout(ok, ms));
const calls = (model: string) => upstream.requests.filter((q) => q.model === model).length;

beforeAll(async () => {
  up = await startFakeUpstreams(upstream);
  vars = chainExperts(upstream, up);
  // A registered expert whose calibration never ends while the test looks.
  upstream.script("m-slow", { latencyMs: 60_000 });
});

afterEach(async () => {
  await worker?.close();
  worker = undefined;
});

afterAll(async () => {
  await up?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("the Workers entry", () => {
  it("an isolate's start restores registered experts without starting their calibrations again in a request's background", async () => {
    const persistTo = join(dir, "calibration");
    worker = await startWorker(vars, { persistTo });
    const r = await fetch(`${worker.url}/v1/experts`, json({ id: "slowpoke", provider: "openai", model: "m-slow", baseURL: up.openai.baseURL, local: false, pricing: { inputPerMTok: 1, outputPerMTok: 1 }, domains: ["general"] }));
    expect(r.status).toBe(202);
    const t0 = Date.now();
    while (calls("m-slow") === 0) {
      if (Date.now() - t0 > 20_000) throw new Error("the calibration never called its expert");
      await sleep(50);
    }
    await worker.close(); // the calibration is cut: the expert stays "calibrating" in D1
    worker = await startWorker(vars, { persistTo });
    const before = calls("m-slow");
    const expert = await fetch(`${worker.url}/v1/experts/slowpoke`);
    expect(expert.status).toBe(200); // restored into the catalog
    expect(((await expert.json()) as { calibration: { status: string } }).calibration.status).toBe("calibrating");
    await sleep(3000);
    // A calibration started in the background of a Worker request is cut 30 s after the response, in every isolate
    // that starts: none may start here (POST /v1/experts/:id/calibrate runs one on request).
    expect(calls("m-slow") - before).toBe(0);
  }, 90_000);
});

describe("the Workers entry without its task Durable Objects", () => {
  it("a deployment with no TASKS binding says so on the task routes instead of answering 404", async () => {
    // wrangler.toml without its [[durable_objects.bindings]] and [[migrations]] tables.
    const toml = readFileSync(join(ROOT, "wrangler.toml"), "utf8").split("[[durable_objects.bindings]]")[0]!.replace('main = "src/worker.ts"', `main = "${join(ROOT, "src/worker.ts")}"`);
    const config = join(dir, "no-tasks.wrangler.toml");
    writeFileSync(config, toml);
    worker = await startWorker(vars, { config });
    expect((await fetch(`${worker.url}/healthz`)).status).toBe(200); // the rest of the API serves
    for (const [path, init] of [["/v1/tasks", json({ input: "hi" })], ["/v1/tasks", undefined], ["/v1/tasks/task_x/events", undefined]] as const) {
      const r = await fetch(`${worker.url}${path}`, init);
      const body = (await r.json()) as { error: { code: string; message: string } };
      expect([r.status, body.error.code], path).toEqual([500, "config_invalid"]);
      expect(body.error.message).toContain('"TASKS"');
    }
  }, 90_000);
});
