// The router over a sandbox-like catalog: choices per prompt and strategy, constraints, explanations.
import { describe, expect, it } from "vitest";
import { costOf } from "../../src/experts/expert.js";
import { extractFeatures } from "../../src/routing/features.js";
import { ProfileBook } from "../../src/routing/profiles.js";
import { Router } from "../../src/routing/router.js";
import { defaults, expert, sandboxCatalog } from "./catalog.js";

const CODE = "Write a python function that reverses a string";
const ARITH = "What is 12.5 * (3 + 4)?";
const GENERAL = "What's the capital of France?";
const ask = (content: string) => ({ messages: [{ role: "user", content }] });

function sandboxRouter() {
  const experts = sandboxCatalog();
  const profiles = ProfileBook.fromCatalog(experts);
  return { experts, profiles, router: new Router(experts, profiles, defaults) };
}

describe("Router: choices", () => {
  const { router } = sandboxRouter();

  it("sends code, arithmetic and general prompts to three different experts under cost-aware", () => {
    const picks = [CODE, ARITH, GENERAL].map((p) => router.route(ask(p)));
    expect(picks.map((d) => d.strategy)).toEqual(["cost-aware", "cost-aware", "cost-aware"]);
    expect(picks.map((d) => d.domain)).toEqual(["code", "arithmetic", "general"]);
    expect(picks[0]!.expert).toBe("sim-coder");
    expect(picks[1]!.expert).toBe("calculator");
    expect(new Set(picks.map((d) => d.expert)).size).toBe(3);
  });

  it.each(["quality", "cost-aware", "threshold"] as const)("routes arithmetic to the calculator under %s", (strategy) => {
    const d = router.route(ask("compute 2^32 - 1"), { strategy });
    expect(d.expert).toBe("calculator");
    expect(d.predicted).toEqual({ quality: 0.85, costUsd: 0 });
  });

  it("prices with costOf and the domain's expected output, or max_tokens", () => {
    const experts = sandboxCatalog();
    const d = router.route(ask(CODE), { strategy: "quality" });
    const large = d.ranked.find((c) => c.expert === "sim-large")!;
    expect(d.expectedOutputTokens).toBe(400);
    expect(large.costUsd).toBeCloseTo(costOf(experts[0]!, d.features.inputTokens, 400), 12);
    const capped = router.route({ ...ask(CODE), maxOutputTokens: 50 }, { strategy: "quality" });
    expect(capped.expectedOutputTokens).toBe(50);
    expect(capped.ranked.find((c) => c.expert === "sim-large")!.costUsd).toBeCloseTo(costOf(experts[0]!, d.features.inputTokens, 50), 12);
    expect(d.ranked.find((c) => c.expert === "sim-coder")!.costUsd).toBe(0); // local
  });

  it("ranks all eligible experts best first and shows excluded ones after", () => {
    const d = router.route(ask(CODE));
    expect(d.ranked.map((c) => c.expert)).toEqual(["sim-coder", "sim-large", "sim-mini", "sim-writer"]);
    expect(d.ranked.every((c, i) => i === 0 || c.score <= d.ranked[i - 1]!.score)).toBe(true);
    expect(d.eligibleCount).toBe(4);
    expect(d.excludedCount).toBe(1);
    expect(d.candidates.at(-1)).toMatchObject({ expert: "calculator", excludedBecause: "serves only arithmetic" });
    expect(d.candidates.slice(0, 4)).toEqual(d.ranked);
  });

  it("takes the domain override and precomputed features", () => {
    const features = extractFeatures(ask(GENERAL).messages);
    const d = router.route({ ...ask(GENERAL), features, domain: "code" });
    expect(d.domain).toBe("code");
    expect(d.features).toBe(features);
    expect(d.expert).toBe("sim-coder");
    expect(d.explanation).toContain("Domain: code (given by the caller)");
  });

  it("changes its choice when a judge changes a profile", () => {
    const { profiles, router: r } = sandboxRouter();
    expect(r.route(ask(CODE)).expert).toBe("sim-coder");
    profiles.set("sim-coder", "code", "correctness", 0.3);
    const d = r.route(ask(CODE));
    expect(d.expert).toBe("sim-large");
    expect(d.predicted!.quality).toBeCloseTo(0.8, 12);
  });

  it("uses the caller's weights", () => {
    const { profiles, router: r } = sandboxRouter();
    profiles.set("sim-large", "code", "safety", 1);
    expect(r.route(ask(CODE), { strategy: "quality", weights: { correctness: 1 } }).expert).toBe("sim-large");
    expect(r.route(ask(CODE), { strategy: "quality", weights: { correctness: 1 } }).predicted!.quality).toBe(0.9);
    expect(r.route(ask(CODE), { strategy: "quality", weights: { safety: 1 } }).predicted!.quality).toBe(1);
  });
});

describe("Router: constraints", () => {
  const { router } = sandboxRouter();
  const reason = (d: ReturnType<typeof router.route>, id: string) => d.candidates.find((c) => c.expert === id)?.excludedBecause;

  it("approvedExperts: others are excluded; unknown ids are ignored and mentioned", () => {
    const d = router.route(ask(CODE), { approvedExperts: ["sim-mini", "sim-large", "gpt-9"] });
    expect(d.ranked.map((c) => c.expert)).toEqual(["sim-large", "sim-mini"]);
    expect(reason(d, "sim-coder")).toBe("not in the approved set");
    expect(d.unknownApproved).toEqual(["gpt-9"]);
    expect(d.explanation).toContain("Unknown ids in approvedExperts were ignored: gpt-9.");
  });

  it("localOnly", () => {
    const d = router.route(ask(GENERAL), { localOnly: true });
    expect(d.expert).toBe("sim-coder");
    expect(reason(d, "sim-large")).toBe("not local (localOnly)");
  });

  it("maxCostUsd", () => {
    const d = router.route(ask(CODE), { strategy: "quality", maxCostUsd: 0.001 });
    expect(d.expert).toBe("sim-coder");
    expect(reason(d, "sim-large")).toMatch(/^predicted \$0\.004\d* over the limit \$0\.001$/);
  });

  it("maxLatencyMs (an expert of unknown latency is not excluded)", () => {
    const d = router.route(ask(CODE), { maxLatencyMs: 1000 });
    expect(d.expert).toBe("sim-large");
    expect(reason(d, "sim-coder")).toBe("typical latency 1500 ms over the limit 1000 ms");
  });

  it("context window", () => {
    const d = router.route({ ...ask(CODE), maxOutputTokens: 40_000 }, { strategy: "quality" });
    const tokens = d.features.inputTokens;
    expect(reason(d, "sim-coder")).toBe(`prompt ${tokens} tokens + 40000 output tokens exceed the context window 32768`);
    expect(d.expert).toBe("sim-large");
  });

  it("exclude: the caller's experts are not candidates, and the reason says so", () => {
    const d = router.route(ask(CODE), {}, { exclude: ["sim-coder", "unknown-id"], excludeReason: "it produced the output being judged" });
    expect(d.expert).toBe("sim-large");
    expect(d.ranked.map((c) => c.expert)).not.toContain("sim-coder");
    expect(reason(d, "sim-coder")).toBe("excluded by the caller (it produced the output being judged)");
    expect(d.explanation).toContain("sim-coder (excluded by the caller (it produced the output being judged))");
    expect(reason(router.route(ask(CODE), {}, { exclude: ["sim-coder"] }), "sim-coder")).toBe("excluded by the caller");
  });

  it("a builtin outside its domains", () => {
    const d = router.route(ask(GENERAL));
    expect(reason(d, "calculator")).toBe("serves only arithmetic");
  });

  it("nothing eligible: no expert, no prediction, and the explanation says why", () => {
    const d = router.route(ask(CODE), { approvedExperts: ["calculator"] });
    expect(d.expert).toBeNull();
    expect(d.predicted).toBeNull();
    expect(d.ranked).toEqual([]);
    expect(d.eligibleCount).toBe(0);
    expect(d.explanation).toContain("No expert is eligible");
  });
});

describe("Router: explanation", () => {
  const { router } = sandboxRouter();

  it("names the domain and cues, the strategy and knob, the choice, the runner-up and the exclusions", () => {
    const e = router.route(ask(CODE)).explanation;
    expect(e).toContain('Domain: code (confidence');
    expect(e).toContain('keyword "python"');
    expect(e).toContain("λ = 20 quality points per USD");
    expect(e).toContain("Chose sim-coder: predicted quality 0.79 at $0");
    expect(e).toContain("sim-large");
    expect(e).toContain("excluded calculator (serves only arithmetic)");
  });

  it("quotes the arithmetic expression", () => {
    expect(router.route(ask(ARITH)).explanation).toContain('the prompt is the expression "12.5 * (3 + 4)"');
  });

  it("summarises many exclusions by kind", () => {
    const many = [...sandboxCatalog(), ...Array.from({ length: 30 }, (_, i) => expert({ id: `cloud-${i}`, pricing: { inputPerMTok: 5, outputPerMTok: 15 } }))];
    const r = new Router(many, ProfileBook.fromCatalog(many), defaults);
    const d = r.route(ask(GENERAL), { localOnly: true }, { limit: 5 });
    expect(d.excludedCount).toBe(34);
    expect(d.candidates.filter((c) => c.excludedBecause).length).toBe(5);
    expect(d.explanation).toContain("1 of 35 experts eligible; 34 excluded: 1 builtin experts that do not serve general (e.g. calculator); 33 not local (localOnly) (e.g. sim-large, sim-mini, sim-writer).");
  });
});

describe("Router: edge cases", () => {
  it("routes an empty chat over an empty catalog without throwing", () => {
    const d = new Router([], ProfileBook.fromCatalog([]), defaults).route({ messages: [] });
    expect(d).toMatchObject({ expert: null, predicted: null, domain: "general", eligibleCount: 0, excludedCount: 0, ranked: [], candidates: [] });
    expect(d.explanation).toContain("0 of 0 experts eligible");
  });

  it("adds experts missing from the profile book with their priors", () => {
    const experts = sandboxCatalog();
    const profiles = ProfileBook.fromCatalog(experts.slice(0, 2));
    const d = new Router(experts, profiles, defaults).route(ask(CODE));
    expect(profiles.size).toBe(5);
    expect(d.expert).toBe("sim-coder");
  });

  it("counts correctness alone when every weight is zero", () => {
    const { router } = sandboxRouter();
    const d = router.route(ask(CODE), { strategy: "quality", weights: { safety: 0 } });
    expect(d.predicted!.quality).toBe(0.9);
    expect(d.explanation).toContain("quality weights correctness 1");
  });
});

describe("Router: large catalogs", () => {
  const many = Array.from({ length: 500 }, (_, i) =>
    expert({ id: `e${i}`, pricing: { inputPerMTok: (i % 17) * 0.3, outputPerMTok: (i % 13) * 0.9 }, skills: { general: ((i * 37) % 100) / 100 } }),
  );
  const r = new Router(many, ProfileBook.fromCatalog(many), defaults);

  it("caps ranked at max(limit, 10, fallbacks) and agrees with a full sort", () => {
    const d = r.route(ask(GENERAL), {}, { limit: 5 });
    expect(d.ranked).toHaveLength(10);
    const all = r.route(ask(GENERAL), {}, { ranked: Infinity });
    expect(all.ranked).toHaveLength(500);
    expect(all.ranked.slice(0, 10)).toEqual(d.ranked);
    expect(all.candidates).toHaveLength(20);
    for (let i = 1; i < all.ranked.length; i++) expect(all.ranked[i]!.score).toBeLessThanOrEqual(all.ranked[i - 1]!.score);
  });
});
