// Output-token forecasts: the domain prior blended with the answers the store has seen, as p50 and p90.
import { expectedOutputTokens } from "../../../src/routing/priors.js";
import type { Domain } from "../../../src/vocabulary.js";

/**
 * How much the prior counts, in recorded answers: with n answers in the history, the history weighs
 * n / (n + PRIOR_WEIGHT). Ten answers make it an even blend; a hundred make the prior a footnote.
 */
export const PRIOR_WEIGHT = 10;
/** Answer lengths are right-skewed: the prior's p90 is taken as this multiple of its median. */
export const PRIOR_P90_RATIO = 2;
/** Recent answers read per domain. */
export const HISTORY_LIMIT = 200;

export interface Percentiles {
  p50: number;
  p90: number;
}

/** The q-quantile of sorted numbers, linearly interpolated. */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return 0;
  const at = (sorted.length - 1) * q;
  const lo = Math.floor(at);
  const hi = Math.ceil(at);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (at - lo);
}

/** Output tokens of an answer in `domain` to a prompt of `inputTokens`, from the history (newest first) and the prior. */
export function forecastOutput(history: readonly number[], domain: Domain, inputTokens: number): Percentiles {
  const prior50 = expectedOutputTokens(domain, inputTokens);
  const prior = { p50: prior50, p90: prior50 * PRIOR_P90_RATIO };
  const clean = history.filter((n) => Number.isFinite(n) && n >= 0);
  if (clean.length === 0) return prior;
  const sorted = [...clean].sort((a, b) => a - b);
  const w = clean.length / (clean.length + PRIOR_WEIGHT);
  const p50 = Math.ceil(w * quantile(sorted, 0.5) + (1 - w) * prior.p50);
  const p90 = Math.ceil(w * quantile(sorted, 0.9) + (1 - w) * prior.p90);
  return { p50, p90: Math.max(p50, p90) };
}
