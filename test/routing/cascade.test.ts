// The cascade: its plan from the Router's decision (cheaper, good-enough experts first) and its stopping rules.
import { describe, expect, it } from "vitest";
import { choiceAnswerJudge } from "../../src/judging/choice-answer.js";
import { pythonCodeJudge } from "../../src/judging/python-code.js";
import { canStillStop, DEFAULT_CASCADE, planCascade, runCascade, runStages, type CascadeLimits, type CascadePlan } from "../../src/routing/cascade.js";
import type { RuleJudge } from "../../src/judging/judge.js";
import type { Decision } from "../../src/routing/router.js";
import type { QualityPredictor } from "../../src/routing/predictor/predictor.js";
import { ProfileBook } from "../../src/routing/profiles.js";
import { Router } from "../../src/routing/router.js";
import { defaults, expert } from "./catalog.js";

const Q = "Which is a metal?\nA) wood\nB) iron\nC) glass";
const catalog = [
  expert({ id: "strong", pricing: { inputPerMTok: 10, outputPerMTok: 30 }, skills: { general: 0.95 } }),
  expert({ id: "mid", pricing: { inputPerMTok: 0.8, outputPerMTok: 0.8 }, skills: { general: 0.9 } }),
  expert({ id: "cheap", pricing: { inputPerMTok: 0.5, outputPerMTok: 0.5 }, skills: { general: 0.85 } }),
  expert({ id: "weak", pricing: { inputPerMTok: 0.1, outputPerMTok: 0.1 }, skills: { general: 0.4 } }),
];
const router = new Router(catalog, ProfileBook.fromCatalog(catalog), defaults);
const decision = router.route({ messages: [{ role: "user", content: Q }], domain: "general" }, { strategy: "quality", weights: { correctness: 1 } }, { ranked: Infinity });

const answers = (map: Record<string, string | undefined>) => (e: string) => (map[e] === undefined ? undefined : { response: map[e]!, costUsd: e === "strong" ? 1 : 0.1 });

describe("planCascade", () => {
  it("targets the router's choice and asks cheaper experts above the floor first, cheapest first", () => {
    const plan = planCascade(decision)!;
    expect(plan.target.expert).toBe("strong");
    expect(plan.stages.map((s) => s.expert)).toEqual(["cheap", "mid"]); // weak is under 0.75 × 0.95
    expect(planCascade(decision, { ...DEFAULT_CASCADE, maxStages: 1 })!.stages.map((s) => s.expert)).toEqual(["cheap"]);
  });
});

describe("planCascade within the caller's limits", () => {
  const c = (expert: string, costUsd: number, latencyMs?: number) => ({ expert, score: 0, quality: 0.9, costUsd, ...(latencyMs === undefined ? {} : { latencyMs }) });
  const d = { expert: "t", ranked: [c("t", 1, 1000), c("a", 0.1, 300), c("b", 0.2), c("c", 0.3, 500)] } as unknown as Decision;
  const stages = (limits: CascadeLimits) => planCascade(d, DEFAULT_CASCADE, limits)!.stages.map((s) => s.expert);

  it("keeps as many stages as fit with the target in maxCostUsd and maxLatencyMs (an unknown latency counts as none)", () => {
    expect(stages({})).toEqual(["a", "b", "c"]);
    expect(stages({ maxCostUsd: 1.35 })).toEqual(["a", "b"]);
    expect(stages({ maxCostUsd: 1.05 })).toEqual([]);
    expect(stages({ maxLatencyMs: 1400 })).toEqual(["a", "b"]); // 1000 + 300 + 0, then c's 500 is over
    expect(stages({ maxLatencyMs: 1200 })).toEqual([]);
  });
});

describe("runCascade", () => {
  const plan = planCascade(decision)!;

  it("stops when enough cheaper answers agree, paying only for what it asked", () => {
    const r = runCascade(plan, Q, choiceAnswerJudge, answers({ cheap: "B", mid: "B) iron", strong: "B" }));
    expect(r.expert).toBe("mid");
    expect(r.steps.map((s) => s.expert)).toEqual(["cheap", "mid"]);
    expect(r.costUsd).toBeCloseTo(0.2, 12);
    expect(r.reason).toBe("cheap and mid agree on B");
  });

  it("escalates to the target when they disagree, or when an answer fails the judge", () => {
    expect(runCascade(plan, Q, choiceAnswerJudge, answers({ cheap: "A", mid: "B", strong: "B" }))).toMatchObject({ expert: "strong", costUsd: 1.2 });
    expect(runCascade(plan, Q, choiceAnswerJudge, answers({ cheap: "I do not know", mid: "B", strong: "B" })).expert).toBe("strong");
    // One vote is enough when asked for.
    expect(runCascade(plan, Q, choiceAnswerJudge, answers({ cheap: "C", mid: "B", strong: "B" }), { ...DEFAULT_CASCADE, votes: 1 }).expert).toBe("cheap");
  });

  it("live calls run the same stages asynchronously, and stop before the target", async () => {
    const at = answers({ cheap: "B", mid: "B) iron" });
    const asked: string[] = [];
    const r = await runStages(plan, Q, choiceAnswerJudge, async (e) => (asked.push(e), at(e)));
    expect([r.accepted, asked, r.reason]).toEqual(["mid", ["cheap", "mid"], "cheap and mid agree on B"]);
    const split = await runStages(plan, Q, choiceAnswerJudge, async (e) => answers({ cheap: "A", mid: "B" })(e));
    expect([split.accepted, split.steps.length, split.costUsd]).toEqual([null, 2, 0.2]);
  });

  it("skips an expert that gives no answer, and falls back to a passing answer when the target gives none", () => {
    // cheap gives none, so mid alone could never make two votes: it is not asked either.
    const r = runCascade(plan, Q, choiceAnswerJudge, answers({ mid: "B", strong: "A" }));
    expect(r.steps.map((s) => s.expert)).toEqual(["strong"]);
    expect(r.reason).toBe("no cheaper answer could be enough, so strong");
    // With one vote needed, mid is asked.
    expect(runCascade(plan, Q, choiceAnswerJudge, answers({ mid: "B", strong: "A" }), { ...DEFAULT_CASCADE, votes: 1 }).steps.map((s) => s.expert)).toEqual(["mid"]);
    // Both passed and disagree: the better-predicted one (mid, 0.9 against cheap's 0.85) is taken.
    expect(runCascade(plan, Q, choiceAnswerJudge, answers({ cheap: "A", mid: "B" }))).toMatchObject({ expert: "mid" });
    expect(runCascade(plan, Q, choiceAnswerJudge, answers({})).expert).toBeNull();
  });

  it("accepts a free-form answer that passes its judge only from an expert predicted nearly as good as the target", () => {
    const code = "```python\ndef f(x):\n    return x\n```";
    // mid is 0.9 / 0.95 ≈ 0.947 of the target (≥ 0.93): accepted alone; cheap (0.89) is not.
    const r = runCascade(plan, "Write a python function", pythonCodeJudge, answers({ cheap: code, mid: code, strong: code }));
    expect(r.expert).toBe("mid");
    expect(r.steps.map((s) => s.expert)).toEqual(["cheap", "mid"]);
  });

  it("plans from a predictor's per-prompt quality when the Router has one", () => {
    const stub: QualityPredictor = {
      name: "stub",
      experts: ["cheap"],
      predict: () => ({ quality: Float64Array.of(0.2), outputTokens: Float64Array.of(Number.NaN) }),
    };
    const learned = new Router(catalog, ProfileBook.fromCatalog(catalog), defaults, { predictor: stub });
    const d = learned.route({ messages: [{ role: "user", content: Q }], domain: "general" }, { strategy: "quality", weights: { correctness: 1 } }, { ranked: Infinity });
    const p = planCascade(d) as CascadePlan;
    expect(p.stages.map((s) => s.expert)).toEqual(["mid"]); // the predictor says cheap is poor here
  });
});

describe("the cascade stops asking once no stage left can be enough", () => {
  const cand = (expert: string, quality: number, costUsd: number) => ({ expert, score: 0, quality, costUsd });
  const plan: CascadePlan = { stages: [cand("a", 0.7, 0.1), cand("b", 0.75, 0.1), cand("c", 0.8, 0.1)], target: cand("t", 0.9, 1) };
  const at = (map: Record<string, string>) => (e: string) => (map[e] === undefined ? undefined : { response: map[e]!, costUsd: e === "t" ? 1 : 0.1 });
  const asked = (judge: RuleJudge, map: Record<string, string>, votes: number) => runCascade(plan, Q, judge, at({ t: "B", ...map }), { ...DEFAULT_CASCADE, votes }).steps.map((s) => s.expert);

  it("three votes from three stages: the first disagreement ends the stages", () => {
    expect(asked(choiceAnswerJudge, { a: "A", b: "B", c: "B" }, 3)).toEqual(["a", "b", "t"]);
    expect(asked(choiceAnswerJudge, { a: "no idea", b: "B", c: "B" }, 3)).toEqual(["a", "t"]);
    expect(asked(choiceAnswerJudge, { a: "B", b: "B", c: "B" }, 3)).toEqual(["a", "b", "c"]);
  });

  it("two votes from three stages: a split can still be settled by the third", () => {
    expect(asked(choiceAnswerJudge, { a: "A", b: "B", c: "B" }, 2)).toEqual(["a", "b", "c"]);
    expect(asked(choiceAnswerJudge, { a: "A", b: "B", c: "C" }, 2)).toEqual(["a", "b", "c", "t"]);
  });

  it("a judge that extracts no answer: only a stage predicted nearly as good as the target (solo) is asked", () => {
    const code = "```python\ndef f(x):\n    return x\n```";
    // solo 0.93 × 0.9 = 0.837: no stage reaches it, so none is asked.
    expect(asked(pythonCodeJudge, { a: code, b: code, c: code, t: code }, 2)).toEqual(["t"]);
    const lower = { ...DEFAULT_CASCADE, solo: 0.85 }; // 0.765: only c
    expect(runCascade(plan, "Write a python function", pythonCodeJudge, at({ a: code, b: code, c: code, t: code }), lower).steps.map((s) => s.expert)).toEqual(["a", "b", "c"]);
    // a and b are asked before c is reached: c is still ahead, and could pass alone.
    expect(canStillStop(plan, 0, [], pythonCodeJudge, lower)).toBe(true);
    expect(canStillStop(plan, 3, [], pythonCodeJudge, lower)).toBe(false);
  });

  it("a judge that does not say what it extracts: its verdicts so far tell", () => {
    const unknown: RuleJudge = { ...choiceAnswerJudge, extractsAnswers: undefined };
    // Nothing passed yet: c could pass alone (solo 0.85 × 0.9 = 0.765), so the stages go on.
    expect(canStillStop(plan, 1, [], unknown, { ...DEFAULT_CASCADE, votes: 3, solo: 0.85 })).toBe(true);
    // a's passing verdict carries an answer: answers are compared, and 1 + 2 stages left reach 3 votes.
    const a = { expert: "a", costUsd: 0.1, verdict: choiceAnswerJudge.judge({ prompt: Q, response: "A" }) };
    expect(canStillStop(plan, 1, [a], unknown, { ...DEFAULT_CASCADE, votes: 3, solo: 0.85 })).toBe(true);
    expect(canStillStop(plan, 2, [a], unknown, { ...DEFAULT_CASCADE, votes: 3, solo: 0.85 })).toBe(false);
  });
});
