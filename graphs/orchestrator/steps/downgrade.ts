// Downgrading a plan to fit its budget: cheaper executors that still meet the quality floor, biggest saving first (pure).
import type { PricingInput, Priced } from "./pricing.js";
import { priceEstimate } from "./pricing.js";

export type DowngradeResult =
  | { ok: true; assigned: Record<string, string>; priced: Priced; downgrades: { id: string; from: string; to: string }[] }
  | { ok: false; priced: Priced };

/**
 * Greedy: while the p90 total is over the cap, make the single swap (one subtask to another of its routed
 * candidates whose predicted quality ≥ `floor`) that lowers the p90 total most. Every swap strictly lowers
 * the total, so it ends; judges are repriced too (the best judge that is not the new executor).
 */
export function downgrade(x: PricingInput, floor: number, capUsd: number): DowngradeResult {
  const assigned = { ...x.assigned };
  let priced = priceEstimate(x);
  while (priced.total.p90 > capUsd) {
    let best: { id: string; to: string; priced: Priced } | null = null;
    for (const p of x.plan) {
      for (const c of x.subtasks[p.id]?.ranked ?? []) {
        if (c.quality < floor || c.expert === assigned[p.id]) continue;
        const trial = priceEstimate({ ...x, assigned: { ...assigned, [p.id]: c.expert } });
        if (trial.total.p90 < (best?.priced ?? priced).total.p90 - 1e-12) best = { id: p.id, to: c.expert, priced: trial };
      }
    }
    if (!best) return { ok: false, priced };
    assigned[best.id] = best.to;
    priced = best.priced;
  }
  const downgrades = x.plan.filter((p) => assigned[p.id] !== x.assigned[p.id]).map((p) => ({ id: p.id, from: x.assigned[p.id]!, to: assigned[p.id]! }));
  return { ok: true, assigned, priced, downgrades };
}
