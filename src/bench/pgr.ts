// RouteLLM's two-expert metrics: PGR, APGR, and the share of strong calls needed for a given PGR.
import { costToReach, upperHull, type XY } from "./hull.js";

/** One configuration of a two-expert router: the share of prompts sent to the strong expert, quality and cost. */
export interface PairPoint {
  strongShare: number;
  quality: number;
  costUsd: number;
}

/** Performance gap recovered: 0 at the weak expert's quality, 1 at the strong one's. */
export function pgr(quality: number, weak: number, strong: number): number {
  return strong === weak ? 0 : (quality - weak) / (strong - weak);
}

interface PgrPoint extends XY {
  costUsd: number;
}

/**
 * RouteLLM's metrics on the hull of (share of strong calls, PGR), which always holds "all weak" (0, 0) and
 * "all strong" (1, 1): APGR is the area under it over shares 0..1 (0.5 for a random router); for each
 * target PGR, the least share of strong calls that reaches it and the USD that costs (interpolated
 * between the hull's neighbouring configurations, as mixing them would cost).
 */
export function pairMetrics(points: readonly PairPoint[], weak: PairPoint, strong: PairPoint, targets: readonly number[] = [0.5, 0.8]) {
  const toPgr = (p: PairPoint): PgrPoint => ({ x: p.strongShare, y: pgr(p.quality, weak.quality, strong.quality), costUsd: p.costUsd });
  const hull = upperHull([weak, strong, ...points].map(toPgr));
  let area = 0;
  for (let i = 1; i < hull.length; i++) area += ((hull[i - 1]!.y + hull[i]!.y) / 2) * (hull[i]!.x - hull[i - 1]!.x);
  area += hull.at(-1)!.y * (1 - hull.at(-1)!.x);
  const reach = targets.map((target) => {
    const share = costToReach(hull, target);
    if (share === undefined) return { pgr: target, strongShare: null, costUsd: null };
    return { pgr: target, strongShare: round(share), costUsd: round(usdAt(hull, share)) };
  });
  return { apgr: round(area), reach, hull: hull.map((p) => ({ strongShare: round(p.x), pgr: round(p.y), costUsd: round(p.costUsd) })) };
}

/** USD at a share on the hull, interpolated between the vertices around it. */
function usdAt(hull: readonly PgrPoint[], share: number): number {
  for (let i = 1; i < hull.length; i++) {
    const a = hull[i - 1]!;
    const b = hull[i]!;
    if (share <= b.x) return b.x === a.x ? b.costUsd : a.costUsd + ((b.costUsd - a.costUsd) * (share - a.x)) / (b.x - a.x);
  }
  return hull.at(-1)!.costUsd;
}

const round = (x: number) => Math.round(x * 1e6) / 1e6;
