// eo.config.json: validation names the file and the path of the bad field; prices come from the price library.
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseConfig, parseConfigText } from "../src/config.js";
import { EoError } from "../src/errors.js";
import { Catalog } from "../src/experts/catalog.js";

const calc = { id: "calculator", provider: "builtin", model: "math", domains: ["arithmetic"] };

function issueOf(fn: () => unknown): { message: string; paths: string[] } {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(EoError);
    const err = e as EoError;
    return { message: err.message, paths: ((err.details as { issues?: { path: string }[] }).issues ?? []).map((i) => i.path) };
  }
  throw new Error("expected a config error");
}

describe("config", () => {
  it("accepts the CONTRACT's example and fills the defaults", () => {
    const c = parseConfig({
      experts: [
        { id: "mini", provider: "openai", model: "gpt-4o-mini", baseURL: "https://api.example.com/v1", apiKeyEnv: "OPENAI_API_KEY", pricing: { inputPerMTok: 0.15, outputPerMTok: 0.6 }, contextWindow: 128000, local: false, domains: ["general"] },
        { id: "coder", provider: "ollama", model: "qwen2.5-coder:7b", baseURL: "http://127.0.0.1:11434", local: true, domains: ["code"] },
        calc,
      ],
      defaults: { strategy: "cost-aware", budgetUsd: 1.0, weights: { correctness: 1, safety: 1 } },
    });
    expect(c.defaults.fallbacks).toBe(3);
    expect(c.experts[1]!.timeoutMs).toBe(60_000);
  });

  it("names the path of each bad field", () => {
    const bad = issueOf(() =>
      parseConfig({ experts: [calc, { id: "x", provider: "openai", model: "gpt-4o", pricing: { inputPerMTok: -1, outputPerMTok: 1 } }, { ...calc, domains: ["astrology"] }] }, "my.json"),
    );
    expect(bad.message).toContain("my.json");
    expect(bad.paths).toEqual(expect.arrayContaining(["experts[1].pricing.inputPerMTok", "experts[2].domains[0]"]));
    expect(issueOf(() => parseConfig({ experts: [calc, calc] })).paths).toEqual(["experts[1].id"]);
  });

  it("rejects unknown fields, reserved ids and bad JSON", () => {
    expect(issueOf(() => parseConfig({ experts: [{ ...calc, colour: "red" }] })).message).toMatch(/colour/);
    expect(issueOf(() => parseConfig({ experts: [{ ...calc, id: "eo/auto" }] })).paths).toEqual(["experts[0].id"]);
    expect(issueOf(() => parseConfigText("{ nope", "broken.json")).message).toMatch(/invalid JSON in broken\.json/);
  });

  it("prices a known model from the price library; a local expert is free; an unknown paid model is an error", () => {
    const cat = new Catalog(parseConfig({ experts: [{ id: "m", provider: "openai", model: "gpt-4o-mini", local: false }, { id: "l", provider: "ollama", model: "llama3", baseURL: "http://127.0.0.1:11434" }, calc] }));
    expect(cat.get("m")).toMatchObject({ pricingSource: "price-library", pricing: { inputPerMTok: 0.15, outputPerMTok: 0.6 }, contextWindow: 128000 });
    expect(cat.get("l")).toMatchObject({ pricingSource: "local", pricing: { inputPerMTok: 0, outputPerMTok: 0 }, local: true });
    const e = issueOf(() => new Catalog(parseConfig({ experts: [{ id: "z", provider: "openai", model: "zz-unknown-9", local: false }] })));
    expect(e.paths).toEqual(["experts[0].pricing"]);
  });

  it("a bad config file stops start-up with the file and the field", () => {
    const dir = mkdtempSync(join(tmpdir(), "eo-cfg-"));
    const file = join(dir, "eo.config.json");
    writeFileSync(file, JSON.stringify({ experts: [{ ...calc, timeoutMs: "soon" }] }));
    const r = spawnSync(process.execPath, ["--import", "tsx", "src/server.ts"], {
      env: { ...process.env, EO_CONFIG: file, PORT: "0", EO_DATA_DIR: join(dir, "data") },
      encoding: "utf8",
      timeout: 30_000,
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(file);
    expect(r.stderr).toContain("experts[0].timeoutMs");
  });
});
