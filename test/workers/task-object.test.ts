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
const calls = (model: string) => upstream.requests.filter((q) => q.model === model).length;

beforeAll(async () => {
  up = await startFakeUpstreams(upstream);
  vars = chainExperts(upstream, up);
  // The model of an expert whose registration must be refused: it must never be called.
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

describe("the Workers entry without its Durable Objects", () => {
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

  it("a deployment with no CALIBRATIONS binding says so where a calibration would start or stream, and serves the rest", async () => {
    // wrangler.toml without the calibration objects' binding and migration (the task objects stay).
    const toml = readFileSync(join(ROOT, "wrangler.toml"), "utf8").split("# Calibrations of experts")[0]!.replace('main = "src/worker.ts"', `main = "${join(ROOT, "src/worker.ts")}"`);
    expect(toml).toContain('name = "TASKS"');
    const config = join(dir, "no-calibrations.wrangler.toml");
    writeFileSync(config, toml);
    worker = await startWorker(vars, { config });
    const newcomer = { id: "slowpoke", provider: "openai", model: "m-slow", baseURL: up.openai.baseURL, local: false, pricing: { inputPerMTok: 1, outputPerMTok: 1 }, domains: ["general"] };
    for (const [path, init] of [["/v1/experts", json(newcomer)], ["/v1/experts/mathbot/calibrate", json({})], ["/v1/experts/mathbot/calibration/events", undefined]] as const) {
      const r = await fetch(`${worker.url}${path}`, init);
      const body = (await r.json()) as { error: { code: string; message: string } };
      expect([r.status, body.error.code], path).toEqual([500, "config_invalid"]);
      expect(body.error.message).toContain('"CALIBRATIONS"');
    }
    // Nothing was registered, nothing called; the catalog is served.
    const list = (await (await fetch(`${worker.url}/v1/experts`)).json()) as { data: { id: string }[] };
    expect(list.data.map((e) => e.id)).toEqual(["big", "mathbot", "writer"]);
    expect(calls("m-slow")).toBe(0);
    expect((await fetch(`${worker.url}/v1/experts/mathbot`)).status).toBe(200);
  }, 90_000);
});
