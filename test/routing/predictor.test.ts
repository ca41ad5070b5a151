// The learned predictor: training, the versioned artifact (round trip, rejection), and the Router consulting it.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config.js";
import { EoError } from "../../src/errors.js";
import { loadPredictor } from "../../src/load-predictor.js";
import { parseArtifact, parseArtifactText, type RouterArtifact } from "../../src/routing/predictor/artifact.js";
import { LearnedPredictor } from "../../src/routing/predictor/predictor.js";
import { trainPredictor, type TrainingRecord } from "../../src/routing/predictor/train.js";
import { ProfileBook } from "../../src/routing/profiles.js";
import { Router } from "../../src/routing/router.js";
import { defaults, expert } from "./catalog.js";

/** "big" is right on everything; "small" fails the code prompts. Answers are long for code, short otherwise. */
function records(): TrainingRecord[] {
  const out: TrainingRecord[] = [];
  for (let i = 0; i < 40; i++) {
    const code = i % 2 === 0;
    const answer = code ? "def f(x):\n    return x\n".repeat(20) : "Paris.";
    out.push({
      prompt: code ? `Write a python function number ${i} that sorts a list` : `What is the capital of country ${i}?`,
      domain: code ? "code" : "general",
      outcomes: {
        "gpt-big": { score: 1, costUsd: 0.01, response: answer },
        small: i === 1 ? null : { score: code ? 0 : 1, costUsd: 0.0005, response: answer },
      },
    });
  }
  return out;
}

const artifact = trainPredictor(records(), { folds: 2, sources: ["synthetic"] });
const dir = mkdtempSync(join(tmpdir(), "eo-predictor-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("trainPredictor", () => {
  it("learns per-domain quality and output length, and leaves missing outcomes out", () => {
    const p = new LearnedPredictor(artifact);
    const small = p.experts.indexOf("small");
    const code = p.predict("Write a python function that reverses a string", "code");
    const general = p.predict("What is the capital of Peru?", "general");
    expect(code.quality[small]).toBeLessThan(0.25);
    expect(general.quality[small]).toBeGreaterThan(0.75);
    expect(code.outputTokens[small]).toBeGreaterThan(5 * general.outputTokens[small]!);
    expect(artifact.experts.find((e) => e.name === "small")!.outcomes).toBe(39); // one missing, not a zero
    expect(artifact.training).toMatchObject({ records: 40, folds: 2, sources: ["synthetic"] });
  });

  it("fits per-token prices to the recorded costs", () => {
    const big = artifact.experts.find((e) => e.name === "gpt-big")!;
    expect(big.pricing!.inputPerMTok + big.pricing!.outputPerMTok).toBeGreaterThan(0);
  });
});

describe("the artifact", () => {
  it("round-trips through JSON and predicts the same", () => {
    const back = parseArtifactText(JSON.stringify(artifact), "a.json");
    expect(back).toEqual(artifact);
    const q = "Write a python function that adds";
    expect(new LearnedPredictor(back).predict(q, "code")).toEqual(new LearnedPredictor(artifact).predict(q, "code"));
  });

  it("rejects an unknown version, another kind, and a bad field, each clearly", () => {
    expect(() => parseArtifact({ ...artifact, version: 2 }, "old.json")).toThrow(/old\.json has router artifact version 2, but this build reads version 1; retrain it with eo train router/);
    expect(() => parseArtifact({ hello: 1 }, "x.json")).toThrow(/x\.json is not a router artifact/);
    const broken = structuredClone(artifact) as { experts: { quality: { global: unknown } }[] };
    broken.experts[0]!.quality.global = "high";
    expect(() => parseArtifact(broken, "b.json")).toThrow(/experts\[0\]\.quality\.global/);
    expect(() => parseArtifactText("{", "c.json")).toThrow(/invalid JSON in c\.json/);
  });
});

describe("Router with a learned predictor", () => {
  const catalog = [
    expert({ id: "big", model: "gpt-big", pricing: { inputPerMTok: 10, outputPerMTok: 30 }, skills: { code: 0.5, general: 0.5 } }),
    expert({ id: "small", pricing: { inputPerMTok: 0.1, outputPerMTok: 0.2 }, skills: { code: 0.9, general: 0.9 } }),
    expert({ id: "other", pricing: { inputPerMTok: 1, outputPerMTok: 1 }, skills: { code: 0.7 } }),
  ];
  const predictor = new LearnedPredictor(artifact);
  const router = new Router(catalog, ProfileBook.fromCatalog(catalog), defaults, { predictor });
  const ask = { messages: [{ role: "user", content: "Write a python function that reverses a list" }], domain: "code" as const };

  it("replaces known experts' correctness (by id or model) and output length, and says so", () => {
    const d = router.route(ask, { strategy: "quality", weights: { correctness: 1 } }, { ranked: Infinity });
    const p = predictor.predict(ask.messages[0]!.content, "code");
    const by = (id: string) => d.ranked.find((c) => c.expert === id)!;
    expect(by("big").quality).toBeCloseTo(p.quality[predictor.experts.indexOf("gpt-big")]!, 5);
    expect(by("small").quality).toBeCloseTo(p.quality[predictor.experts.indexOf("small")]!, 5);
    expect(by("other").quality).toBe(0.7); // unknown to the predictor: its profile
    expect(d.expert).toBe("big"); // the profile said small (0.9); the predictor knows small fails code
    const tokens = p.outputTokens[predictor.experts.indexOf("gpt-big")]!;
    expect(by("big").costUsd).toBeCloseTo((d.features.inputTokens * 10 + tokens * 30) / 1e6, 7);
    expect(d.explanation).toMatch(/learned predictor \(artifact v1, 40 prompts\) predicted this prompt's correctness and answer length for 2 of 3 experts/);
  });

  it("caps predicted lengths at max_tokens, and weighs only correctness by the prediction", () => {
    const capped = router.route({ ...ask, maxOutputTokens: 5 }, { strategy: "quality" }, { ranked: Infinity });
    const big = capped.ranked.find((c) => c.expert === "big")!;
    expect(big.costUsd).toBeCloseTo((capped.features.inputTokens * 10 + 5 * 30) / 1e6, 9);
    // Default weights are correctness 1, safety 1: half the quality is still the profile's safety (0.7).
    const p = predictor.predict(ask.messages[0]!.content, "code").quality[predictor.experts.indexOf("gpt-big")]!;
    expect(big.quality).toBeCloseTo((p + 0.7) / 2, 5);
  });

  it("without a predictor, routes as before", () => {
    const plain = new Router(catalog, ProfileBook.fromCatalog(catalog), defaults);
    const d = plain.route(ask, { strategy: "quality", weights: { correctness: 1 } });
    expect(d.expert).toBe("small");
    expect(d.explanation).not.toMatch(/learned predictor/);
  });
});

describe("config router.predictor", () => {
  const config = (predictor: string) => parseConfig({ experts: [{ id: "m", provider: "openai", model: "gpt-4o-mini" }], router: { predictor } });

  it("is optional, validated, and loaded relative to the config file", () => {
    expect(parseConfig({ experts: [{ id: "m", provider: "openai", model: "gpt-4o-mini" }] }).router).toBeUndefined();
    expect(() => parseConfig({ experts: [{ id: "m", provider: "openai", model: "gpt-4o-mini" }], router: { other: 1 } })).toThrow(/router/);
    writeFileSync(join(dir, "artifact.json"), JSON.stringify(artifact));
    const p = loadPredictor({ config: config("artifact.json"), path: join(dir, "eo.config.json") });
    expect(p?.experts).toEqual(predictor().experts);
    expect(loadPredictor({ config: parseConfig({ experts: [{ id: "m", provider: "openai", model: "gpt-4o-mini" }] }) })).toBeUndefined();
  });

  it("stops start-up with a clear message for a missing, malformed or unknown-version artifact", () => {
    const load = (name: string) => () => loadPredictor({ config: config(name), path: join(dir, "eo.config.json") });
    expect(load("nope.json")).toThrow(/router\.predictor: cannot read .*nope\.json/);
    writeFileSync(join(dir, "v9.json"), JSON.stringify({ ...artifact, version: 9 }));
    expect(load("v9.json")).toThrow(/router\.predictor: .*version 9, but this build reads version 1/);
    try {
      load("v9.json")();
    } catch (e) {
      expect((e as EoError).code).toBe("config_invalid");
    }
  });
});

function predictor(): LearnedPredictor {
  return new LearnedPredictor(artifact as RouterArtifact);
}
