// Strategy "cost-aware": predicted quality minus λ times predicted cost, λ in quality points per USD.
import { fmtQuality, fmtScore, fmtUsd } from "../format.js";
import type { Strategy } from "./strategy.js";

export const costAware: Strategy = {
  name: "cost-aware",
  score: (q, cost, k) => q - k.costWeight * cost,
  scoreAll(quality, cost, n, k, out) {
    const lambda = k.costWeight;
    for (let i = 0; i < n; i++) out[i] = quality[i]! - lambda * cost[i]!;
  },
  describe: (k) => `score = quality − λ·cost, λ = ${k.costWeight} quality points per USD`,
  reason(w, r) {
    if (!r) return "the only eligible expert";
    const scores = `score ${fmtScore(w.score)} vs ${fmtScore(r.score)} for ${r.expert}`;
    const dq = Math.abs(w.quality - r.quality);
    const dc = Math.abs(w.costUsd - r.costUsd);
    if (w.quality >= r.quality && w.costUsd <= r.costUsd) return `at least as good as ${r.expert} and no dearer (${scores})`;
    if (w.costUsd < r.costUsd) return `its ${fmtUsd(dc)} saving outweighs ${fmtQuality(dq)} less quality than ${r.expert} (${scores})`;
    return `its +${fmtQuality(dq)} quality over ${r.expert} is worth the extra ${fmtUsd(dc)} (${scores})`;
  },
};
