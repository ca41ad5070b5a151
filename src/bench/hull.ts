// The non-decreasing concave hull of quality–cost points, and what is read off it: AIQ, cost to reach a quality.

/** A point of a curve: x is cost (or the share of calls to the strong model), y is quality (or PGR). */
export interface XY {
  x: number;
  y: number;
}

/**
 * The non-decreasing upper convex hull of points: every (x, y) reachable by mixing configurations (routing
 * a random share of prompts by one and the rest by another), keeping for each cost the best quality. Its
 * vertices, by increasing x and strictly increasing y: it starts at the cheapest point (the best of those
 * that cost the same) and ends at the cheapest point of highest y.
 */
export function upperHull<T extends XY>(points: readonly T[]): T[] {
  const sorted = points.filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y)).sort((a, b) => a.x - b.x || b.y - a.y);
  const hull: T[] = [];
  for (const p of sorted) {
    if (hull.length && p.y <= hull.at(-1)!.y) continue; // no better than something cheaper: never on the curve
    // Pop vertices that fall on or under the chord from their predecessor to p (concavity).
    while (hull.length >= 2) {
      const a = hull.at(-2)!;
      const b = hull.at(-1)!;
      if ((b.y - a.y) * (p.x - a.x) <= (p.y - a.y) * (b.x - a.x)) hull.pop();
      else break;
    }
    hull.push(p);
  }
  return hull;
}

/** The hull's y at x: undefined left of its first vertex (it cannot be that cheap), flat right of its last. */
export function valueAt(hull: readonly XY[], x: number): number | undefined {
  if (hull.length === 0 || x < hull[0]!.x) return undefined;
  for (let i = 1; i < hull.length; i++) {
    const a = hull[i - 1]!;
    const b = hull[i]!;
    if (x <= b.x) return b.x === a.x ? b.y : a.y + ((b.y - a.y) * (x - a.x)) / (b.x - a.x);
  }
  return hull.at(-1)!.y;
}

/** The least x at which the hull reaches y (interpolated on its segment), or undefined when it never does. */
export function costToReach(hull: readonly XY[], y: number): number | undefined {
  if (hull.length === 0 || hull.at(-1)!.y < y) return undefined;
  if (hull[0]!.y >= y) return hull[0]!.x;
  for (let i = 1; i < hull.length; i++) {
    const a = hull[i - 1]!;
    const b = hull[i]!;
    if (b.y >= y) return a.x + ((b.x - a.x) * (y - a.y)) / (b.y - a.y);
  }
  return undefined;
}

/**
 * AIQ (RouterBench's average improvement in quality): the area under the hull between x = from and x = to,
 * divided by (to − from) — the hull's mean height over that cost range. The hull counts as 0 left of its
 * cheapest point and stays flat right of its best one. Every curve of one evaluation uses the same range
 * (the single experts' cheapest to dearest total cost), so AIQs are comparable within it.
 */
export function aiq(points: readonly XY[], from: number, to: number): number {
  const hull = upperHull(points);
  if (hull.length === 0 || !(to > from)) return 0;
  // Integrate the piecewise-linear curve exactly over its breakpoints inside [from, to].
  const xs = [from, to, ...hull.map((p) => p.x).filter((x) => x > from && x < to)].sort((a, b) => a - b);
  let area = 0;
  for (let i = 1; i < xs.length; i++) {
    const a = xs[i - 1]!;
    const b = xs[i]!;
    const first = hull[0]!.x;
    if (b <= first) continue;
    const lo = Math.max(a, first);
    area += ((valueAt(hull, lo)! + valueAt(hull, b)!) / 2) * (b - lo);
  }
  return area / (to - from);
}
