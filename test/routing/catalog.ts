// A catalog like the sandbox's, built as Expert objects, shared by the routing tests.
import { DefaultsSchema } from "../../src/config.js";
import type { Expert } from "../../src/experts/expert.js";

/** An Expert with test defaults for the fields a test does not care about. */
export function expert(e: Partial<Expert> & Pick<Expert, "id">): Expert {
  return {
    provider: "openai",
    model: e.id,
    pricing: { inputPerMTok: 0, outputPerMTok: 0 },
    pricingSource: "config",
    contextWindow: 128_000,
    local: false,
    domains: ["general"],
    skills: {},
    timeoutMs: 60_000,
    sandbox: true,
    ...e,
  };
}

const high = { general: 0.9, code: 0.9, math: 0.9, science: 0.9, law: 0.88, medicine: 0.88, finance: 0.9, writing: 0.88, translation: 0.9, reasoning: 0.9 };

export function sandboxCatalog(): Expert[] {
  return [
    expert({ id: "sim-large", model: "gpt-4o", pricing: { inputPerMTok: 2.5, outputPerMTok: 10 }, skills: high, latencyMs: 900 }),
    expert({ id: "sim-mini", model: "gpt-4o-mini", pricing: { inputPerMTok: 0.15, outputPerMTok: 0.6 }, skills: { general: 0.8, code: 0.6, writing: 0.75 }, latencyMs: 400 }),
    expert({
      id: "sim-coder", provider: "ollama", model: "qwen2.5-coder:7b", pricingSource: "local", local: true, contextWindow: 32_768,
      domains: ["code"], skills: { code: 0.88, general: 0.45 }, latencyMs: 1500,
    }),
    expert({ id: "sim-writer", pricing: { inputPerMTok: 0.5, outputPerMTok: 1.5 }, domains: ["writing", "translation"], skills: { writing: 0.9, translation: 0.85 }, latencyMs: 600 }),
    expert({
      id: "calculator", provider: "builtin", model: "math", pricingSource: "local", local: true, domains: ["arithmetic"],
      skills: { arithmetic: 1 }, latencyMs: 1,
    }),
  ];
}

export const defaults = DefaultsSchema.parse({});
