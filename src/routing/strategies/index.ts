// The registry of routing strategies and `rank`, the pure whole-list form of any of them.
import type { Defaults, Preferences, StrategyName } from "../../config.js";
import { costAware } from "./cost-aware.js";
import { quality } from "./quality.js";
import { compareRanked, resolveKnobs, type RankedCandidate, type ScoredCandidate, type Strategy } from "./strategy.js";
import { threshold } from "./threshold.js";

export { compareRanked, compareScored, resolveKnobs } from "./strategy.js";
export type { RankedCandidate, ScoredCandidate, Strategy, StrategyKnobs } from "./strategy.js";

export const STRATEGIES: Readonly<Record<StrategyName, Strategy>> = {
  quality,
  "cost-aware": costAware,
  threshold,
};

/**
 * Ranks candidates with a strategy (pure; the input is not modified): every candidate with its score,
 * best first, and why the first one won. Ties keep the input order after cost and quality.
 */
export function rank(
  name: StrategyName,
  candidates: readonly ScoredCandidate[],
  prefs: Preferences | undefined,
  defaults: Pick<Defaults, "costWeight" | "minQuality">,
): { ranked: RankedCandidate[]; reason: string } {
  const strategy = STRATEGIES[name];
  const knobs = resolveKnobs(prefs, defaults);
  const ranked = candidates
    .map((c) => ({ ...c, score: strategy.score(c.quality, c.costUsd, knobs) }))
    .sort(compareRanked); // Array.prototype.sort is stable: equal candidates keep their order
  const reason = ranked[0] ? strategy.reason(ranked[0], ranked[1], knobs) : "no eligible expert";
  return { ranked, reason };
}
