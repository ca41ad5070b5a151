// `eo.cascade` on the real server: cheaper experts answer first, a rule judge decides whether the routed expert is needed.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { parseOutcomesJsonl } from "../../src/bench/outcomes.js";
import { trainPredictor } from "../../src/routing/predictor/train.js";
import type { FakeRequest } from "../../src/experts/fakes/index.js";
import { lastUserText } from "../../src/experts/fakes/prompt-parts.js";
import { json, startHarness, type Harness, type TestExpert } from "./harness.js";

/** A multiple-choice question; its wording tells the fakes how to answer (see `reply`). */
const question = (kind: "agree" | "split" | "refuse") =>
  `Which metal is liquid at room temperature? (${kind})\nA) iron\nB) mercury\nC) copper\nD) zinc\nAnswer with the letter only.`;

/** cheap-a and cheap-b agree on B for "agree"; on "split" cheap-a says A; on "refuse" both decline; dear always says B. */
const reply = (model: string) => (req: FakeRequest) => {
  const q = lastUserText(req.messages);
  if (model === "dear-llm") return "B";
  if (q.includes("(refuse)")) return "I'm sorry, I can't help with that.";
  if (q.includes("(split)") && model === "cheap-a-llm") return "A";
  return "B) mercury";
};

const expert = (id: string, price: number, skill: number): TestExpert => ({
  id, provider: "openai", model: `${id}-llm`, local: false, pricing: { inputPerMTok: price, outputPerMTok: price * 4 },
  domains: ["science", "general"], skills: { science: skill, general: skill },
  script: { reply: reply(`${id}-llm`), usage: { promptTokens: 100, completionTokens: 10 } },
});

const CATALOG = [expert("cheap-a", 0.1, 0.8), expert("cheap-b", 0.3, 0.78), expert("dear", 10, 0.95)];
/** What one call of each expert costs with the scripted usage (100 in, 10 out). */
const callCost = (price: number) => (100 * price + 10 * price * 4) / 1e6;

type Eo = {
  requestId: string; expert: string; costUsd: number; reason: string;
  attempts: { expert: string; outcome: string }[];
  cascade?: { accepted: string | null; target: string; reason: string; stagesCostUsd: number; steps: { expert: string; pass: boolean; answer?: string; judge: string }[] };
};

describe("eo.cascade on eo/auto", () => {
  let h: Harness;
  const called = () => h.upstream.requests.map((r) => r.model);
  const ask = async (content: string, eo: Record<string, unknown> = { strategy: "quality", cascade: true }) =>
    h.client.chat.completions.create({ model: "eo/auto", messages: [{ role: "user", content }], eo } as never) as unknown as Promise<{
      model: string; choices: { message: { content: string } }[]; usage: { prompt_tokens: number; completion_tokens: number }; eo: Eo; id: string;
    }>;
  beforeAll(async () => {
    h = await startHarness(CATALOG);
  });
  afterAll(async () => h?.close());
  beforeEach(() => h.upstream.reset());

  it("two cheaper experts agree: their answer is delivered and the routed expert is never called", async () => {
    const r = await ask(question("agree"));
    expect(called()).toEqual(["cheap-a-llm", "cheap-b-llm"]);
    expect(r.model).toBe("cheap-b");
    expect(r.choices[0]!.message.content).toBe("B) mercury");
    expect(r.eo.cascade).toMatchObject({ accepted: "cheap-b", target: "dear", reason: "cheap-a and cheap-b agree on B" });
    expect(r.eo.cascade!.steps).toEqual([
      { expert: "cheap-a", costUsd: expect.any(Number), judge: "choice-answer", pass: true, answer: "B" },
      { expert: "cheap-b", costUsd: expect.any(Number), judge: "choice-answer", pass: true, answer: "B" },
    ]);
    // What was paid for: both stages.
    expect(r.eo.costUsd).toBeCloseTo(callCost(0.1) + callCost(0.3), 12);
    expect(r.usage).toMatchObject({ prompt_tokens: 200, completion_tokens: 20 });
    expect(r.eo.reason).toContain("Cascade: cheap-a and cheap-b agree on B.");

    // The audit trail has both calls, the cascade's reason and the total cost.
    const rec = (await (await h.http(`/v1/requests/${r.eo.requestId}`)).json()) as { answeredBy: string; costUsd: number; reason: string; attempts: { expert: string }[] };
    expect(rec.answeredBy).toBe("cheap-b");
    expect(rec.attempts.map((a) => a.expert)).toEqual(["cheap-a", "cheap-b"]);
    expect(rec.costUsd).toBeCloseTo(r.eo.costUsd, 12);
    expect(rec.reason).toContain("Cascade:");
  });

  it("they disagree: the routed expert answers, and the cost counts every call", async () => {
    const r = await ask(question("split"));
    expect(called()).toEqual(["cheap-a-llm", "cheap-b-llm", "dear-llm"]);
    expect([r.model, r.choices[0]!.message.content]).toEqual(["dear", "B"]);
    expect(r.eo.cascade).toMatchObject({ accepted: null, reason: "no cheaper answer was enough, so dear" });
    expect(r.eo.cascade!.steps.map((s) => s.answer)).toEqual(["A", "B"]);
    expect(r.eo.costUsd).toBeCloseTo(callCost(0.1) + callCost(0.3) + callCost(10), 12);
    expect(r.usage.prompt_tokens).toBe(300);
  });

  it("refusals do not pass the judge; votes: 1 accepts the first passing answer", async () => {
    const refused = await ask(question("refuse"));
    expect(refused.model).toBe("dear");
    // cheap-a refused, so cheap-b alone could not make two votes: it is not asked (nor paid for).
    expect(called()).toEqual(["cheap-a-llm", "dear-llm"]);
    expect(refused.eo.cascade!.steps.map((s) => s.pass)).toEqual([false]);
    expect(refused.eo.cascade!.reason).toBe("no cheaper answer can be enough now, so dear");
    h.upstream.reset();
    const one = await ask(question("split"), { strategy: "quality", cascade: { votes: 1 } });
    expect(called()).toEqual(["cheap-a-llm"]);
    expect([one.model, one.choices[0]!.message.content]).toEqual(["cheap-a", "A"]);
  });

  it("streams: an accepted stage's answer is streamed whole, with the total usage", async () => {
    const stream = await h.client.chat.completions.create({
      model: "eo/auto", stream: true, stream_options: { include_usage: true }, messages: [{ role: "user", content: question("agree") }],
      eo: { strategy: "quality", cascade: true },
    } as never) as unknown as AsyncIterable<{ model: string; choices: { delta: { content?: string } }[]; usage?: { prompt_tokens: number } }>;
    let text = "";
    let usage: { prompt_tokens: number } | undefined;
    const models = new Set<string>();
    for await (const c of stream) {
      text += c.choices[0]?.delta.content ?? "";
      usage = c.usage ?? usage;
      models.add(c.model);
    }
    expect([text, [...models]]).toEqual(["B) mercury", ["cheap-b"]]);
    expect(usage?.prompt_tokens).toBe(200);
    expect(called()).toEqual(["cheap-a-llm", "cheap-b-llm"]);
  });

  it("the routed expert fails after a split: the best passing stage answer is delivered, not an error", async () => {
    h.upstream.fault("dear-llm", { kind: "server_error" }, { kind: "server_error" });
    const r = await ask(question("split"));
    // The stages are not asked again as fallbacks; the better-predicted of the two passing answers is delivered.
    expect(called()).toEqual(["cheap-a-llm", "cheap-b-llm", "dear-llm", "dear-llm"]);
    expect([r.model, r.choices[0]!.message.content]).toEqual(["cheap-a", "A"]);
    expect(r.eo.reason).toContain("cheap-a's passing answer");
    expect(r.eo.attempts.filter((a) => a.expert === "dear").map((a) => a.outcome)).toEqual(["server_error", "server_error"]);
  });

  it("nobody gives an answer: the error's audit record still counts what the stages cost", async () => {
    // cheap-a refuses; cheap-b is then not asked as a stage (one answer cannot make two votes), so it is the routed
    // expert's fallback, and fails too.
    h.upstream.fault("dear-llm", { kind: "server_error" }, { kind: "server_error" });
    h.upstream.fault("cheap-b-llm", { kind: "server_error" }, { kind: "server_error" });
    const res = await h.http("/v1/chat/completions", json({ model: "eo/auto", messages: [{ role: "user", content: question("refuse") }], eo: { strategy: "quality", cascade: true } }));
    expect(res.status).toBe(502);
    const rec = (await (await h.http(`/v1/requests/${res.headers.get("x-request-id")}`)).json()) as { outcome: string; answeredBy: string | null; costUsd: number; cascade: { accepted: string | null; steps: { pass: boolean }[] } };
    expect(rec).toMatchObject({ outcome: "error", answeredBy: null, cascade: { accepted: null } });
    expect(rec.cascade.steps.map((s) => s.pass)).toEqual([false]);
    expect(rec.costUsd).toBeCloseTo(callCost(0.1), 12);
    // What nobody's answer cost is still spend: /metrics counts it under expert "none".
    const metrics = await (await h.http("/metrics")).text();
    expect(Number(/^eo_cost_usd_total\{expert="none"\} (\S+)$/m.exec(metrics)?.[1])).toBeGreaterThanOrEqual(callCost(0.1) - 1e-12);
    expect(metrics).toMatch(/^eo_cascade_requests_total\{ended="other"\} [1-9]/m);
  });

  it("/metrics counts how cascades ended, their stages' verdicts and what the stages cost", async () => {
    const metric = async () => {
      const text = await (await h.http("/metrics")).text();
      return (name: string) => Number(new RegExp(`^${name.replace(/[{}]/g, "\\$&")} (\\S+)$`, "m").exec(text)?.[1] ?? 0);
    };
    const before = await metric();
    await ask(question("agree")); // cheap-a and cheap-b agree: a stage's answer is delivered
    await ask(question("split")); // they disagree: the target answers
    // The audit record (which feeds /metrics) may be written just after the answer is sent.
    let after = await metric();
    for (let i = 0; i < 100 && after('eo_cascade_requests_total{ended="target"}') === before('eo_cascade_requests_total{ended="target"}'); i++) {
      await new Promise((r) => setTimeout(r, 20));
      after = await metric();
    }
    const delta = (name: string) => after(name) - before(name);
    expect(delta('eo_cascade_requests_total{ended="stage"}')).toBe(1);
    expect(delta('eo_cascade_requests_total{ended="target"}')).toBe(1);
    expect(delta('eo_cascade_stage_answers_total{expert="cheap-a",pass="true"}')).toBe(2);
    expect(delta('eo_cascade_stage_answers_total{expert="cheap-b",pass="true"}')).toBe(2);
    expect(delta('eo_cascade_stage_cost_usd_total{expert="cheap-a"}')).toBeCloseTo(2 * callCost(0.1), 12);
    expect(delta('eo_cascade_stage_cost_usd_total{expert="cheap-b"}')).toBeCloseTo(2 * callCost(0.3), 12);
  });

  it("without eo.cascade nothing changes: the routed expert alone", async () => {
    const r = await ask(question("agree"), { strategy: "quality" });
    expect(called()).toEqual(["dear-llm"]);
    expect(r.eo.cascade).toBeUndefined();
  });

  it("learning from traffic: feedback on a cascaded answer carries over to the stages, and eo export outcomes writes it", async () => {
    const r = await ask(question("split")); // cheap-a says A, cheap-b says B, dear answers B
    const fb = await h.http("/v1/feedback", json({ requestId: r.eo.requestId, dimension: "correctness", score: 1 }));
    expect(fb.status).toBe(201);
    // The audit record kept the text and the cascade, as the judge read it.
    const rec = (await (await h.http(`/v1/requests/${r.eo.requestId}`)).json()) as { domain: string; text: { prompt: string; response: string }; cascade: { answer: string; steps: { expert: string; response: string }[] } };
    expect(rec.text).toEqual({ prompt: question("split"), response: "B" });
    expect(rec.cascade.answer).toBe("B");
    expect(rec.cascade.steps.map((s) => [s.expert, s.response])).toEqual([["cheap-a", "A"], ["cheap-b", "B) mercury"]]);

    const out = join(h.dataDir, "traffic.jsonl");
    // Asynchronously: the server runs in this process, and a blocked event loop would stall it (and break its
    // keep-alive connections) for as long as the command runs.
    await promisify(execFile)(process.execPath, ["--import", "tsx", "src/cli.ts", "export", "outcomes", "--out", out], { env: { ...process.env, EO_DATA_DIR: h.dataDir } });
    const records = parseOutcomesJsonl(readFileSync(out, "utf8"));
    const mine = records.find((x) => x.id === r.eo.requestId)!;
    expect(mine).toMatchObject({ prompt: question("split"), domain: rec.domain, task: "chat" });
    expect(mine.outcomes).toEqual({
      dear: { score: 1, costUsd: expect.closeTo(callCost(10), 12), response: "B" },
      "cheap-b": { score: 1, costUsd: expect.closeTo(callCost(0.3), 12), response: "B) mercury" }, // the same answer
      "cheap-a": { score: 0, costUsd: expect.closeTo(callCost(0.1), 12), response: "A" }, // another option, and B was right
    });
    // Only scored requests are exported; the router retrains on the file.
    expect(records.every((x) => x.task === "chat" && x.id === r.eo.requestId)).toBe(true);
    expect(trainPredictor(records, { folds: 0, l2Grid: [] }).experts.map((e) => e.name).sort()).toEqual(["cheap-a", "cheap-b", "dear"]);
  });

  it("maxCostUsd bounds the whole cascade: only the stages that fit with the target are asked", async () => {
    const preview = async (eo: Record<string, unknown>) =>
      ((await (await h.http("/v1/route", json({ prompt: question("split"), eo }))).json()) as { cascade: { target: { costUsd: number }; stages: { expert: string; costUsd: number }[] } }).cascade;
    const all = await preview({ strategy: "quality", cascade: true });
    expect(all.stages.map((s) => s.expert)).toEqual(["cheap-a", "cheap-b"]);
    // Room for the target and the first stage, not the second.
    const maxCostUsd = all.target.costUsd + all.stages[0]!.costUsd + all.stages[1]!.costUsd / 2;
    const bounded = await preview({ strategy: "quality", cascade: true, maxCostUsd });
    expect(bounded.stages.map((s) => s.expert)).toEqual(["cheap-a"]);
    // One stage cannot make the default two votes, so it is not asked; with one vote needed, it is, and answers.
    const two = await ask(question("split"), { strategy: "quality", cascade: true, maxCostUsd });
    expect(called()).toEqual(["dear-llm"]);
    expect([two.model, two.eo.cascade!.reason]).toEqual(["dear", "no cheaper answer could be enough, so dear"]);
    h.upstream.reset();
    const one = await ask(question("split"), { strategy: "quality", cascade: { votes: 1 }, maxCostUsd });
    expect(called()).toEqual(["cheap-a-llm"]);
    expect(one.model).toBe("cheap-a");
  });

  it("a request for JSON is judged by the JSON judge: prose from the stages does not pass, so the target answers", async () => {
    const r = (await h.client.chat.completions.create({
      model: "eo/auto", response_format: { type: "json_object" }, messages: [{ role: "user", content: question("agree") }], eo: { strategy: "quality", cascade: { solo: 0.01 } },
    } as never)) as unknown as { model: string; eo: Eo };
    expect(r.model).toBe("dear");
    expect(r.eo.cascade!.steps.map((s) => [s.expert, s.judge, s.pass])).toEqual([["cheap-a", "json", false], ["cheap-b", "json", false]]);
    // The JSON judge extracts no answer to vote with, so only a stage that may answer alone (solo) is worth asking.
    h.upstream.reset();
    const dflt = (await h.client.chat.completions.create({
      model: "eo/auto", response_format: { type: "json_object" }, messages: [{ role: "user", content: question("agree") }], eo: { strategy: "quality", cascade: true },
    } as never)) as unknown as { model: string; eo: Eo };
    expect([dflt.model, dflt.eo.cascade!.steps, called()]).toEqual(["dear", [], ["dear-llm"]]);
  });

  it("/v1/route previews the cascade without calling any model", async () => {
    const res = await h.http("/v1/route", json({ prompt: question("agree"), eo: { strategy: "quality", cascade: { maxStages: 1 } } }));
    expect(res.status).toBe(200);
    const body = (await res.json()) as { expert: string; cascade: { votes: number; maxStages: number; target: { expert: string }; stages: { expert: string; quality: number; costUsd: number }[] } };
    expect(body.expert).toBe("dear");
    expect(body.cascade).toMatchObject({ votes: 2, maxStages: 1, target: { expert: "dear" }, stages: [{ expert: "cheap-a" }] });
    expect(body.cascade.stages[0]!.costUsd).toBeLessThan(callCost(10));
    const plain = (await (await h.http("/v1/route", json({ prompt: question("agree"), eo: { strategy: "quality" } }))).json()) as { cascade?: unknown };
    expect(plain.cascade).toBeUndefined();
    const bad = await h.http("/v1/route", json({ prompt: question("agree"), eo: { cascade: { floor: 2 } } }));
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toMatch(/^eo\.cascade\.floor: /);
    expect(called()).toEqual([]);
  });

  it("bad cascade settings are a 400 naming the field", async () => {
    const bad = async (body: Record<string, unknown>) => {
      const res = await h.http("/v1/chat/completions", json({ messages: [{ role: "user", content: question("agree") }], ...body }));
      return { status: res.status, error: ((await res.json()) as { error: { param: string; message: string } }).error };
    };
    expect(await bad({ model: "eo/auto", eo: { cascade: { votes: 0 } } })).toMatchObject({ status: 400, error: { param: "eo.cascade.votes" } });
    expect(await bad({ model: "eo/auto", eo: { cascade: { steps: 2 } } })).toMatchObject({ status: 400, error: { param: "eo.cascade" } });
    expect(await bad({ model: "dear", eo: { cascade: true } })).toMatchObject({ status: 400, error: { param: "eo" } });
    const tools = [{ type: "function", function: { name: "lookup", parameters: { type: "object" } } }];
    expect(await bad({ model: "eo/auto", tools, eo: { cascade: true } })).toMatchObject({ status: 400, error: { param: "eo.cascade" } });
    expect(called()).toEqual([]);
  });
});

describe("server.recordChatText: false", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(CATALOG, { server: { recordChatText: false } });
  });
  afterAll(async () => h?.close());

  it("keeps no prompt or answer text in the audit record, and the cascade's stages without their answers", async () => {
    const r = (await h.client.chat.completions.create({ model: "eo/auto", messages: [{ role: "user", content: question("agree") }], eo: { strategy: "quality", cascade: true } } as never)) as unknown as { eo: Eo };
    const rec = (await (await h.http(`/v1/requests/${r.eo.requestId}`)).json()) as Record<string, unknown> & { cascade: { steps: Record<string, unknown>[] } };
    expect(rec.text).toBeUndefined();
    expect(rec.cascade.steps.map((s) => [s.expert, s.answer, "response" in s])).toEqual([["cheap-a", "B", false], ["cheap-b", "B", false]]);
  });
});
