// Model prices and context windows from the maintained price library (@pydantic/genai-prices), never hard-coded.
import { calcPrice } from "@pydantic/genai-prices";
import type { Pricing } from "../config.js";

const PROVIDER_IDS: Record<string, string | undefined> = { openai: "openai" };

export interface PriceInfo {
  pricing: Pricing;
  contextWindow?: number;
}

/**
 * Looks a model up in the price library: USD per million input and output tokens, and its context window.
 * Returns null when the library does not know the model.
 */
export function lookUpPrice(model: string, provider: string): PriceInfo | null {
  const providerId = PROVIDER_IDS[provider];
  // One million tokens of each kind gives the per-MTok prices directly.
  const r = calcPrice({ input_tokens: 1_000_000, output_tokens: 1_000_000 }, model, providerId ? { providerId } : undefined)
    ?? (providerId ? calcPrice({ input_tokens: 1_000_000, output_tokens: 1_000_000 }, model) : null);
  if (!r) return null;
  return {
    pricing: { inputPerMTok: r.input_price, outputPerMTok: r.output_price },
    contextWindow: r.model.context_window ?? undefined,
  };
}
