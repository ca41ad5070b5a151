// Per-token prices fitted to recorded costs: what an expert charged per input and output token, on our token count.
import type { Pricing } from "../../config.js";

/** One recorded call: tokens as the gpt-tokenizer counts them (the router's count) and the USD it cost. */
export interface CostSample {
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
}

/**
 * Least-squares fit of cost = a·input + b·output with a, b ≥ 0 (USD per million tokens). Recorded costs
 * were billed on each vendor's own tokenizer, so the fit absorbs the ratio between its count and ours.
 * Without output samples the whole cost is put on input tokens. Undefined when nothing was recorded.
 */
export function fitPricing(samples: readonly CostSample[]): Pricing | undefined {
  if (samples.length === 0) return undefined;
  let sii = 0, soo = 0, sio = 0, sic = 0, soc = 0;
  for (const s of samples) {
    sii += s.inputTokens * s.inputTokens;
    soo += s.outputTokens * s.outputTokens;
    sio += s.inputTokens * s.outputTokens;
    sic += s.inputTokens * s.costUsd;
    soc += s.outputTokens * s.costUsd;
  }
  const det = sii * soo - sio * sio;
  let a = det > 0 ? (sic * soo - soc * sio) / det : Number.NaN;
  let b = det > 0 ? (soc * sii - sic * sio) / det : Number.NaN;
  if (!(a >= 0 && b >= 0)) {
    // The unconstrained optimum is outside the quadrant: the best fit is on one of its edges.
    const onlyIn = sii > 0 ? sic / sii : 0;
    const onlyOut = soo > 0 ? soc / soo : 0;
    const err = (x: number, y: number) => samples.reduce((e, s) => e + (x * s.inputTokens + y * s.outputTokens - s.costUsd) ** 2, 0);
    [a, b] = err(onlyIn, 0) <= err(0, onlyOut) ? [Math.max(0, onlyIn), 0] : [0, Math.max(0, onlyOut)];
  }
  const perM = (x: number) => Number((x * 1e6).toPrecision(6));
  return { inputPerMTok: perM(a), outputPerMTok: perM(b) };
}
