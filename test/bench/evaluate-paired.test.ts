// The comparison with a single expert is paired: made on the prompts where that expert has a recorded outcome.
import { describe, expect, it } from "vitest";
import { evaluateRouting } from "../../src/bench/evaluate.js";
import type { OutcomeRecord } from "../../src/bench/outcomes.js";

/** n prompts where "strong" is always right (and dear) and "weak" always wrong (and cheap). */
function records(n: number, prefix: string): OutcomeRecord[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `${prefix}${i}`,
    prompt: `Question ${prefix}${i}: which planet is ${i} from the sun?`,
    domain: "science",
    outcomes: { strong: { score: 1, costUsd: 0.01 }, weak: { score: 0, costUsd: 0.001 } },
  }));
}

describe("evaluateRouting against a single expert", () => {
  const train = records(40, "train-");
  // Two test prompts have no outcome of the strong expert: only the weak one answered them (wrongly).
  const test = [...records(20, "test-"), ...["x1", "x2"].map((id) => ({ id, prompt: `Question ${id}`, domain: "science", outcomes: { weak: { score: 0, costUsd: 0.001 } } }))];

  it("measures the router on the reference's own prompts, so prompts it never answered do not count against the router", () => {
    const r = evaluateRouting(train, test, { strong: "strong" });
    expect(r.reference).toMatchObject({ expert: "strong", quality: 1 });
    expect(r.experts.strong!.n).toBe(20);
    expect(r.test.missingOutcomes).toEqual({ strong: 2 });
    // The quality strategy sends every prompt to the strong expert where it can. Over all 22 prompts its mean
    // is 20/22; over the 20 the strong expert answered, it is the strong expert's own quality, at its cost.
    const quality = r.strategies.find((s) => s.name === "quality")!;
    expect(quality.points[0]!.quality).toBeCloseTo(20 / 22, 6);
    expect(quality.reference.costToMatchRatio).toBeCloseTo(1, 6);
    expect(quality.reference.qualityAtItsCost).toBeCloseTo(1, 6);
    expect(r.targets.q100At60PercentCost).toBe(false);
    // AIQ still spans every prompt.
    expect(quality.aiq).toBeLessThan(1);
  });

  it("when the reference has every outcome, nothing changes", () => {
    const r = evaluateRouting(train, records(20, "test-"), { strong: "strong" });
    const quality = r.strategies.find((s) => s.name === "quality")!;
    expect(quality.points[0]!.quality).toBe(1);
    expect(quality.reference.costToMatchRatio).toBeCloseTo(1, 6);
  });
});
