// The rule judges in real workerd (the Workers runtime, which forbids eval): the same verdicts as in Node, for every judge.
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { unstable_startWorker } from "wrangler";
import type { JudgeInput, Verdict } from "../../src/judging/judge.js";
import { RULE_JUDGES } from "../../src/judging/registry.js";
import { contractInputs } from "./contract.js";

// Its own config: the root wrangler.toml, which the working directory would supply, binds the task Durable Object.
const CONFIG = fileURLToPath(new URL("./fixtures/wrangler.toml", import.meta.url));
let worker: Awaited<ReturnType<typeof unstable_startWorker>>;
let url: string;

beforeAll(async () => {
  process.env.WRANGLER_SEND_METRICS = "false";
  process.env.CLOUDFLARE_CF_FETCH_ENABLED = "false";
  // The compatibility settings of the root wrangler.toml: a judge that runs here runs in the deployed Worker.
  worker = await unstable_startWorker({
    config: CONFIG,
    dev: { remote: false, server: { hostname: "127.0.0.1", port: 0 }, inspector: false, persist: false, watch: false, liveReload: false, logLevel: "warn" },
  });
  await worker.ready;
  url = (await worker.url).origin;
  // The first request waits for the bundle and a new isolate: make it here, under the hook's timeout.
  await fetch(url, { method: "POST", body: JSON.stringify({ prompt: "warm up", response: "ok" }) });
}, 90_000);
afterAll(() => worker?.dispose());

const inWorkerd = async (input: JudgeInput) => {
  const r = await fetch(url, { method: "POST", body: JSON.stringify(input) });
  expect(r.status).toBe(200);
  return (await r.json()) as Record<string, Verdict>;
};

// Dozens of round trips to workerd: on a loaded two-core machine that can pass the suite's 20 s default.
describe("rule judges in workerd", { timeout: 90_000 }, () => {
  it("give the verdicts they give in Node, on the contract's inputs", async () => {
    // JSON carries no lone surrogates faithfully: inputs are compared after the same round trip.
    const inputs = contractInputs().map((i) => JSON.parse(JSON.stringify(i)) as JudgeInput);
    for (const input of inputs) {
      const remote = await inWorkerd(input);
      for (const [name, judge] of Object.entries(RULE_JUDGES)) expect(remote[name], name).toEqual(JSON.parse(JSON.stringify(judge.judge(input))));
    }
  });

  it("validate a JSON Schema (no eval) and parse Python and TypeScript there", async () => {
    const v = await inWorkerd({
      prompt: "Write a typescript function. Respond in JSON.",
      response: '```json\n{"name": 7}\n```\n```ts\nconst f = (x: number): number => x +;\n```',
      expect: { jsonSchema: { type: "object", properties: { name: { type: "string" } } } },
    });
    expect(v.json?.reasons[1]).toMatch(/^at \/name \(schema \/properties\/name\/type\)/);
    expect(v["code-parses"]?.reasons[0]).toMatch(/typescript at answer line 5\): syntax error/);
  });
});
