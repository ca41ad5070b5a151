// With no config file, the default catalog uses a real provider found in the environment, else the sandbox fleet.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Catalog } from "../../src/experts/catalog.js";
import { FakeUpstream, startFakeUpstreams, type FakeUpstreams } from "../../src/experts/fakes/index.js";
import { loadConfig } from "../../src/load-config.js";

let up: FakeUpstreams;
const empty = mkdtempSync(join(tmpdir(), "eo-default-"));
beforeAll(async () => {
  up = await startFakeUpstreams(new FakeUpstream({ "qwen2.5-coder:7b": {}, "llama3.2:3b": {} }));
});
afterAll(async () => up?.close());

const NO_OLLAMA = "http://127.0.0.1:9";

describe("default catalog", () => {
  it("uses OpenAI's models when OPENAI_API_KEY is set, at the price library's prices, plus the calculator", async () => {
    const l = await loadConfig({ OPENAI_API_KEY: "sk-test", OPENAI_BASE_URL: up.openai.baseURL, OLLAMA_HOST: NO_OLLAMA }, empty);
    expect(l.sandbox).toBeUndefined();
    const cat = new Catalog(l.config);
    expect(cat.experts.map((e) => e.id)).toEqual(["gpt-4o-mini", "gpt-4o", "calculator"]);
    expect(cat.get("gpt-4o")).toMatchObject({ local: false, pricingSource: "price-library", baseURL: up.openai.baseURL });
  });

  it("uses every model of an Ollama that answers, local and free, with domains guessed from the name", async () => {
    const l = await loadConfig({ OLLAMA_HOST: up.ollama.url }, empty);
    const cat = new Catalog(l.config);
    expect(cat.get("ollama/qwen2.5-coder:7b")).toMatchObject({ local: true, domains: ["code"], pricing: { inputPerMTok: 0, outputPerMTok: 0 } });
    expect(cat.get("ollama/llama3.2:3b")?.domains).toEqual(["general"]);
    expect(cat.get("calculator")).toBeDefined();
  });

  it("falls back to the sandbox fleet when nothing answers, and closes it", async () => {
    const l = await loadConfig({ OLLAMA_HOST: NO_OLLAMA }, empty);
    try {
      expect(l.sandbox).toBeDefined();
      const cat = new Catalog(l.config);
      expect(cat.experts.filter((e) => e.sandbox).length).toBeGreaterThanOrEqual(4);
      const coder = cat.experts.find((e) => e.id === "sim-coder")!;
      expect((await fetch(`${coder.baseURL}/api/tags`)).ok).toBe(true);
    } finally {
      await l.sandbox?.close();
    }
  });
});
