// The Panel object used live: a stored rule combines judges' votes for a domain into a verdict, a confidence and reasons.
import { describe, expect, it } from "vitest";
import { EoError } from "../../src/errors.js";
import { majorityVerdict } from "../../src/judging/majority.js";
import { Panel, type PairVerdict, type PanelModel } from "../../src/judging/panel.js";

const model: PanelModel = {
  version: 1,
  method: "log-odds",
  params: { shrink: 10 },
  fallback: { bias: 0, weights: { strong: 1, weak1: 0.4, weak2: 0.4 } },
  domains: {
    math: { bias: 0.1, weights: { strong: 2, weak1: 0.3, weak2: 0.3 } },
    coding: { bias: -0.2, weights: { strong: 0, weak1: 0.5, weak2: 0.5 } },
  },
  fittedOn: { math: 40, coding: 30 },
};
const panel = new Panel(model);

describe("Panel.decide", () => {
  it("sums prior and weighted votes into log-odds; the verdict is its sign and the confidence σ(|score|)", () => {
    const d = panel.decide("math", { strong: "A", weak1: "B", weak2: "B" });
    expect(d.score).toBeCloseTo(0.1 + 2 - 0.3 - 0.3, 12);
    expect(d.verdict).toBe("A");
    expect(d.confidence).toBeCloseTo(1 / (1 + Math.exp(-1.5)), 12);
    expect(d.domainFitted).toBe(true);
    expect(d.votes).toEqual([
      { judge: "strong", vote: "A", weight: 2, fitted: true },
      { judge: "weak1", vote: "B", weight: 0.3, fitted: true },
      { judge: "weak2", vote: "B", weight: 0.3, fitted: true },
    ]);
    // The simple majority of the same votes goes the other way.
    expect(majorityVerdict({ strong: "A", weak1: "B", weak2: "B" })).toBe("B");
  });

  it("uses each domain's own weights: where the strong judge has weight 0, the two others decide", () => {
    expect(panel.decide("coding", { strong: "A", weak1: "B", weak2: "B" }).verdict).toBe("B");
  });

  it("a tie vote abstains; when the votes cancel, the prior decides", () => {
    const d = panel.decide("math", { strong: "tie", weak1: "A", weak2: "B" });
    expect(d.score).toBeCloseTo(0.1, 12);
    expect(d.verdict).toBe("A");
    expect(panel.decide("coding", { strong: "tie" }).verdict).toBe("B");
  });

  it("a score of exactly 0 is a tie with confidence 0.5", () => {
    const d = panel.decide("other", { weak1: "A", weak2: "B" });
    expect(d).toMatchObject({ verdict: "tie", confidence: 0.5, score: 0 });
  });

  it("falls back to the overall weights in an unfitted domain, and gives an unknown judge weight 0, saying both", () => {
    const d = panel.decide("law", { strong: "B", newcomer: "A" });
    expect(d.domainFitted).toBe(false);
    expect(d.score).toBe(-1);
    expect(d.verdict).toBe("B");
    expect(d.votes[1]).toEqual({ judge: "newcomer", vote: "A", weight: 0, fitted: false });
    expect(d.reasons).toEqual([
      "strong says B, weight 1.00",
      "newcomer says A, weight 0.00 (no fitted weight)",
      'prior toward A in unfitted domain "law" (overall weights used): +0.00',
      "log-odds panel: log-odds −1.00 → B with probability 0.73",
    ]);
  });

  it("does not mistake an inherited property for a domain or a judge", () => {
    const d = panel.decide("constructor", { toString: "A" } as Record<string, PairVerdict>);
    expect(d.domainFitted).toBe(false);
    expect(d.votes[0]!.fitted).toBe(false);
  });
});

describe("Panel JSON", () => {
  it("round-trips through JSON text, deciding the same", () => {
    const back = Panel.fromJSON(JSON.stringify(panel));
    expect(back.toJSON()).toEqual(model);
    expect(back.judges).toEqual(["strong", "weak1", "weak2"]);
    expect(back.decide("math", { strong: "B", weak1: "A" })).toEqual(panel.decide("math", { strong: "B", weak1: "A" }));
  });

  it("rejects a bad stored panel naming the bad field", () => {
    const bad = { ...model, domains: { math: { bias: "high", weights: {} } } };
    expect(() => Panel.fromJSON(bad, "panel.json")).toThrow(EoError);
    expect(() => Panel.fromJSON(bad, "panel.json")).toThrow(/panel\.json: domains\.math\.bias: /);
    expect(() => Panel.fromJSON("{", "p.json")).toThrow(/p\.json: invalid JSON/);
    expect(() => Panel.fromJSON({ ...model, version: 2 })).toThrow(/version/);
  });
});

describe("majorityVerdict", () => {
  it("one judge, one vote; ties abstain; equal counts or no votes are a tie", () => {
    expect(majorityVerdict({ a: "A", b: "A", c: "B" })).toBe("A");
    expect(majorityVerdict({ a: "A", b: "B", c: "tie" })).toBe("tie");
    expect(majorityVerdict({ a: "tie", b: "B" })).toBe("B");
    expect(majorityVerdict({})).toBe("tie");
  });
});
