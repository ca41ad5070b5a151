// Strategy "quality": the highest predicted quality, whatever it costs (ties go to the cheaper expert).
import { fmtQuality, fmtUsd } from "../format.js";
import type { Strategy } from "./strategy.js";

export const quality: Strategy = {
  name: "quality",
  score: (q) => q,
  scoreAll(quality, _cost, n, _k, out) {
    out.set(quality.subarray(0, n));
  },
  describe: () => "highest predicted quality, cost only breaks ties",
  reason(w, r) {
    if (!r) return "the only eligible expert";
    if (w.quality > r.quality) return `highest predicted quality (${fmtQuality(w.quality)} vs ${fmtQuality(r.quality)} for ${r.expert})`;
    if (w.costUsd < r.costUsd) return `ties ${r.expert} on quality (${fmtQuality(w.quality)}) and is cheaper (${fmtUsd(w.costUsd)} vs ${fmtUsd(r.costUsd)})`;
    return `ties ${r.expert} on quality and cost, and comes first in the catalog`;
  },
};
