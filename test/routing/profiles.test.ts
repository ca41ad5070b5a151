// Capability profiles: seeding from the catalog and priors, get/set, weighted quality.
import { describe, expect, it } from "vitest";
import { NEUTRAL_DIMENSION_PRIOR, SKILL_PRIOR, expectedOutputTokens } from "../../src/routing/priors.js";
import { ProfileBook } from "../../src/routing/profiles.js";
import { expert, sandboxCatalog } from "./catalog.js";

describe("ProfileBook", () => {
  const book = ProfileBook.fromCatalog([
    ...sandboxCatalog(),
    expert({ id: "generalist", domains: ["general", "law"] }),
    expert({ id: "specialist", domains: ["medicine"] }),
  ]);

  it("seeds correctness and expertise from the declared skill, other dimensions from the neutral prior", () => {
    const cell = book.get("sim-coder", "code", "correctness");
    expect(cell).toMatchObject({ mean: 0.88, n: 0, source: "declared" });
    expect(cell.lower).toBeLessThan(0.88);
    expect(cell.upper).toBeGreaterThan(0.88);
    expect(book.get("sim-coder", "code", "expertise").mean).toBe(0.88);
    expect(book.get("sim-coder", "code", "safety").mean).toBe(NEUTRAL_DIMENSION_PRIOR);
  });

  it("falls back to the priors for domains without a stated skill", () => {
    expect(book.get("generalist", "law", "correctness").mean).toBe(SKILL_PRIOR.declared);
    expect(book.get("generalist", "finance", "correctness").mean).toBe(SKILL_PRIOR.undeclaredGeneralist);
    expect(book.get("specialist", "finance", "correctness").mean).toBe(SKILL_PRIOR.undeclared);
    expect([SKILL_PRIOR.declared, SKILL_PRIOR.undeclaredGeneralist, SKILL_PRIOR.undeclared]).toEqual([0.75, 0.55, 0.4]);
  });

  it("lets a builtin serve only its declared domains", () => {
    expect(book.serves("calculator", "arithmetic")).toBe(true);
    expect(book.serves("calculator", "general")).toBe(false);
    expect(book.get("calculator", "general", "correctness").mean).toBe(0);
    expect(book.serves("sim-coder", "writing")).toBe(true);
  });

  it("sets a cell, which becomes judged, keeping the interval width", () => {
    const b = ProfileBook.fromCatalog(sandboxCatalog());
    const before = b.get("sim-mini", "code", "correctness");
    b.set("sim-mini", "code", "correctness", 0.7);
    const after = b.get("sim-mini", "code", "correctness");
    expect(after).toMatchObject({ mean: 0.7, source: "judged" });
    expect(after.upper - after.lower).toBeCloseTo(before.upper - before.lower, 12);
    b.set("sim-mini", "code", "safety", { mean: 0.95, n: 12, lower: 0.9, upper: 0.99 });
    expect(b.get("sim-mini", "code", "safety")).toEqual({ mean: 0.95, n: 12, lower: 0.9, upper: 0.99, source: "judged" });
  });

  it("computes weighted quality; all-zero weights count correctness alone", () => {
    expect(book.weightedQuality("sim-coder", "code", { correctness: 1, safety: 1 })).toBeCloseTo((0.88 + 0.7) / 2, 12);
    expect(book.weightedQuality("sim-coder", "code", { correctness: 3, safety: 1 })).toBeCloseTo((3 * 0.88 + 0.7) / 4, 12);
    expect(book.weightedQuality(book.indexOf("sim-coder")!, "code", {})).toBe(0.88);
  });

  it("rejects unknown experts", () => {
    expect(() => book.get("nope", "code", "correctness")).toThrow(/no capability profile/);
  });
});

describe("priors", () => {
  it("expects short arithmetic answers, long writing, translations as long as their source", () => {
    expect(expectedOutputTokens("arithmetic", 20)).toBe(16);
    expect(expectedOutputTokens("writing", 20)).toBeGreaterThan(expectedOutputTokens("general", 20));
    expect(expectedOutputTokens("translation", 1000)).toBeGreaterThan(1000);
  });
});
