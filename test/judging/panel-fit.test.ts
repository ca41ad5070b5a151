// Fitting panels on constructed labelled pairs: reliable judges outweigh unreliable ones, per domain, and the choice is cross-validated.
import { describe, expect, it } from "vitest";
import { majorityVerdict } from "../../src/judging/majority.js";
import type { LabelledPair, PairVerdict } from "../../src/judging/panel.js";
import { fitLogisticPanel } from "../../src/judging/panel-logistic.js";
import { fitLogOddsPanel, judgeWeight } from "../../src/judging/panel-logodds.js";
import { fitPanel, panelAccuracy } from "../../src/judging/panel-select.js";
import { mulberry32 as rng } from "../../src/routing/predictor/linear.js";

/** A judge: per domain, how often it abstains (says tie) and how often it is right when it does not. */
type JudgeSpec = Record<string, { right: number; abstain?: number }>;

function pairs(n: number, domains: string[], judges: Record<string, JudgeSpec>, seed: number): LabelledPair[] {
  const r = rng(seed);
  return Array.from({ length: n }, (_, i) => {
    const domain = domains[i % domains.length]!;
    const label: PairVerdict = r() < 0.5 ? "A" : "B";
    const other: PairVerdict = label === "A" ? "B" : "A";
    const verdicts: Record<string, PairVerdict> = {};
    for (const [name, spec] of Object.entries(judges)) {
      const s = spec[domain] ?? spec["*"]!;
      verdicts[name] = r() < (s.abstain ?? 0) ? "tie" : r() < s.right ? label : other;
    }
    return { domain, label, verdicts };
  });
}

const majorityAccuracy = (ps: LabelledPair[]) => ps.filter((p) => majorityVerdict(p.verdicts) === p.label).length / ps.length;
const trio = { reliable: { "*": { right: 0.9 } }, noisy1: { "*": { right: 0.6 } }, noisy2: { "*": { right: 0.6 } } };

describe("log-odds panel (Nitzan–Paroush weights)", () => {
  it("weighs a judge by log(p / (1 − p)) and gives a judge at or below chance 0", () => {
    expect(judgeWeight(0.9)).toBeCloseTo(Math.log(9), 12);
    expect(judgeWeight(0.5)).toBe(0);
    expect(judgeWeight(0.3)).toBe(0);
  });

  it("a reliable judge outweighs two unreliable ones that agree against it, where the majority follows them", () => {
    const train = pairs(400, ["general"], trio, 1);
    const panel = fitLogOddsPanel(train);
    const w = panel.model.domains.general!.weights;
    expect(w.reliable!).toBeGreaterThan(w.noisy1! + w.noisy2!);
    expect(panel.decide("general", { reliable: "A", noisy1: "B", noisy2: "B" }).verdict).toBe("A");
    expect(majorityVerdict({ reliable: "A", noisy1: "B", noisy2: "B" })).toBe("B");
    const test = pairs(2000, ["general"], trio, 2);
    expect(panelAccuracy(panel, test)).toBeGreaterThan(majorityAccuracy(test) + 0.03);
  });

  it("fits different weights per domain: each judge counts where it is reliable", () => {
    const judges = { mathy: { math: { right: 0.92 }, coding: { right: 0.5 } }, coder: { math: { right: 0.5 }, coding: { right: 0.92 } } };
    const panel = fitLogOddsPanel(pairs(600, ["math", "coding"], judges, 3));
    const { math, coding } = panel.model.domains;
    expect(math!.weights.mathy!).toBeGreaterThan(1.5);
    expect(math!.weights.coder!).toBeLessThan(0.5);
    expect(coding!.weights.coder!).toBeGreaterThan(1.5);
    expect(coding!.weights.mathy!).toBeLessThan(0.5);
    expect(panel.decide("math", { mathy: "A", coder: "B" }).verdict).toBe("A");
    expect(panel.decide("coding", { mathy: "A", coder: "B" }).verdict).toBe("B");
  });

  it("in a domain with few pairs, falls back toward the judge's overall accuracy", () => {
    const many = pairs(400, ["general"], trio, 4);
    // Two pairs in "rare" on which the reliable judge happened to be wrong.
    const rare: LabelledPair[] = [
      { domain: "rare", label: "A", verdicts: { reliable: "B", noisy1: "A", noisy2: "A" } },
      { domain: "rare", label: "B", verdicts: { reliable: "A", noisy1: "B", noisy2: "B" } },
    ];
    const panel = fitLogOddsPanel([...many, ...rare], { shrink: 10 });
    const overall = panel.model.fallback.weights.reliable!;
    const inRare = panel.model.domains.rare!.weights.reliable!;
    // The Beta prior has the overall accuracy p = σ(overall weight) as mean and 10 pairs as strength: (0 + 10p) / (2 + 10).
    const p = 1 / (1 + Math.exp(-overall));
    expect(inRare).toBeCloseTo(Math.log((10 * p) / 12 / (1 - (10 * p) / 12)), 9);
    expect(inRare).toBeLessThan(overall);
    expect(inRare).toBeGreaterThan(0.4 * overall); // the two pairs alone (0 right of 2) would give weight 0
    // With no shrinkage strength the two bad pairs would dominate: a weaker prior pulls it down further.
    expect(fitLogOddsPanel([...many, ...rare], { shrink: 2 }).model.domains.rare!.weights.reliable!).toBeLessThan(inRare);
  });

  it("measures accuracy on the votes a judge casts: one that often abstains but is right when it decides weighs more", () => {
    const judges = { careful: { "*": { right: 0.95, abstain: 0.5 } }, eager: { "*": { right: 0.75 } } };
    const panel = fitLogOddsPanel(pairs(600, ["general"], judges, 5));
    const w = panel.model.fallback.weights;
    expect(w.careful!).toBeGreaterThan(w.eager! + 1);
  });

  it("a below-chance judge gets weight 0 rather than being inverted", () => {
    const panel = fitLogOddsPanel(pairs(400, ["general"], { contrarian: { "*": { right: 0.3 } }, fair: { "*": { right: 0.7 } } }, 6));
    expect(panel.model.fallback.weights.contrarian).toBe(0);
    expect(panel.model.domains.general!.weights.contrarian).toBe(0);
  });

  it("learns the prior toward A from the labels", () => {
    const skewed = pairs(300, ["general"], trio, 7).map((p) => ({ ...p, label: "A" as const }));
    expect(fitLogOddsPanel(skewed).model.fallback.bias).toBeGreaterThan(2);
  });
});

describe("logistic panel (stacker)", () => {
  it("also lets a reliable judge outweigh two unreliable ones", () => {
    const panel = fitLogisticPanel(pairs(400, ["general"], trio, 8), { l2: 1 });
    const w = panel.model.domains.general!.weights;
    expect(w.reliable!).toBeGreaterThan(w.noisy1! + w.noisy2!);
    expect(panel.decide("general", { reliable: "B", noisy1: "A", noisy2: "A" }).verdict).toBe("B");
  });

  it("discounts a judge that only repeats another, where the log-odds panel counts it twice", () => {
    const base = pairs(400, ["general"], { good: { "*": { right: 0.8 } }, other: { "*": { right: 0.7 } } }, 9);
    const withCopy = base.map((p) => ({ ...p, verdicts: { ...p.verdicts, copy: p.verdicts.good! } }));
    const single = fitLogisticPanel(base, { l2: 1 }).model.fallback.weights.good!;
    const doubled = fitLogisticPanel(withCopy, { l2: 1 }).model.fallback.weights;
    expect(doubled.good!).toBeCloseTo(doubled.copy!, 6);
    expect(doubled.good! + doubled.copy!).toBeLessThan(1.2 * single);
    const lo = fitLogOddsPanel(withCopy).model.fallback.weights;
    expect(lo.good! + lo.copy!).toBeGreaterThan(1.8 * lo.good! - 1e-9);
  });

  it("fits per-domain weights that differ", () => {
    const judges = { mathy: { math: { right: 0.92 }, coding: { right: 0.5 } }, coder: { math: { right: 0.5 }, coding: { right: 0.92 } } };
    const { math, coding } = fitLogisticPanel(pairs(600, ["math", "coding"], judges, 10), { l2: 1 }).model.domains;
    expect(math!.weights.mathy!).toBeGreaterThan(math!.weights.coder! + 1);
    expect(coding!.weights.coder!).toBeGreaterThan(coding!.weights.mathy! + 1);
  });
});

describe("fitPanel", () => {
  it("scores every candidate by cross-validation on the train pairs and refits the best on all of them", () => {
    const train = pairs(300, ["math", "coding"], trio, 11);
    const fitted = fitPanel(train);
    expect(fitted.folds).toBe(5);
    expect(fitted.candidates.map((c) => c.method)).toEqual(["log-odds", "log-odds", "log-odds", "logistic", "logistic", "logistic"]);
    const best = Math.max(...fitted.candidates.map((c) => c.cvAccuracy));
    const chosen = fitted.candidates.find((c) => c.cvAccuracy === best)!;
    expect(fitted.panel.model.method).toBe(chosen.method);
    expect(fitted.panel.model.params).toEqual(chosen.params);
    expect(fitted.panel.model.fittedOn).toEqual({ math: 150, coding: 150 });
    // Deterministic: the same train pairs give the same panel.
    expect(fitPanel(train).panel.toJSON()).toEqual(fitted.panel.toJSON());
  });

  it("restricted to one method, tries only its candidates", () => {
    const fitted = fitPanel(pairs(100, ["general"], trio, 12), "log-odds");
    expect(fitted.candidates.map((c) => c.params.shrink)).toEqual([2, 10, 30]);
    expect(fitted.panel.model.method).toBe("log-odds");
  });
});
