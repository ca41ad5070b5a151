// Simple majority of judges' pairwise verdicts: one judge, one vote; the baseline a fitted panel must beat.
import { verdictOfScore, voteSign, type PairVerdict } from "./panel.js";

/** The side more judges chose; tie votes abstain, and equal counts (or no votes) are a tie. */
export function majorityVerdict(verdicts: Readonly<Record<string, PairVerdict>>): PairVerdict {
  return verdictOfScore(Object.values(verdicts).reduce((s, v) => s + voteSign(v), 0));
}
