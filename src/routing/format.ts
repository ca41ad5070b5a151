// Number formatting shared by the router's reasons and explanations (people read these, so keep them short).

/** A quality in [0, 1] with two decimals: "0.79". */
export function fmtQuality(q: number): string {
  return q.toFixed(2);
}

/** A USD amount readable at any scale: "$0", "$0.0041", "$1.25", "<$0.000001". */
export function fmtUsd(x: number): string {
  if (x === 0) return "$0";
  if (x < 0) return `-${fmtUsd(-x)}`;
  if (x < 1e-6) return "<$0.000001";
  if (x >= 1) return `$${x.toFixed(2)}`;
  return `$${Number(x.toPrecision(2)).toString()}`;
}

/** A score (strategies' ranking key) with three decimals. */
export function fmtScore(s: number): string {
  return s.toFixed(3);
}

/** An integer with thousands separators: "10,000". */
export function fmtInt(n: number): string {
  return Math.round(n).toLocaleString("en-US");
}
