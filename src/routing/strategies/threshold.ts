// Strategy "threshold": the cheapest expert whose predicted quality reaches minQuality.
import { fmtQuality, fmtUsd } from "../format.js";
import type { Strategy } from "./strategy.js";

/**
 * Score: 1/(1 + cost) for an expert that reaches the threshold (in (0, 1]: free = 1, cheaper ranks higher),
 * quality − 1 (≤ 0) for one that does not, so all that qualify rank first, by cost, and the rest by quality.
 */
export const threshold: Strategy = {
  name: "threshold",
  score: (q, cost, k) => (q >= k.minQuality ? 1 / (1 + cost) : q - 1),
  scoreAll(quality, cost, n, k, out) {
    const min = k.minQuality;
    for (let i = 0; i < n; i++) {
      const q = quality[i]!;
      out[i] = q >= min ? 1 / (1 + cost[i]!) : q - 1;
    }
  },
  describe: (k) => `cheapest expert with predicted quality ≥ ${fmtQuality(k.minQuality)}`,
  reason(w, r, k) {
    const min = fmtQuality(k.minQuality);
    if (w.quality < k.minQuality) return `no eligible expert reaches quality ${min}, so the best available (${fmtQuality(w.quality)})`;
    if (!r) return `the only eligible expert, and it reaches quality ${min}`;
    if (r.quality < k.minQuality) return `the only eligible expert reaching quality ${min} (${r.expert} predicts ${fmtQuality(r.quality)})`;
    if (w.costUsd < r.costUsd) return `the cheapest expert reaching quality ${min} (${fmtUsd(w.costUsd)}; ${r.expert} also qualifies at ${fmtUsd(r.costUsd)})`;
    return `reaches quality ${min} at the same cost as ${r.expert}, with higher quality (${fmtQuality(w.quality)} vs ${fmtQuality(r.quality)})`;
  },
};
