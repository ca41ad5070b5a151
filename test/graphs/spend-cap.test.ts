// A running task never spends past its budget: every call is token-capped, streams are stopped at their cap, partial answers are counted.
import { countTokens } from "gpt-tokenizer";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { executorMessages } from "../../agents/executor/prompt.js";
import { MIN_OUTPUT_TOKENS, outputTokenCap, requestInputTokens } from "../../agents/model-call.js";
import { spentOf, type SubtaskState } from "../../agents/task.js";
import { costOf } from "../../src/experts/expert.js";
import { wordChunks } from "../../src/experts/fakes/reply.js";
import type { EstimateRecord } from "../../src/store/tasks.js";
import { defaultReply, isJudgeRequest, isPlannerRequest, newRun, startGraphHarness, type Harness, type TestExpert } from "./harness.js";

/** A 20,000-word answer: about $0.35 of output at $15 per million tokens, whatever the task's budget. */
const WORDS = "Green tea leaves are steamed or pan-fired soon after picking, then rolled, shaped and dried to keep their colour.".split(" ");
const LONG = Array.from({ length: 20_000 }, (_, i) => WORDS[i % WORDS.length]).join(" ");

const subtask = (id: string, instruction: string) => ({ id, instruction, domain: "general", dependsOn: [], expectedOutput: "a paragraph" });
const ONE = [subtask("s1", "Explain how green tea is processed.")];
const TWO = [...ONE, subtask("s2", "Describe the history of tea.")];
let plan = ONE;

/** Realistic prices: a small model plans, judges and synthesizes; a dear one answers every subtask at great length. */
const VERBOSE = { inputPerMTok: 3, outputPerMTok: 15 };
const EXPERTS: TestExpert[] = [
  { id: "brain", provider: "openai", model: "brain-1", local: false, pricing: { inputPerMTok: 0.15, outputPerMTok: 0.6 },
    domains: ["reasoning", "writing"], skills: { reasoning: 0.9, writing: 0.9 },
    script: { reply: (req) => (isPlannerRequest(req) ? JSON.stringify({ subtasks: plan }) : defaultReply(req)) } },
  { id: "verbose", provider: "openai", model: "verbose-1", local: false, pricing: VERBOSE, domains: ["general"], skills: { general: 0.9 },
    script: { reply: (req) => (isJudgeRequest(req) || isPlannerRequest(req) ? defaultReply(req) : LONG) } },
];
const EPS = 1e-12;

/** The most one streamed chunk of the long answer can cost (the documented overshoot of a stream stopped at its cap). */
const CHUNK_USD = costOf({ pricing: VERBOSE }, 0, Math.max(...wordChunks(LONG).map((c) => countTokens(c))));

async function until(cond: () => boolean, timeoutMs = 2_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 10));
  }
}

function spendOf(out: { ledger: Record<string, number>; costUsd: number }) {
  return { ledger: spentOf(out.ledger), reported: out.costUsd };
}

describe("orchestrator: a long-winded expert cannot take a task past its budget", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startGraphHarness(EXPERTS);
  });
  afterAll(() => h.close());

  it.each([
    { name: "one subtask", subtasks: ONE, budgetUsd: 0.02 },
    { name: "two subtasks in parallel", subtasks: TWO, budgetUsd: 0.03 },
  ])("$name: the estimate says run, the answers are cut to fit, the spend stays within the budget", async ({ subtasks, budgetUsd }) => {
    plan = subtasks;
    h.upstream.reset();
    const run = newRun(h);
    const out = await run.graph.invoke(run.input({ input: "Tell me about tea.", budgetUsd }), run.config);

    const estimate = run.of("estimate").at(-1)!.data as unknown as EstimateRecord;
    expect(estimate.decision).toBe("run");
    expect(estimate.total.p90).toBeLessThanOrEqual(budgetUsd);
    const spend = spendOf(out);
    expect(spend.ledger).toBeLessThanOrEqual(budgetUsd + EPS);
    expect(spend.reported).toBeCloseTo(spend.ledger, 12);
    // Either it completed, or it stopped where the budget ran out — never by spending more.
    if (out.error) expect(out.error.code).toBe("budget_exceeded");

    // Every call asked for a bounded answer; each executor's was its share of what planning left.
    expect(h.upstream.requests.length).toBeGreaterThan(subtasks.length);
    for (const r of h.upstream.requests) expect(r.maxTokens).toBeGreaterThanOrEqual(MIN_OUTPUT_TOKENS);
    const executorCalls = h.upstream.requests.filter((r) => r.model === "verbose-1" && !isJudgeRequest(r));
    expect(executorCalls).toHaveLength(subtasks.length);
    const afterPlanning = budgetUsd - out.ledger["planner:g0:t1"]!;
    const started = run.of("subtask.completed");
    expect(started).toHaveLength(subtasks.length);
    let executorSpend = 0;
    for (const e of started) {
      const s = (out.subtasks as Record<string, SubtaskState>)[String(e.data.subtaskId)]!;
      const text = String(e.data.output);
      expect(text.length).toBeGreaterThan(0);
      expect(text.length).toBeLessThan(LONG.length / 4); // cut to fit, not 20,000 words
      expect(e.data.costUsd).toBeGreaterThan(0);
      expect(s.costUsd).toBe(e.data.costUsd);
      executorSpend += Number(e.data.costUsd);
    }
    expect(executorSpend).toBeLessThanOrEqual(afterPlanning + EPS);
    if (subtasks.length === 1) {
      // The whole remaining budget was the one executor's cap: its maxTokens is exactly what fits it.
      const inputTokens = requestInputTokens(executorMessages({ instruction: ONE[0]!.instruction, expectedOutput: "a paragraph", dependencies: [] }));
      expect(executorCalls[0]!.maxTokens).toBe(outputTokenCap({ pricing: VERBOSE }, inputTokens, afterPlanning));
      expect(out.error).toBeNull();
      expect(out.result).toBe(started[0]!.data.output);
    }
  });

  it("the planner is capped by the budget too: a budget that cannot pay for planning fails before any call", async () => {
    plan = ONE;
    h.upstream.reset();
    const run = newRun(h);
    const out = await run.graph.invoke(run.input({ input: "Tell me about tea.", budgetUsd: 0.00001 }), run.config);
    expect(out.error).toMatchObject({ code: "budget_exceeded", message: expect.stringMatching(/^planning would cost about/) });
    expect(h.upstream.requests).toHaveLength(0);
    expect(out.costUsd).toBe(0);
  });

  it("a stream cut mid-way: its partial cost is counted in the ledger and the subtask, and the retry stays within what is left", async () => {
    plan = ONE;
    h.upstream.reset();
    h.upstream.fault("verbose-1", { kind: "cut_stream", afterChunks: 200 });
    const run = newRun(h);
    const budgetUsd = 0.05;
    const out = await run.graph.invoke(run.input({ input: "Tell me about tea.", budgetUsd }), run.config);

    const [cut, retry] = run.of("subtask.completed");
    expect(cut!.data).toMatchObject({ attempt: 1, output: null, error: expect.stringMatching(/mid-stream/) });
    const partialText = run.of("subtask.delta").filter((e) => e.data.attempt === 1).map((e) => String(e.data.text)).join("");
    expect(countTokens(partialText)).toBeGreaterThan(300); // ~600 words arrived before the cut
    const inputTokens = requestInputTokens(executorMessages({ instruction: ONE[0]!.instruction, expectedOutput: "a paragraph", dependencies: [] }));
    const partialUsd = costOf({ pricing: VERBOSE }, inputTokens, countTokens(partialText));
    expect(cut!.data.costUsd).toBeCloseTo(partialUsd, 12);
    expect(out.ledger["executor:g0:s1:a1"]).toBeCloseTo(partialUsd, 12);

    expect(retry!.data).toMatchObject({ attempt: 2, expert: "verbose" });
    const s1 = (out.subtasks as Record<string, SubtaskState>).s1!;
    expect(s1.costUsd).toBeCloseTo(Number(cut!.data.costUsd) + Number(retry!.data.costUsd), 12);
    expect(spentOf(out.ledger)).toBeLessThanOrEqual(budgetUsd + EPS);
    expect(out.costUsd).toBeCloseTo(spentOf(out.ledger), 12);
  });
});

describe("orchestrator: an upstream that ignores the output cap is stopped by the stream's meter", () => {
  let h: Harness;
  beforeAll(async () => {
    // Paced, so the upstream is still writing when the client hangs up (the abort is then visible on its side).
    const paced = EXPERTS.map((e) => (e.id === "verbose" ? { ...e, script: { ...e.script, chunkDelayMs: 1 } } : e));
    h = await startGraphHarness(paced, { ignoreMaxTokens: true });
  });
  afterAll(() => h.close());

  it("the executor's stream is aborted once its running cost passes its cap: overshoot ≤ one chunk's cost", async () => {
    plan = ONE;
    h.upstream.reset();
    const run = newRun(h);
    const budgetUsd = 0.02;
    const out = await run.graph.invoke(run.input({ input: "Tell me about tea.", budgetUsd }), run.config);

    const executorSide = h.serverSignals.filter((s) => s.model === "verbose-1");
    expect(executorSide).toHaveLength(1);
    expect(executorSide[0]!.maxTokens).toBeGreaterThanOrEqual(MIN_OUTPUT_TOKENS); // asked for, ignored upstream
    await until(() => executorSide[0]!.signal.aborted); // the client hung up on it
    const done = run.of("subtask.completed")[0]!;
    expect(String(done.data.output).length).toBeLessThan(LONG.length / 4);
    expect(done.data.costUsd).toBeGreaterThan(0);
    expect(spentOf(out.ledger)).toBeLessThanOrEqual(budgetUsd + CHUNK_USD + EPS);
    expect(out.costUsd).toBeCloseTo(spentOf(out.ledger), 12);
  });
});
