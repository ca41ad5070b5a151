// Routing metrics on small hand-computed examples: the non-decreasing convex hull, AIQ, cost to reach a quality, APGR.
import { describe, expect, it } from "vitest";
import { aiq, costToReach, upperHull, valueAt } from "../../src/bench/hull.js";
import { pairMetrics, pgr } from "../../src/bench/pgr.js";

// A(1, .5), B(2, .6), C(3, .9), D(4, .85), E(2, .4), F(5, .9): the hull is A–C. B lies under the chord A–C,
// E is worse than B at the same cost, D and F are no better than the cheaper C.
const pts = [
  { x: 1, y: 0.5 }, { x: 2, y: 0.6 }, { x: 3, y: 0.9 }, { x: 4, y: 0.85 }, { x: 2, y: 0.4 }, { x: 5, y: 0.9 },
];

describe("hull", () => {
  it("keeps only the non-decreasing concave upper boundary", () => {
    expect(upperHull(pts)).toEqual([{ x: 1, y: 0.5 }, { x: 3, y: 0.9 }]);
    expect(upperHull([])).toEqual([]);
    // Collinear middle points add nothing; equal costs keep the better one.
    expect(upperHull([{ x: 0, y: 0 }, { x: 1, y: 1 }, { x: 2, y: 2 }, { x: 0, y: -1 }])).toEqual([{ x: 0, y: 0 }, { x: 2, y: 2 }]);
  });

  it("reads values and costs off the hull by interpolation", () => {
    const h = upperHull(pts);
    expect(valueAt(h, 2)).toBeCloseTo(0.7, 12);
    expect(valueAt(h, 0.5)).toBeUndefined(); // cheaper than anything it can do
    expect(valueAt(h, 10)).toBe(0.9); // flat after its best point
    expect(costToReach(h, 0.8)).toBeCloseTo(2.5, 12); // 1 + 2 × (0.3 / 0.4)
    expect(costToReach(h, 0.3)).toBe(1);
    expect(costToReach(h, 0.95)).toBeUndefined();
  });

  it("computes AIQ as the hull's mean height over the cost range", () => {
    // [0, 5]: 0 on [0, 1], mean 0.7 on [1, 3], 0.9 on [3, 5] → (0 + 1.4 + 1.8) / 5.
    expect(aiq(pts, 0, 5)).toBeCloseTo(0.64, 12);
    // [1, 4]: (1.4 + 0.9) / 3.
    expect(aiq(pts, 1, 4)).toBeCloseTo(2.3 / 3, 12);
    // A single point spanning the range from its cost is flat.
    expect(aiq([{ x: 1, y: 0.5 }], 1, 3)).toBeCloseTo(0.5, 12);
    expect(aiq([], 0, 1)).toBe(0);
  });
});

describe("two-expert metrics (RouteLLM)", () => {
  const weak = { strongShare: 0, quality: 0.6, costUsd: 1 };
  const strong = { strongShare: 1, quality: 0.8, costUsd: 3 };

  it("PGR is 0 at the weak expert and 1 at the strong one", () => {
    expect(pgr(0.6, 0.6, 0.8)).toBe(0);
    expect(pgr(0.8, 0.6, 0.8)).toBe(1);
    expect(pgr(0.75, 0.6, 0.8)).toBeCloseTo(0.75, 12);
  });

  it("APGR of random routing (no better point) is 0.5", () => {
    expect(pairMetrics([], weak, strong).apgr).toBeCloseTo(0.5, 6);
  });

  it("APGR and the share of strong calls (and USD) to reach 50% and 80% PGR", () => {
    // Hull (0, 0) – (0.5, 0.75) – (1, 1); (0.2, PGR 0.1) lies under it.
    const m = pairMetrics([{ strongShare: 0.5, quality: 0.75, costUsd: 2 }, { strongShare: 0.2, quality: 0.62, costUsd: 1.4 }], weak, strong);
    expect(m.apgr).toBeCloseTo(0.625, 6); // 0.5 × 0.375 + 0.5 × 0.875
    expect(m.reach[0]!.strongShare).toBeCloseTo(1 / 3, 5); // 0.5 × 0.5 / 0.75
    expect(m.reach[0]!.costUsd).toBeCloseTo(1 + 1 / 1.5, 5);
    expect(m.reach[1]!.strongShare).toBeCloseTo(0.6, 6); // 0.5 + 0.5 × 0.05 / 0.25
    expect(m.reach[1]!.costUsd).toBeCloseTo(2.2, 6);
  });
});
