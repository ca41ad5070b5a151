// The catalog served when no config file is given: real providers found in the environment, else none (→ sandbox).
import type { ExpertConfig } from "../config.js";
import type { SecretEnv } from "./providers/provider.js";

/** Domains guessed from an Ollama model's name, so a local coder is routed code. */
function domainsOf(name: string): ExpertConfig["domains"] {
  if (/coder|code|starcoder|deepseek-coder|codellama/i.test(name)) return ["code"];
  if (/math|qwq|deepseek-r1|reason/i.test(name)) return ["math", "reasoning"];
  return ["general"];
}

/** OpenAI's models when OPENAI_API_KEY (and optionally OPENAI_BASE_URL) is set. */
export function openaiExperts(env: SecretEnv): ExpertConfig[] {
  if (!env.OPENAI_API_KEY) return [];
  const baseURL = env.OPENAI_BASE_URL || "https://api.openai.com/v1";
  // OpenAI's own models: paid even behind a proxy on localhost, so never inferred local.
  const common = { provider: "openai" as const, baseURL, apiKeyEnv: "OPENAI_API_KEY", local: false, timeoutMs: 60_000, sandbox: false };
  return [
    { ...common, id: "gpt-4o-mini", model: "gpt-4o-mini", domains: ["general", "writing", "translation"], skills: { general: 0.8, code: 0.7, math: 0.7 } },
    {
      ...common, id: "gpt-4o", model: "gpt-4o",
      domains: ["general", "code", "math", "science", "law", "medicine", "finance", "writing", "translation", "reasoning"],
      skills: { general: 0.9, code: 0.9, math: 0.85 },
    },
  ];
}

/** The models of an Ollama answering at `host` (GET /api/tags), or none when it does not answer quickly. */
export async function ollamaExperts(host = "http://127.0.0.1:11434", timeoutMs = 500): Promise<ExpertConfig[]> {
  try {
    const r = await fetch(`${host}/api/tags`, { signal: AbortSignal.timeout(timeoutMs) });
    if (!r.ok) return [];
    const body = (await r.json()) as { models?: { name: string }[] };
    return (body.models ?? []).map((m) => ({
      id: `ollama/${m.name}`, provider: "ollama" as const, model: m.name, baseURL: host, local: true,
      domains: domainsOf(m.name), timeoutMs: 120_000, sandbox: false,
    }));
  } catch {
    return [];
  }
}
