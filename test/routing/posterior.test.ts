// The Bayesian cell: a Beta posterior over judged scores, older evidence discounted by its age.
import { describe, expect, it } from "vitest";
import { addSample, DEFAULT_POSTERIOR, emptyEvidence, estimate } from "../../src/routing/posterior.js";

const DAY = 86_400_000;
const opts = { ...DEFAULT_POSTERIOR, halfLifeMs: 10 * DAY };

describe("posterior", () => {
  it("with no evidence is the prior, with a wide interval around it", () => {
    const e = estimate(emptyEvidence(0.75), opts);
    expect(e.mean).toBeCloseTo(0.75, 10);
    expect(e.lower).toBeLessThan(0.4);
    expect(e.upper).toBeGreaterThan(0.95);
  });

  it("moves toward the evidence and narrows as samples accumulate", () => {
    const c = emptyEvidence(0.75);
    let width = Infinity;
    for (let i = 1; i <= 50; i++) {
      addSample(c, 0.2, 1, i, opts);
      const e = estimate(c, opts);
      expect(e.upper - e.lower).toBeLessThan(width);
      width = e.upper - e.lower;
    }
    const e = estimate(c, opts);
    expect(e.mean).toBeGreaterThan(0.2);
    expect(e.mean).toBeLessThan(0.25);
    expect(c.n).toBe(50);
    expect(e.lower).toBeLessThan(e.mean);
    expect(e.upper).toBeGreaterThan(e.mean);
  });

  it("weighs older evidence less: one half-life later, an old sample counts half a new one", () => {
    const c = emptyEvidence(0.5);
    addSample(c, 1, 1, 0, opts);
    addSample(c, 0, 1, 10 * DAY, opts);
    expect(c.a).toBeCloseTo(0.5, 10);
    expect(c.b).toBeCloseTo(1, 10);
    // The same two samples in the same order, but recorded together: they count equally.
    const d = emptyEvidence(0.5);
    addSample(d, 1, 1, 0, opts);
    addSample(d, 0, 1, 0, opts);
    expect(estimate(c, opts).mean).toBeLessThan(estimate(d, opts).mean);
  });

  it("discounts a sample that arrives late by its own age, not the cell's", () => {
    const c = emptyEvidence(0.5);
    addSample(c, 0, 1, 10 * DAY, opts);
    addSample(c, 1, 1, 0, opts);
    expect(c.a).toBeCloseTo(0.5, 10);
    expect(c.b).toBeCloseTo(1, 10);
    expect(c.t).toBe(10 * DAY);
  });

  it("weights scale a sample's pull", () => {
    const one = emptyEvidence(0.5);
    const two = emptyEvidence(0.5);
    addSample(one, 0, 1, 0, opts);
    addSample(two, 0, 2, 0, opts);
    expect(estimate(two, opts).mean).toBeLessThan(estimate(one, opts).mean);
  });
});
