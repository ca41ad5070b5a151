// Chat answers are judged live by the rule judges after delivery: leaks lower safety until the policy blocks, and answers never wait for it.
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConfigSchema } from "../../src/config.js";
import { FakeUpstream, startFakeUpstreams, type FakeRequest, type FakeUpstreams } from "../../src/experts/fakes/index.js";
import { lastUserText } from "../../src/experts/fakes/prompt-parts.js";
import { openSqliteStore } from "../../src/store/sqlite.js";
import { serveApp, storeWith, type AppServer } from "./app-server.js";
import { json, startHarness, type Harness, type TestExpert } from "./harness.js";

const LEAK = "def customer():\n    # Maria Lopez, maria.lopez@fastmail.com, card 4539 1488 0343 6467\n    return None";
const CLEAN = "def reverse(head):\n    prev = None\n    while head:\n        head.next, prev, head = prev, head, head.next\n    return prev";
const CLEAN_PROMPT = "Write a Python function that reverses a linked list.";
const LEAK_PROMPT = "Write a Python function that returns the customer record.";
const GENERAL_PROMPT = "Tell me about the history of the Roman republic.";

/** The answering model: leaks on the customer prompt, answers broken JSON when JSON mode is asked for, else a clean answer. */
const reply = (req: FakeRequest) => (req.json ? "{\"port\": 80" : lastUserText(req.messages).includes("customer") ? LEAK : CLEAN);
const expert = (id: string, code: number, script?: TestExpert["script"]): TestExpert => ({
  id, provider: "openai", model: `${id}-llm`, local: false, pricing: { inputPerMTok: 0.15, outputPerMTok: 0.6 },
  domains: ["code", "general"], skills: { code, general: 0.8 }, ...(script ? { script } : {}),
});

type Entry = { expert: string; mean: number; n: number; blocked?: string };
type Route = { expert: string; candidates: { expert: string; excludedBecause?: string }[] };

/** Polls the leaderboard until `expert`'s cell has `n` samples: the judging runs after the answer. */
async function cellAt(http: (p: string) => Promise<Response>, domain: string, dimension: string, expertId: string, n: number): Promise<Entry> {
  for (const t0 = Date.now(); ; await new Promise((r) => setTimeout(r, 25))) {
    const [board] = ((await (await http(`/v1/leaderboard?domain=${domain}&dimension=${dimension}`)).json()) as { data: { entries: Entry[] }[] }).data;
    const e = board!.entries.find((x) => x.expert === expertId)!;
    if (e.n >= n) return e;
    if (Date.now() - t0 > 5_000) throw new Error(`${expertId} ${domain}/${dimension} stayed at n=${e.n}, expected ${n}`);
  }
}

async function streamed(client: OpenAI, model: string, content: string): Promise<string> {
  const stream = await client.chat.completions.create({ model, stream: true, messages: [{ role: "user", content }] });
  let text = "";
  for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? "";
  return text;
}

describe("live judging on the real server", () => {
  let h: Harness;
  const ask = async (content: string, model = "eo/auto") => (await h.client.chat.completions.create({ model, messages: [{ role: "user", content }] }));
  const cell = (domain: string, dimension: string, id: string, n: number) => cellAt(h.http, domain, dimension, id, n);
  const route = async (prompt: string) => (await (await h.http("/v1/route", json({ prompt }))).json()) as Route;
  beforeAll(async () => {
    h = await startHarness([expert("alpha", 0.9, { reply }), expert("beta", 0.85)], { defaults: { strategy: "quality" } });
  });
  afterAll(async () => h?.close());

  it("a clean answer raises the answering expert's safety in the domain; a leaking one (streamed) lowers it; the answers are untouched", async () => {
    const prior = await cell("code", "safety", "alpha", 0);
    expect(prior.n).toBe(0);
    const clean = await ask(CLEAN_PROMPT);
    expect([clean.model, clean.choices[0]!.message.content]).toEqual(["alpha", CLEAN]);
    const afterClean = await cell("code", "safety", "alpha", 1);
    expect(afterClean.mean).toBeGreaterThan(prior.mean);

    expect(await streamed(h.client, "eo/auto", LEAK_PROMPT)).toBe(LEAK);
    const afterLeak = await cell("code", "safety", "alpha", 2);
    expect(afterLeak.n).toBe(2);
    expect(afterLeak.mean).toBeLessThan(afterClean.mean);
    // The refusal judge read both answers too (its dimension: format); no one else's profile moved.
    expect((await cell("code", "format", "alpha", 2)).n).toBe(2);
    expect((await cell("code", "safety", "beta", 0)).n).toBe(0);
  });

  it("response_format json_object brings in the JSON judge: broken JSON lowers format", async () => {
    const before = await cell("general", "format", "alpha", 0);
    const r = await h.client.chat.completions.create({ model: "alpha", response_format: { type: "json_object" }, messages: [{ role: "user", content: GENERAL_PROMPT }] });
    expect(r.choices[0]!.message.content).toBe("{\"port\": 80");
    const after = await cell("general", "format", "alpha", before.n + 2); // refusal's sample and json's
    expect(after.mean).toBeLessThan(before.mean);
  });

  it("after enough leaks the safety policy blocks the expert in that domain only", async () => {
    const alphaIn = (d: Route) => d.candidates.find((c) => c.expert === "alpha")!;
    let d = await route(CLEAN_PROMPT);
    for (let i = 0, n = (await cell("code", "safety", "alpha", 0)).n; i < 6 && !alphaIn(d).excludedBecause; i++) {
      expect((await ask(LEAK_PROMPT, "alpha")).choices[0]!.message.content).toBe(LEAK); // named: the classifier gives the domain
      await cell("code", "safety", "alpha", ++n);
      d = await route(CLEAN_PROMPT);
    }
    expect(d.expert).toBe("beta");
    expect(alphaIn(d).excludedBecause).toMatch(/safety judges scored it 0\.\d+ in code \(\d+ samples\), under the floor 0\.5/);
    expect((await cell("code", "safety", "alpha", 0)).blocked).toMatch(/until it is calibrated again/);
    expect((await ask(CLEAN_PROMPT)).model).toBe("beta");
    // General is another domain: alpha still serves it.
    expect((await route(GENERAL_PROMPT)).candidates.find((c) => c.expert === "alpha")?.excludedBecause).toBeUndefined();
  });
});

describe("answers never wait for the judging", () => {
  let upstreams: FakeUpstreams;
  let srv: AppServer;
  let client: OpenAI;
  /** The store's evidence writes: held until released, or failing. */
  let gate: Promise<void> = Promise.resolve();
  let failWrites = false;
  const serverErrors: unknown[] = [];
  const http = (p: string) => srv.http(p);

  beforeAll(async () => {
    const upstream = new FakeUpstream();
    upstreams = await startFakeUpstreams(upstream);
    upstream.script("alpha-llm", { reply });
    const config = ConfigSchema.parse({ experts: [{ ...expert("alpha", 0.9), baseURL: upstreams.openai.baseURL }] });
    // The real store, with a slow or failing evidence write.
    const store = storeWith(await openSqliteStore(":memory:"), {
      recordEvidence: (target) => async (...args) => {
        await gate;
        if (failWrites) throw new Error("evidence write failed");
        return target.recordEvidence(...args);
      },
    });
    srv = await serveApp(config, store, (e) => serverErrors.push(e));
    client = srv.client;
  });
  afterAll(async () => {
    await srv.close();
    await upstreams.close();
  });

  it("while the evidence write hangs, whole and streamed answers (with [DONE]) arrive unchanged; the evidence lands after", async () => {
    let release!: () => void;
    gate = new Promise((ok) => (release = ok));
    const whole = await client.chat.completions.create({ model: "eo/auto", messages: [{ role: "user", content: LEAK_PROMPT }] });
    expect(whole.choices[0]!.message.content).toBe(LEAK);
    expect(await streamed(client, "eo/auto", CLEAN_PROMPT)).toBe(CLEAN); // the SDK's stream ends at [DONE]
    expect((await cellAt(http, "code", "safety", "alpha", 0)).n).toBe(0); // nothing recorded yet
    release();
    expect((await cellAt(http, "code", "safety", "alpha", 2)).n).toBe(2);
  });

  it("when the evidence write fails, the answer is still delivered and the failure reported", async () => {
    failWrites = true;
    const r = await client.chat.completions.create({ model: "eo/auto", messages: [{ role: "user", content: LEAK_PROMPT }] });
    expect(r.choices[0]!.message.content).toBe(LEAK);
    for (const t0 = Date.now(); serverErrors.length === 0 && Date.now() - t0 < 5_000; ) await new Promise((ok) => setTimeout(ok, 25));
    expect(serverErrors).toEqual([expect.objectContaining({ message: "evidence write failed" })]);
    expect((await cellAt(http, "code", "safety", "alpha", 0)).n).toBe(2);
  });
});
