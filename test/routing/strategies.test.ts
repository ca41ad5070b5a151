// Each strategy's choice, ordering and reason, as pure functions over candidates.
import { describe, expect, it } from "vitest";
import { rank, STRATEGIES, type ScoredCandidate } from "../../src/routing/strategies/index.js";
import { defaults } from "./catalog.js";

const C: ScoredCandidate[] = [
  { expert: "big", quality: 0.9, costUsd: 0.01 },
  { expert: "mid", quality: 0.8, costUsd: 0.001 },
  { expert: "twin", quality: 0.8, costUsd: 0.0005 },
  { expert: "free", quality: 0.6, costUsd: 0 },
];
const order = (r: { ranked: { expert: string }[] }) => r.ranked.map((c) => c.expert);

describe("quality", () => {
  it("ranks by quality, ties to the cheaper", () => {
    const r = rank("quality", C, {}, defaults);
    expect(order(r)).toEqual(["big", "twin", "mid", "free"]);
    expect(r.ranked[0]!.score).toBe(0.9);
    expect(r.reason).toMatch(/highest predicted quality \(0\.90 vs 0\.80 for twin\)/);
  });

  it("explains a tie broken by cost", () => {
    const r = rank("quality", C.slice(1, 3), {}, defaults);
    expect(r.ranked[0]!.expert).toBe("twin");
    expect(r.reason).toMatch(/ties mid on quality .* cheaper/);
  });
});

describe("cost-aware", () => {
  it("scores quality − λ·cost with the default λ", () => {
    const r = rank("cost-aware", C, {}, defaults);
    expect(defaults.costWeight).toBe(20);
    expect(order(r)).toEqual(["twin", "mid", "big", "free"]);
    expect(r.ranked.find((c) => c.expert === "big")!.score).toBeCloseTo(0.9 - 20 * 0.01, 12);
    expect(r.reason).toMatch(/at least as good as mid and no dearer/);
  });

  it("follows λ from the preferences: 0 is quality, a huge λ is the cheapest", () => {
    expect(order(rank("cost-aware", C, { costWeight: 0 }, defaults))[0]).toBe("big");
    expect(order(rank("cost-aware", C, { costWeight: 1e6 }, defaults))[0]).toBe("free");
  });

  it("says whether quality or savings won", () => {
    const saving = rank("cost-aware", [C[0]!, C[3]!], { costWeight: 50 }, defaults).reason;
    expect(saving).toMatch(/its \$0\.01 saving outweighs 0\.30 less quality than big/);
    const better = rank("cost-aware", [C[0]!, C[3]!], { costWeight: 1 }, defaults).reason;
    expect(better).toMatch(/its \+0\.30 quality over free is worth the extra \$0\.01/);
  });
});

describe("threshold", () => {
  it("picks the cheapest that reaches minQuality; those below rank after, by quality", () => {
    const r = rank("threshold", C, { minQuality: 0.75 }, defaults);
    expect(order(r)).toEqual(["twin", "mid", "big", "free"]);
    expect(r.reason).toMatch(/the cheapest expert reaching quality 0\.75/);
    const strict = rank("threshold", C, { minQuality: 0.85 }, defaults);
    expect(order(strict)).toEqual(["big", "twin", "mid", "free"]);
    expect(strict.reason).toMatch(/only eligible expert reaching quality 0\.85/);
  });

  it("uses the default minQuality and falls back to the best when none qualifies", () => {
    expect(defaults.minQuality).toBe(0.7);
    expect(order(rank("threshold", C, {}, defaults))[0]).toBe("twin");
    const none = rank("threshold", C, { minQuality: 0.95 }, defaults);
    expect(order(none)).toEqual(["big", "twin", "mid", "free"]);
    expect(none.reason).toMatch(/no eligible expert reaches quality 0\.95/);
    expect(none.ranked.every((c) => c.score <= 0)).toBe(true);
  });

  it("ranks every qualifying expert above every other", () => {
    const r = rank("threshold", C, { minQuality: 0.8 }, defaults);
    const scores = r.ranked.map((c) => c.score);
    expect(scores.slice(0, 3).every((s) => s > 0)).toBe(true);
    expect(scores[3]).toBeLessThanOrEqual(0);
  });
});

describe("all strategies", () => {
  it("are pure: the input is not changed and nothing is shared", () => {
    const copy = structuredClone(C);
    for (const name of Object.keys(STRATEGIES) as (keyof typeof STRATEGIES)[]) rank(name, C, {}, defaults);
    expect(C).toEqual(copy);
  });

  it("handle an empty list and a single candidate", () => {
    expect(rank("quality", [], {}, defaults)).toEqual({ ranked: [], reason: "no eligible expert" });
    expect(rank("cost-aware", [C[0]!], {}, defaults).reason).toBe("the only eligible expert");
  });
});
