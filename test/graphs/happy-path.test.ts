// The orchestrator end to end on fake upstreams: a two-part task, a one-step task, and where every cent went.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { judgesNeverProduce, newRun, startGraphHarness, type Harness, type Recorded } from "./harness.js";

/** A paid planner and synthesizer, a free local worker (Ollama protocol), a cheap paid critic (OpenAI protocol). */
const EXPERTS = [
  { id: "planner-x", provider: "openai" as const, model: "gpt-4o", local: false, pricing: { inputPerMTok: 2.5, outputPerMTok: 10 },
    domains: ["reasoning" as const, "general" as const, "writing" as const], skills: { reasoning: 0.9, general: 0.85, writing: 0.85 } },
  { id: "worker", provider: "ollama" as const, model: "llama3.1:8b", domains: ["general" as const], skills: { general: 0.8 } },
  { id: "critic", provider: "openai" as const, model: "gpt-4o-mini", local: false, pricing: { inputPerMTok: 0.15, outputPerMTok: 0.6 },
    domains: ["general" as const], skills: { general: 0.75 } },
];
const TWO_PARTS = "1. Describe the history of tea. 2. Explain how green tea is processed.";

/** Each predicate matches an event after the one the previous predicate matched. */
function expectInOrder(events: Recorded[], steps: [string, (e: Recorded) => boolean][]) {
  let at = -1;
  for (const [name, p] of steps) {
    const i = events.findIndex((e, k) => k > at && p(e));
    expect(i, `${name} after event #${at}`).toBeGreaterThan(at);
    at = i;
  }
}
const is = (type: string, f: (d: Record<string, unknown>) => boolean = () => true) => (e: Recorded) => e.type === type && f(e.data);

describe("orchestrator: happy path", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startGraphHarness(EXPERTS);
  });
  afterAll(() => h.close());

  it("plans, prices, runs both subtasks, judges them and synthesizes, with events in order", async () => {
    h.upstream.reset();
    const run = newRun(h);
    const out = await run.graph.invoke(run.input({ input: TWO_PARTS }), run.config);

    expect(out.error).toBeNull();
    expect(out.result).toEqual(expect.any(String));
    expect(out.result!.length).toBeGreaterThan(0);
    expect(out.plan!.map((p) => p.id)).toEqual(["s1", "s2"]);
    expectInOrder(run.events, [
      ["status planning", is("status", (d) => d.status === "planning")],
      ["route planner", is("route", (d) => d.role === "planner" && d.expert === "planner-x")],
      ["plan", is("plan")],
      ["route executor", is("route", (d) => d.role === "executor")],
      ["estimate", is("estimate", (d) => d.decision === "run")],
      ["status running", is("status", (d) => d.status === "running")],
      ["subtask started", is("subtask.started")],
      ["delta", is("subtask.delta")],
      ["subtask completed", is("subtask.completed")],
      ["route judge", is("route", (d) => d.role === "judge")],
      ["verdict", is("verdict", (d) => d.action === "accept")],
      ["route synthesizer", is("route", (d) => d.role === "synthesizer")],
      ["status completed", is("status", (d) => d.status === "completed")],
      ["task.completed", is("task.completed")],
    ]);
    // The executors ran on the free local worker; each subtask's deltas add up to its output.
    for (const c of run.of("subtask.completed")) {
      expect(c.data.expert).toBe("worker");
      const deltas = run.of("subtask.delta").filter((d) => d.data.subtaskId === c.data.subtaskId).map((d) => d.data.text).join("");
      expect(deltas).toBe(c.data.output);
    }
    expect(run.of("verdict")).toHaveLength(2);
    expect(judgesNeverProduce(run.of("verdict"))).toBe(true);
    expect(run.task()).toMatchObject({ status: "completed", result: out.result, costUsd: out.costUsd });
    expect(run.task().subtasks!.map((s) => [s.id, s.status, s.verdicts.length])).toEqual([["s1", "completed", 1], ["s2", "completed", 1]]);
  });

  it("costs add up: one ledger entry per upstream call, summing to the task's cost, within the estimate", async () => {
    h.upstream.reset();
    const run = newRun(h);
    const out = await run.graph.invoke(run.input({ input: TWO_PARTS }), run.config);
    const ledger = out.ledger;
    expect(Object.keys(ledger).sort()).toEqual([
      "executor:g0:s1:a1", "executor:g0:s2:a1", "judge:g0:s1:a1", "judge:g0:s2:a1", "planner:g0:t1", "synthesizer:g0",
    ]);
    expect(h.upstream.requests).toHaveLength(6);
    const sum = Object.values(ledger).reduce((a, b) => a + b, 0);
    expect(out.costUsd).toBeCloseTo(sum, 12);
    // The synthesizer's expert is named: the routed one, as nothing failed here.
    const synthRoute = run.of("route").findLast((e) => e.data.role === "synthesizer")!;
    expect(run.of("task.completed")[0]!.data).toEqual({ result: out.result, costUsd: out.costUsd, answeredBy: synthRoute.data.expert });
    // Paid experts cost something, the local worker nothing; the subtasks' costs are their executors' calls.
    expect(ledger["planner:g0:t1"]).toBeGreaterThan(0);
    expect(ledger["executor:g0:s1:a1"]).toBe(0);
    expect(run.task().subtasks!.map((s) => s.costUsd)).toEqual([ledger["executor:g0:s1:a1"], ledger["executor:g0:s2:a1"]]);
    const estimate = run.of("estimate")[0]!.data as { total: { p50: number; p90: number } };
    expect(out.costUsd).toBeLessThanOrEqual(estimate.total.p90);
  });

  it("a one-step request becomes a one-step plan whose output is the result, without a synthesizer call", async () => {
    h.upstream.reset();
    const run = newRun(h);
    const out = await run.graph.invoke(run.input({ input: "Describe the history of tea." }), run.config);
    expect(out.plan).toHaveLength(1);
    expect(out.result).toBe(run.of("subtask.completed")[0]!.data.output);
    expect(run.of("route").filter((e) => e.data.role === "synthesizer")).toHaveLength(0);
    expect(h.upstream.requests).toHaveLength(3); // planner, executor, judge
  });
});
