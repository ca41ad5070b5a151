// Leaderboards: experts ranked by their profile estimate per domain and dimension, with intervals and sample counts.
import { DIMENSIONS, DOMAINS, type Dimension, type Domain } from "../vocabulary.js";
import type { ProfileBook } from "./profiles.js";

export interface LeaderboardEntry {
  rank: number;
  expert: string;
  mean: number;
  lower: number;
  upper: number;
  /** Judged samples behind the estimate (0: the declared prior alone). */
  n: number;
  source: "declared" | "judged";
  /** Why the router will not send this domain to it (a safety block, a calibration in progress). */
  blocked?: string;
}

export interface Leaderboard {
  domain: Domain;
  dimension: Dimension;
  entries: LeaderboardEntry[];
}

const r4 = (x: number) => Math.round(x * 1e4) / 1e4;

/**
 * The boards for one domain and dimension, or every domain / dimension left out. Experts that do not serve a
 * domain at all (a calculator outside arithmetic) are left off its board. Ranked by mean, then by samples.
 */
export function leaderboards(
  book: ProfileBook,
  filter: { domain?: Domain; dimension?: Dimension; experts?: readonly string[] },
  blockedBecause: (expert: string, domain: Domain) => string | null = () => null,
): Leaderboard[] {
  const ids = filter.experts ?? book.expertIds();
  const boards: Leaderboard[] = [];
  for (const domain of filter.domain ? [filter.domain] : DOMAINS) {
    for (const dimension of filter.dimension ? [filter.dimension] : DIMENSIONS) {
      const rows = ids
        .filter((id) => book.has(id) && book.serves(id, domain))
        .map((expert) => {
          const c = book.get(expert, domain, dimension);
          const blocked = blockedBecause(expert, domain);
          return { expert, mean: r4(c.mean), lower: r4(c.lower), upper: r4(c.upper), n: c.n, source: c.source, ...(blocked ? { blocked } : {}) };
        })
        .sort((a, b) => b.mean - a.mean || b.n - a.n || (a.expert < b.expert ? -1 : 1));
      boards.push({ domain, dimension, entries: rows.map((row, i) => ({ rank: i + 1, ...row })) });
    }
  }
  return boards;
}

/** The boards as CSV: one row per entry, with its domain and dimension. */
export function leaderboardCsv(boards: readonly Leaderboard[]): string {
  const lines = ["domain,dimension,rank,expert,mean,lower,upper,n,source,blocked"];
  const q = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  for (const b of boards) for (const e of b.entries) {
    lines.push([b.domain, b.dimension, e.rank, q(e.expert), e.mean, e.lower, e.upper, e.n, e.source, q(e.blocked ?? "")].join(","));
  }
  return `${lines.join("\n")}\n`;
}

/** The boards as a plain-text table per board. */
export function leaderboardText(boards: readonly Leaderboard[]): string {
  const out: string[] = [];
  for (const b of boards) {
    out.push(`${b.domain} / ${b.dimension}`);
    const w = Math.max(6, ...b.entries.map((e) => e.expert.length));
    out.push(`  ${"#".padStart(3)}  ${"expert".padEnd(w)}   mean   interval          n  source`);
    for (const e of b.entries) {
      const interval = `[${e.lower.toFixed(2)}, ${e.upper.toFixed(2)}]`;
      out.push(`  ${String(e.rank).padStart(3)}  ${e.expert.padEnd(w)}  ${e.mean.toFixed(3)}  ${interval.padEnd(14)} ${String(e.n).padStart(5)}  ${e.source}${e.blocked ? `  BLOCKED: ${e.blocked}` : ""}`);
    }
    out.push("");
  }
  return out.join("\n");
}
