// The Bayesian estimate behind one profile cell: a Beta posterior over judged scores, with older evidence discounted.
import betaQuantile from "@stdlib/stats-base-dists-beta-quantile";

/** How evidence turns into an estimate. */
export interface PosteriorOptions {
  /** Evidence this old counts half as much as evidence recorded now (exponential forgetting). */
  halfLifeMs: number;
  /** How many judged samples the prior (the declared or default skill) is worth. */
  priorStrength: number;
  /** The credible interval's mass, e.g. 0.9 for the 5th–95th percentiles. */
  level: number;
}

export const DEFAULT_POSTERIOR: PosteriorOptions = { halfLifeMs: 30 * 24 * 3600 * 1000, priorStrength: 2, level: 0.9 };

/**
 * The evidence of one cell: `a` and `b` are the discounted sums of weight × score and weight × (1 − score)
 * (a score in [0, 1] is a fractional success), as of time `t`; `n` counts the samples, undiscounted.
 */
export interface CellEvidence {
  prior: number;
  a: number;
  b: number;
  n: number;
  t: number;
}

export function emptyEvidence(prior: number): CellEvidence {
  return { prior, a: 0, b: 0, n: 0, t: Number.NEGATIVE_INFINITY };
}

/**
 * Adds one sample at time `atMs`: what was there is first discounted by the time since it was last updated
 * (so a sample recorded a half-life ago weighs half as much as one recorded now). Samples arriving out of
 * order (an older `atMs`) are discounted themselves instead.
 */
export function addSample(cell: CellEvidence, score: number, weight: number, atMs: number, opts: PosteriorOptions): void {
  if (cell.n === 0 || atMs >= cell.t) {
    const f = cell.n === 0 ? 1 : Math.pow(0.5, (atMs - cell.t) / opts.halfLifeMs);
    cell.a = cell.a * f + weight * score;
    cell.b = cell.b * f + weight * (1 - score);
    cell.t = atMs;
  } else {
    const f = Math.pow(0.5, (cell.t - atMs) / opts.halfLifeMs);
    cell.a += f * weight * score;
    cell.b += f * weight * (1 - score);
  }
  cell.n += 1;
}

/** The posterior mean and credible interval: Beta(k·prior + a, k·(1 − prior) + b). */
export function estimate(cell: CellEvidence, opts: PosteriorOptions): { mean: number; lower: number; upper: number } {
  const k = opts.priorStrength;
  // A prior of exactly 0 or 1 would make one Beta parameter 0 before any evidence: keep both positive.
  const p = Math.min(Math.max(cell.prior, 0.01), 0.99);
  const alpha = k * p + cell.a;
  const beta = k * (1 - p) + cell.b;
  const tail = (1 - opts.level) / 2;
  return { mean: alpha / (alpha + beta), lower: betaQuantile(tail, alpha, beta), upper: betaQuantile(1 - tail, alpha, beta) };
}
