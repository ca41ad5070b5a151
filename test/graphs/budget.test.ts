// The budget gate: pause for approval and resume, decline, downgrade to fit, and refuse a task that cannot fit.
import { Command } from "@langchain/langgraph";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EstimateRecord } from "../../src/store/tasks.js";
import { newRun, startGraphHarness, type Harness } from "./harness.js";

const TWO_PARTS = "1. Describe the history of tea. 2. Explain how green tea is processed.";

/**
 * Under the "quality" strategy every general subtask goes to "big" (dear); "small" is cheap and still above the
 * quality floor (0.7): the downgrade target. "big" cannot write, so judges and the synthesis go to "small".
 */
const EXPERTS = [
  { id: "big", provider: "openai" as const, model: "big-1", local: false, pricing: { inputPerMTok: 20, outputPerMTok: 80 },
    domains: ["general" as const, "reasoning" as const], skills: { general: 0.95, reasoning: 0.95 } },
  { id: "small", provider: "openai" as const, model: "small-1", local: false, pricing: { inputPerMTok: 0.1, outputPerMTok: 0.4 },
    domains: ["general" as const, "writing" as const], skills: { general: 0.8, writing: 0.8 } },
];
const QUALITY = { strategy: "quality" as const };
/** Far under the estimate (~$0.08 p90), yet enough for planning on "small" (~$0.00007): planning too stays within the budget. */
const TINY_BUDGET = 0.001;

describe("orchestrator: budget", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startGraphHarness(EXPERTS);
  });
  afterAll(() => h.close());

  it("over budget with requireApproval: pauses as awaiting_approval, then completes once approved", async () => {
    h.upstream.reset();
    const run = newRun(h);
    const first = await run.graph.invoke(run.input({ input: TWO_PARTS, budgetUsd: TINY_BUDGET, requireApproval: true, preferences: QUALITY }), run.config);
    expect("__interrupt__" in first).toBe(true);
    const snap = await run.graph.getState(run.config);
    const pending = snap.tasks.flatMap((t) => t.interrupts);
    expect(pending).toHaveLength(1);
    expect(pending[0]!.value).toMatchObject({ type: "approval", taskId: run.taskId, budgetUsd: TINY_BUDGET });
    expect(run.task().status).toBe("awaiting_approval");
    expect(run.of("status").map((e) => e.data.status)).toEqual(["planning", "awaiting_approval"]);
    expect(h.upstream.requests).toHaveLength(1); // only the planner ran

    const out = await run.graph.invoke(new Command({ resume: { approved: true } }), run.config);
    expect(out.error).toBeNull();
    expect(out.result).toEqual(expect.any(String));
    expect(run.of("status").map((e) => e.data.status)).toEqual(["planning", "awaiting_approval", "running", "completed"]);
    expect((await run.graph.getState(run.config)).next).toEqual([]);
    // Approval raised the cap to the estimate's p90, and the run stayed within it.
    const estimate = out.estimate as EstimateRecord;
    expect(out.capUsd).toBe(estimate.total.p90);
    expect(out.costUsd).toBeLessThanOrEqual(out.capUsd);
  });

  it("declined: the task ends cancelled, nothing else runs", async () => {
    h.upstream.reset();
    const run = newRun(h);
    await run.graph.invoke(run.input({ input: TWO_PARTS, budgetUsd: TINY_BUDGET, requireApproval: true, preferences: QUALITY }), run.config);
    const out = await run.graph.invoke(new Command({ resume: { approved: false } }), run.config);
    expect(out.error).toMatchObject({ code: "cancelled", message: expect.stringMatching(/declined the estimate/) });
    expect(out.result).toBeNull();
    expect(h.upstream.requests).toHaveLength(1);
  });

  it("over budget without approval: downgrades to cheaper experts above the quality floor, and runs within budget", async () => {
    h.upstream.reset();
    const run = newRun(h);
    // Between the all-"big" plan (~$0.097 p90) and the cheapest one (~$0.064: a "small" executor is judged by "big").
    const budgetUsd = 0.07;
    const out = await run.graph.invoke(run.input({ input: TWO_PARTS, budgetUsd, preferences: QUALITY }), run.config);
    expect(out.error).toBeNull();
    const [initial, downgraded] = run.of("estimate").map((e) => e.data as unknown as EstimateRecord);
    expect(initial!.decision).toBe("downgrade");
    expect(initial!.total.p90).toBeGreaterThan(budgetUsd);
    expect(initial!.perSubtask.map((s) => s.expert)).toEqual(["big", "big"]);
    expect(downgraded!.decision).toBe("downgrade");
    expect(downgraded!.total.p90).toBeLessThanOrEqual(budgetUsd);
    const moves = downgraded!.downgrades!;
    expect(moves.length).toBeGreaterThan(0);
    expect(moves.every((m) => m.from === "big" && m.to === "small")).toBe(true);
    // Each move is a route event with its reason, and the executor ran where the gate sent it.
    const routed = run.of("route").filter((e) => e.key.endsWith(":downgraded"));
    expect(routed.map((e) => [e.data.subtaskId, e.data.expert])).toEqual(moves.map((m) => [m.id, "small"]));
    expect(routed[0]!.data.reason).toMatch(/^downgraded from big to small to fit the budget \$0\.070000 \(quality floor 0\.7\)/);
    for (const m of moves) expect(run.of("subtask.completed").find((e) => e.data.subtaskId === m.id)!.data.expert).toBe("small");
    expect(out.costUsd).toBeLessThanOrEqual(budgetUsd);
  });

  it("a budget no downgrade can meet: fails budget_exceeded with the numbers, before any executor runs", async () => {
    h.upstream.reset();
    const run = newRun(h);
    const out = await run.graph.invoke(run.input({ input: TWO_PARTS, budgetUsd: 0.001, preferences: QUALITY }), run.config);
    expect(out.error).toMatchObject({ code: "budget_exceeded" });
    expect(out.error!.message).toMatch(/estimated at \$\d+\.\d{6} \(p50\) \/ \$\d+\.\d{6} \(p90\), over the budget \$0\.001000/);
    expect(out.error!.message).toMatch(/quality ≥ 0\.7 is still \$\d+\.\d{6}/);
    expect(run.of("estimate").at(-1)!.data.decision).toBe("over_budget");
    expect(run.of("subtask.started")).toHaveLength(0);
    expect(h.upstream.requests).toHaveLength(1); // the planner only
    expect(out.costUsd).toBeGreaterThan(0);
    expect(out.costUsd).toBeLessThanOrEqual(0.001); // planning itself was capped by the budget
  });
});
