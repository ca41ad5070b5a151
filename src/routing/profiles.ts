// Capability profiles: what each expert is expected to score per domain and dimension, with uncertainty.
import type { z } from "zod";
import type { WeightsSchema } from "../config.js";
import { EoError } from "../errors.js";
import type { Expert } from "../experts/expert.js";
import { DIMENSIONS, DOMAINS, type Dimension, type Domain } from "../vocabulary.js";
import { NEUTRAL_DIMENSION_PRIOR, PRIOR_HALF_WIDTH, SKILL_PRIOR } from "./priors.js";

export type Weights = z.infer<typeof WeightsSchema>;

/** One cell of a profile: an expert's expected score in [0, 1] on one dimension of one domain. */
export interface ProfileCell {
  mean: number;
  /** Judged samples behind the mean; 0 for a prior. */
  n: number;
  lower: number;
  upper: number;
  source: "declared" | "judged";
}

const D = DOMAINS.length;
const M = DIMENSIONS.length;
/** Cells per expert: one per domain × dimension. */
export const CELLS = D * M;
const DOMAIN_INDEX = new Map<Domain, number>(DOMAINS.map((d, i) => [d, i]));
const DIMENSION_INDEX = new Map<Dimension, number>(DIMENSIONS.map((m, i) => [m, i]));
const SOURCE_JUDGED = 1;

/** Index of a (domain, dimension) cell: what `meanColumn` takes, so the router can read a whole column. */
export function cellIndex(domain: Domain, dimension: Dimension): number {
  const d = DOMAIN_INDEX.get(domain);
  const m = DIMENSION_INDEX.get(dimension);
  if (d === undefined || m === undefined) throw new EoError("bad_request", `unknown domain or dimension "${domain}/${dimension}"`);
  return d * M + m;
}

const clamp01 = (x: number) => (x < 0 ? 0 : x > 1 ? 1 : x);

/** The prior skill of an expert in a domain: its stated skill, else the priors by what it declares. */
function priorSkill(expert: Expert, domain: Domain): number {
  const stated = expert.skills[domain];
  if (stated !== undefined) return stated;
  if (expert.domains.includes(domain)) return SKILL_PRIOR.declared;
  if (expert.provider === "builtin") return SKILL_PRIOR.builtinUnserved;
  return expert.domains.includes("general") ? SKILL_PRIOR.undeclaredGeneralist : SKILL_PRIOR.undeclared;
}

/**
 * Capability profiles of every expert: expert × domain × dimension → mean, n, interval, source.
 * Seeded from the catalog (`fromCatalog`); judges overwrite cells with `set`. Bayesian updates and
 * persistence come later: they only need `get`/`set` and the storage below, which stay as they are.
 *
 * Storage is column-major: one typed array per field, cell `c` of expert `i` at `c * capacity + i`, so
 * the router reads one (domain, dimension) for 10,000 experts as one contiguous run (`meanColumn`).
 */
export class ProfileBook {
  private readonly ids: string[] = [];
  private readonly index = new Map<string, number>();
  private capacity = 0;
  private mean = new Float64Array(0);
  private n = new Float64Array(0);
  private lower = new Float64Array(0);
  private upper = new Float64Array(0);
  private source = new Uint8Array(0);
  /** Per domain (column) and expert: 1 when the expert answers that domain at all. */
  private served = new Uint8Array(0);

  /** A book seeded with the priors of every expert of the catalog. */
  static fromCatalog(experts: readonly Expert[]): ProfileBook {
    const book = new ProfileBook();
    book.reserve(experts.length);
    for (const e of experts) book.add(e);
    return book;
  }

  get size(): number {
    return this.ids.length;
  }

  /** Adds an expert seeded with its priors (or re-seeds one already there) and returns its index. */
  add(expert: Expert): number {
    let i = this.index.get(expert.id);
    if (i === undefined) {
      i = this.ids.length;
      this.reserve(i + 1);
      this.index.set(expert.id, i);
      this.ids.push(expert.id);
    }
    const cap = this.capacity;
    DOMAINS.forEach((domain, d) => {
      const served = expert.provider !== "builtin" || expert.domains.includes(domain);
      this.served[d * cap + i] = served ? 1 : 0;
      const skill = priorSkill(expert, domain);
      DIMENSIONS.forEach((dim, m) => {
        const mean = !served ? 0 : dim === "correctness" || dim === "expertise" ? skill : NEUTRAL_DIMENSION_PRIOR;
        const k = (d * M + m) * cap + i;
        this.mean[k] = mean;
        this.n[k] = 0;
        this.lower[k] = served ? clamp01(mean - PRIOR_HALF_WIDTH) : 0;
        this.upper[k] = served ? clamp01(mean + PRIOR_HALF_WIDTH) : 0;
        this.source[k] = 0;
      });
    });
    return i;
  }

  has(expertId: string): boolean {
    return this.index.has(expertId);
  }

  /** Index of an expert in this book, or undefined. */
  indexOf(expertId: string): number | undefined {
    return this.index.get(expertId);
  }

  /** Ids in index order. */
  expertIds(): readonly string[] {
    return this.ids;
  }

  /** Whether the expert answers this domain at all (a builtin serves only its declared domains). */
  serves(expert: number | string, domain: Domain): boolean {
    return this.served[DOMAIN_INDEX.get(domain)! * this.capacity + this.at(expert)] === 1;
  }

  get(expert: number | string, domain: Domain, dimension: Dimension): ProfileCell {
    const k = cellIndex(domain, dimension) * this.capacity + this.at(expert);
    return {
      mean: this.mean[k]!,
      n: this.n[k]!,
      lower: this.lower[k]!,
      upper: this.upper[k]!,
      source: this.source[k] === SOURCE_JUDGED ? "judged" : "declared",
    };
  }

  /**
   * Overwrites one cell, which becomes "judged". A number sets the mean and keeps the interval's
   * width around it; an object may also set n and the interval.
   */
  set(
    expert: number | string,
    domain: Domain,
    dimension: Dimension,
    value: number | { mean: number; n?: number; lower?: number; upper?: number },
  ): void {
    const k = cellIndex(domain, dimension) * this.capacity + this.at(expert);
    const v = typeof value === "number" ? { mean: value } : value;
    if (!Number.isFinite(v.mean)) throw new EoError("bad_request", "a profile mean must be a finite number");
    const mean = clamp01(v.mean);
    const half = (this.upper[k]! - this.lower[k]!) / 2;
    this.mean[k] = mean;
    if (v.n !== undefined) this.n[k] = v.n;
    this.lower[k] = clamp01(v.lower ?? mean - half);
    this.upper[k] = clamp01(v.upper ?? mean + half);
    this.source[k] = SOURCE_JUDGED;
  }

  /**
   * Predicted quality of an expert in a domain under these dimension weights: the weighted mean of the
   * cells' means. Weights that are all zero (or empty) count correctness alone.
   */
  weightedQuality(expert: number | string, domain: Domain, weights: Weights): number {
    const i = this.at(expert);
    const base = DOMAIN_INDEX.get(domain)! * M;
    let sum = 0;
    let total = 0;
    for (let m = 0; m < M; m++) {
      const w = weights[DIMENSIONS[m]!] ?? 0;
      if (w > 0) {
        sum += w * this.mean[(base + m) * this.capacity + i]!;
        total += w;
      }
    }
    return total > 0 ? sum / total : this.mean[(base + DIMENSION_INDEX.get("correctness")!) * this.capacity + i]!;
  }

  /**
   * The means of one cell (`cellIndex`) for every expert, indexed by expert index: a read-only view for
   * the router's hot loop, valid until the next `add` (which may grow the storage).
   */
  meanColumn(cell: number): Float64Array {
    return this.mean.subarray(cell * this.capacity, cell * this.capacity + this.ids.length);
  }

  /** Makes room for `count` experts; growth doubles, and copies column by column. */
  private reserve(count: number): void {
    if (count <= this.capacity) return;
    const cap = Math.max(16, count, this.capacity * 2);
    const regrow = <T extends Float64Array | Uint8Array>(old: T, columns: number, make: (n: number) => T): T => {
      const next = make(columns * cap);
      for (let c = 0; c < columns; c++) next.set(old.subarray(c * this.capacity, c * this.capacity + this.ids.length), c * cap);
      return next;
    };
    const f64 = (n: number) => new Float64Array(n);
    const u8 = (n: number) => new Uint8Array(n);
    this.mean = regrow(this.mean, CELLS, f64);
    this.n = regrow(this.n, CELLS, f64);
    this.lower = regrow(this.lower, CELLS, f64);
    this.upper = regrow(this.upper, CELLS, f64);
    this.source = regrow(this.source, CELLS, u8);
    this.served = regrow(this.served, D, u8);
    this.capacity = cap;
  }

  private at(expert: number | string): number {
    const i = typeof expert === "number" ? expert : this.index.get(expert);
    if (i === undefined || !Number.isInteger(i) || i < 0 || i >= this.ids.length) {
      throw new EoError("not_found", `no capability profile for expert "${String(expert)}"`);
    }
    return i;
  }
}
