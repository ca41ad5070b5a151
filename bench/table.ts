// Shared helpers of the benchmarks: the result shape, percentiles, and the aligned text table `npm run bench` prints.

/** What every benchmark module returns: rows for the table and the JSON file, and a one-paragraph verdict. */
export interface BenchResult {
  name: string;
  rows: Record<string, string | number>[];
  summary: string;
}

/** The p-quantile (0 ≤ p ≤ 1) of an ascending array, nearest-rank; NaN when empty. */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
}

/** An ascending copy (numeric, not lexicographic). */
export function sorted(xs: readonly number[]): Float64Array {
  return Float64Array.from(xs).sort();
}

/** Milliseconds rounded to microseconds, for tables and JSON. */
export const ms = (x: number): number => Math.round(x * 1000) / 1000;

/**
 * Rows as an aligned text table: the columns are the union of the rows' keys in first-seen order,
 * numbers right-aligned, text left-aligned, missing cells blank.
 */
export function formatTable(rows: readonly Record<string, string | number>[]): string {
  if (rows.length === 0) return "(no rows)";
  const cols: string[] = [];
  for (const r of rows) for (const k of Object.keys(r)) if (!cols.includes(k)) cols.push(k);
  const cell = (v: string | number | undefined) => (v === undefined ? "" : typeof v === "number" ? v.toLocaleString("en-US", { maximumFractionDigits: 3 }) : v);
  const numeric = cols.map((c) => rows.every((r) => r[c] === undefined || typeof r[c] === "number"));
  const width = cols.map((c, i) => Math.max(c.length, ...rows.map((r) => cell(r[cols[i]!]).length)));
  const pad = (s: string, i: number) => (numeric[i] ? s.padStart(width[i]!) : s.padEnd(width[i]!));
  const line = (cells: string[]) => cells.map(pad).join("  ").trimEnd();
  return [line(cols), line(width.map((w) => "-".repeat(w))), ...rows.map((r) => line(cols.map((c) => cell(r[c]))))].join("\n");
}
