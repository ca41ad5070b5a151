// The contract every routing strategy implements, and the ordering all rankings share.
import type { Defaults, Preferences, StrategyName } from "../../config.js";

/** An eligible expert as strategies see it: its predicted quality and cost for this query. */
export interface ScoredCandidate {
  expert: string;
  quality: number;
  costUsd: number;
  latencyMs?: number;
}

/** A candidate with the strategy's ranking score (higher ranks first). */
export interface RankedCandidate extends ScoredCandidate {
  score: number;
}

/** The strategies' knobs, resolved from the caller's preferences over the configured defaults. */
export interface StrategyKnobs {
  /** `cost-aware`: λ, quality points given up per USD of predicted cost. */
  costWeight: number;
  /** `threshold`: the least predicted quality an expert must reach. */
  minQuality: number;
}

/**
 * A routing strategy: pure and allocation-free per candidate, so the router can score 10,000 experts
 * in a loop. The ranking is: score descending, then cheaper, then higher quality (`compareRanked`).
 */
export interface Strategy {
  readonly name: StrategyName;
  /** The ranking score of one candidate; higher is better. */
  score(quality: number, costUsd: number, knobs: StrategyKnobs): number;
  /**
   * `score` over the first n entries of columns, into `out`: the router's hot path (one call per query
   * rather than one per expert). Must equal `score` element by element.
   */
  scoreAll(quality: Float64Array, costUsd: Float64Array, n: number, knobs: StrategyKnobs, out: Float64Array): void;
  /** The knob in words, e.g. "λ = 20 quality points per USD". */
  describe(knobs: StrategyKnobs): string;
  /** Why the winner ranks first, against the runner-up when there is one: one short clause. */
  reason(winner: RankedCandidate, runnerUp: RankedCandidate | undefined, knobs: StrategyKnobs): string;
}

export function resolveKnobs(prefs: Preferences | undefined, defaults: Pick<Defaults, "costWeight" | "minQuality">): StrategyKnobs {
  return {
    costWeight: prefs?.costWeight ?? defaults.costWeight,
    minQuality: prefs?.minQuality ?? defaults.minQuality,
  };
}

/** Score descending, then cost ascending, then quality descending: negative when `a` ranks first. */
export function compareScored(aScore: number, aCost: number, aQuality: number, bScore: number, bCost: number, bQuality: number): number {
  if (aScore !== bScore) return bScore - aScore;
  if (aCost !== bCost) return aCost - bCost;
  return bQuality - aQuality;
}

export function compareRanked(a: RankedCandidate, b: RankedCandidate): number {
  return compareScored(a.score, a.costUsd, a.quality, b.score, b.costUsd, b.quality);
}
