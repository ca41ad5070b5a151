// The model-free steps on their own: token forecasts, the running task's budget guard, and the downgrade search.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ExecutorTask } from "../../agents/executor/schema.js";
import { newSubtask, type SubtaskMap } from "../../agents/task.js";
import { EXPECTED_OUTPUT_TOKENS } from "../../src/routing/priors.js";
import type { OrchestratorStateType } from "../../graphs/orchestrator/state.js";
import { dispatchStep } from "../../graphs/orchestrator/steps/dispatch.js";
import { downgrade } from "../../graphs/orchestrator/steps/downgrade.js";
import { forecastOutput, PRIOR_P90_RATIO, quantile } from "../../graphs/orchestrator/steps/forecast.js";
import { recordingContext, startGraphHarness, type Harness } from "./harness.js";

describe("forecastOutput", () => {
  it("is the domain prior with no history, and moves toward the history as it grows", () => {
    const prior = EXPECTED_OUTPUT_TOKENS.general;
    expect(forecastOutput([], "general", 10)).toEqual({ p50: prior, p90: prior * PRIOR_P90_RATIO });
    const few = forecastOutput([50, 50], "general", 10);
    const many = forecastOutput(Array(200).fill(50), "general", 10);
    expect(few.p50).toBeLessThan(prior);
    expect(few.p50).toBeGreaterThan(many.p50);
    // 200 answers of 50 tokens against a prior of 10 pseudo-answers at the median: 200/210·50 + 10/210·250.
    expect(many.p50).toBe(Math.ceil((200 / 210) * 50 + (10 / 210) * prior));
    expect(many.p90).toBeGreaterThanOrEqual(many.p50);
  });

  it("interpolates quantiles", () => {
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantile([10], 0.9)).toBe(10);
    expect(quantile([], 0.5)).toBe(0);
  });
});

const plan = [
  { id: "a", instruction: "Describe tea.", domain: "general" as const, dependsOn: [], expectedOutput: "a paragraph" },
  { id: "b", instruction: "Describe coffee.", domain: "general" as const, dependsOn: [], expectedOutput: "a paragraph" },
];

describe("steps with a catalog", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startGraphHarness([
      { id: "dear", provider: "openai", model: "dear-1", local: false, pricing: { inputPerMTok: 10, outputPerMTok: 40 }, domains: ["general"], skills: { general: 0.9 } },
      { id: "cheap", provider: "openai", model: "cheap-1", local: false, pricing: { inputPerMTok: 0.1, outputPerMTok: 0.4 }, domains: ["general"], skills: { general: 0.8 } },
      { id: "weak", provider: "ollama", model: "weak-1", domains: ["general"], skills: { general: 0.3 } },
    ]);
  });
  afterAll(() => h.close());

  const subtasksOn = (expert: string): SubtaskMap => Object.fromEntries(plan.map((p) => [p.id, {
    ...newSubtask(p), assigned: expert, forecast: { baseInputTokens: 50, outputTokens: { p50: 250, p90: 500 } },
    ranked: [{ expert: "dear", quality: 0.8, costUsd: 0.01 }, { expert: "cheap", quality: 0.75, costUsd: 0.0001 }, { expert: "weak", quality: 0.5, costUsd: 0 }],
    judgeRanked: [{ expert: "cheap", quality: 0.75, costUsd: 0.0001 }, { expert: "dear", quality: 0.8, costUsd: 0.01 }],
  }]));
  /** The fields dispatch reads; the rest of the state does not matter to it. */
  const state = (over: Partial<OrchestratorStateType>) =>
    ({ taskId: "t", budgetUsd: 1, preferences: null, generation: 0, plan, subtasks: subtasksOn("dear"), ledger: {}, capUsd: 1, ...over }) as OrchestratorStateType;

  it("dispatch: starts every ready subtask within the cap, each with the others' predictions held back", async () => {
    const rec = recordingContext("t");
    const out = await dispatchStep(h.deps)(state({}), { configurable: { ctx: rec.ctx } });
    expect(out.error).toBeUndefined();
    const batch = out.batch as ExecutorTask[];
    expect(batch.map((t) => [t.subtaskId, t.expert, t.attempt])).toEqual([["a", "dear", 1], ["b", "dear", 1]]);
    expect(batch[0]!.maxCostUsd).toBeLessThan(1);
    expect(rec.task()).toMatchObject({ status: "running" });
    expect(rec.task().subtasks!.map((s) => s.status)).toEqual(["running", "running"]);
  });

  it("dispatch: refuses a call whose predicted p50 would take the spend past the budget", async () => {
    const rec = recordingContext("t");
    // $0.01 per call at p50 (50 + prompt tokens in, 250 out at $10/$40 per MTok); $0.015 left.
    const out = await dispatchStep(h.deps)(state({ ledger: { "planner:g0:t1": 0.985 } }), { configurable: { ctx: rec.ctx } });
    expect(out.error).toMatchObject({ code: "budget_exceeded", message: expect.stringMatching(/spent \$0\.985000 so far and \$0\.01\d+ reserved .*subtask b on dear is predicted at \$0\.01\d+ \(p50\), which would pass the budget \$1\.000000/) });
    expect(rec.patches).toHaveLength(0);
  });

  it("downgrade: moves subtasks to cheaper candidates above the floor until the p90 fits, never below the floor", () => {
    const base = { catalog: h.deps.catalog, plan, subtasks: subtasksOn("dear"), assigned: { a: "dear", b: "dear" }, synthesis: null, spentUsd: 0, budgetUsd: 0.03 };
    const fit = downgrade(base, 0.7, 0.03);
    expect(fit.ok && fit.downgrades.length).toBeGreaterThan(0);
    expect(fit.ok && Object.values(fit.assigned).every((e) => e !== "weak")).toBe(true);
    expect(fit.priced.total.p90).toBeLessThanOrEqual(0.03);
    // "weak" is free but below the floor: a budget only it could meet is refused.
    const impossible = downgrade({ ...base, budgetUsd: 0.000001 }, 0.7, 0.000001);
    expect(impossible.ok).toBe(false);
  });
});
