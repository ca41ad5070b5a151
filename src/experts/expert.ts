// An expert of the catalog as the rest of the service sees it: its config with prices and defaults resolved.
import type { ExpertConfig, Pricing } from "../config.js";
import type { Domain } from "../vocabulary.js";

export type ProviderName = ExpertConfig["provider"];

export interface Expert {
  id: string;
  provider: ProviderName;
  model: string;
  baseURL?: string;
  apiKeyEnv?: string;
  /** USD per million tokens; zero for a local expert. */
  pricing: Pricing;
  /** Where the price came from: the config, the price library (@pydantic/genai-prices), or "local" (free). */
  pricingSource: "config" | "price-library" | "local";
  contextWindow: number;
  local: boolean;
  domains: Domain[];
  /** Declared prior quality per domain (seeds the capability profile). */
  skills: Partial<Record<Domain, number>>;
  latencyMs?: number;
  timeoutMs: number;
  sandbox: boolean;
  /** OpenAI experts: which OpenAI API the client speaks (unset: ChatOpenAI's own choice). */
  openaiApi?: ExpertConfig["openaiApi"];
}

/** Cost in USD of a call with these token counts at the expert's prices. */
export function costOf(expert: Pick<Expert, "pricing">, inputTokens: number, outputTokens: number): number {
  return (inputTokens * expert.pricing.inputPerMTok + outputTokens * expert.pricing.outputPerMTok) / 1e6;
}
