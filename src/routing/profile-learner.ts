// Turns judged evidence (judges, human feedback, calibration runs) into capability profiles and the safety policy's blocks.
import type { ProfilesConfig } from "../config.js";
import type { Evidence, EvidenceSource, NewEvidence } from "../store/profile-records.js";
import type { ProfileStore } from "../store/store.js";
import { DIMENSIONS, isDomain, type Dimension, type Domain } from "../vocabulary.js";
import { addSample, emptyEvidence, estimate, type CellEvidence, type PosteriorOptions } from "./posterior.js";
import { NEUTRAL_DIMENSION_PRIOR, SKILL_PRIOR } from "./priors.js";
import type { ProfileBook } from "./profiles.js";

/** The part of the Router the learner drives: blocks by expert and domain. */
export interface Blocker {
  block(expertId: string, domain: Domain | null, reason: string): void;
  unblock(expertId: string, domain: Domain | null): void;
}

/** New evidence as callers give it: the weight defaults to the source's configured weight. */
export type EvidenceInput = Omit<NewEvidence, "weight"> & { weight?: number };

const isDimension = (s: string): s is Dimension => (DIMENSIONS as readonly string[]).includes(s);
/** The calibration run a calibration sample belongs to (its ref is `calibration/<runId>/<item>`), else null. */
const calibrationRunOf = (e: Evidence): string | null =>
  e.source !== "calibration" ? null : (/^calibration\/([^/]+)\//.exec(e.ref ?? "")?.[1] ?? e.ref);
const PAGE = 5000;

/**
 * The profiles' single writer: evidence goes to the store first, then every replica applies the store's log in
 * order (`sync`), so all of them compute the same profiles and blocks from the same evidence, after a restart too.
 *
 * Safety policy, derived from the log alone: per expert and domain it keeps the safety evidence since the
 * expert's last calibration (a calibration sample after other samples, or after another run's, starts a new window). When that window's
 * estimate falls under the floor with enough samples, the expert is blocked in that domain; only a calibration
 * whose samples bring it back over the floor unblocks it.
 */
export class ProfileLearner {
  private readonly cells = new Map<string, CellEvidence>();
  private readonly safety = new Map<string, { cell: CellEvidence; lastSource: EvidenceSource; run: string | null }>();
  private readonly excluded = new Map<string, string>();
  private lastSeq = 0;
  private syncing: Promise<void> = Promise.resolve();
  /**
   * Writes to the store's exclusions table (a mirror of the blocks, for people and tools reading the database) not
   * made yet, in order: made before `sync` resolves; one that fails is tried again, with those after it, next time.
   */
  private readonly mirror: (() => Promise<void>)[] = [];
  private readonly posterior: PosteriorOptions;

  constructor(
    private readonly book: ProfileBook,
    private readonly store: ProfileStore,
    private readonly blocker: Blocker,
    private readonly config: ProfilesConfig,
    /** Told when reading the log back after a write fails (the write stands; the next sync applies it). */
    private readonly onSyncError?: (err: unknown) => void,
  ) {
    this.posterior = { halfLifeMs: config.halfLifeDays * 86_400_000, priorStrength: config.priorStrength, level: config.intervalLevel };
  }

  /**
   * Records evidence, then applies everything new in the store's log (this replica's and others'). Returns how many
   * were new. Once the write succeeded the evidence is durable: a failed read-back is reported, not thrown (the
   * caller must not see a failure, nor a retry take its own evidence for a duplicate never applied), and the next
   * sync (the replica's timer, or the next record) applies it.
   */
  async record(items: readonly EvidenceInput[]): Promise<number> {
    const added = await this.store.recordEvidence(items.map((e) => ({ ...e, weight: e.weight ?? this.config.sourceWeights[e.source] })));
    try {
      await this.sync();
    } catch (err) {
      if (!this.onSyncError) throw err;
      this.onSyncError(err);
    }
    return added;
  }

  /** Applies the evidence recorded since the last sync, in log order. Calls are serialised. */
  sync(): Promise<void> {
    const run = this.syncing.then(async () => {
      for (;;) {
        const page = await this.store.listEvidence(this.lastSeq, PAGE);
        for (const e of page) this.apply(e);
        if (page.length > 0) this.lastSeq = page.at(-1)!.seq;
        if (page.length < PAGE) break;
      }
      while (this.mirror.length > 0) {
        await this.mirror[0]!();
        this.mirror.shift();
      }
    });
    this.syncing = run.catch(() => {});
    return run;
  }

  /** Writes an expert's learned cells into the book: for an expert added after its evidence was read (a registration). */
  attach(expertId: string): void {
    for (const [key, cell] of this.cells) {
      const [expert, domain, dimension] = key.split("\u0000") as [string, Domain, Dimension];
      if (expert !== expertId) continue;
      cell.prior = this.priorOf(expert, domain, dimension);
      this.publish(expert, domain, dimension, cell);
    }
    for (const key of this.excluded.keys()) {
      const [expert, domain] = key.split("\u0000") as [string, Domain];
      if (expert === expertId) this.blocker.block(expert, domain, this.excluded.get(key)!);
    }
  }

  /** The safety blocks in force: expert → domain → reason. */
  exclusions(): { expert: string; domain: string; reason: string }[] {
    return [...this.excluded].map(([key, reason]) => {
      const [expert, domain] = key.split("\u0000") as [string, string];
      return { expert, domain, reason };
    });
  }

  private apply(e: Evidence): void {
    if (!isDomain(e.domain) || !isDimension(e.dimension)) return; // the API validates; old rows of a wider vocabulary are skipped
    const key = `${e.expert}\u0000${e.domain}\u0000${e.dimension}`;
    let cell = this.cells.get(key);
    if (!cell) this.cells.set(key, (cell = emptyEvidence(this.priorOf(e.expert, e.domain, e.dimension))));
    const at = Date.parse(e.at);
    addSample(cell, e.score, e.weight, at, this.posterior);
    this.publish(e.expert, e.domain, e.dimension, cell);
    if (e.dimension === "safety") this.applySafety(e, at);
  }

  private applySafety(e: Evidence, at: number): void {
    const key = `${e.expert}\u0000${e.domain}`;
    let w = this.safety.get(key);
    // A calibration sample starts a new window after other evidence, and after another calibration run's samples:
    // two runs back to back (a bad one, then one after a fix, with no traffic in between) are two windows.
    const run = calibrationRunOf(e);
    const newRun = e.source === "calibration" && w !== undefined && (w.lastSource !== "calibration" || w.run !== run);
    if (!w || newRun) w = { cell: emptyEvidence(this.priorOf(e.expert, e.domain as Domain, "safety")), lastSource: e.source, run };
    this.safety.set(key, w);
    addSample(w.cell, e.score, e.weight, at, this.posterior);
    w.lastSource = e.source;
    w.run = run;
    const { floor, minSamples } = this.config.safety;
    const mean = estimate(w.cell, this.posterior).mean;
    const domain = e.domain as Domain;
    if (mean < floor && w.cell.n >= minSamples) {
      const reason = `safety judges scored it ${mean.toFixed(2)} in ${domain} (${w.cell.n} samples), under the floor ${floor}: out of routing for ${domain} until it is calibrated again`;
      if (!this.excluded.has(key)) {
        this.excluded.set(key, reason);
        this.blocker.block(e.expert, domain, reason);
        this.mirror.push(() => this.store.setExclusion({ expert: e.expert, domain, reason, at: e.at }));
      }
    } else if (this.excluded.has(key) && e.source === "calibration" && mean >= floor) {
      this.excluded.delete(key);
      this.blocker.unblock(e.expert, domain);
      this.mirror.push(() => this.store.clearExclusions(e.expert, [domain]));
    }
  }

  private publish(expert: string, domain: Domain, dimension: Dimension, cell: CellEvidence): void {
    if (!this.book.has(expert)) return;
    const { mean, lower, upper } = estimate(cell, this.posterior);
    this.book.set(expert, domain, dimension, { mean, lower, upper, n: cell.n });
  }

  /** The prior of a cell: what the book declares for a known expert (before evidence overwrote it), else the defaults. */
  private priorOf(expert: string, domain: Domain, dimension: Dimension): number {
    const c = this.book.has(expert) ? this.book.get(expert, domain, dimension) : null;
    return c?.source === "declared" ? c.mean : this.declaredDefault(dimension);
  }

  private declaredDefault(dimension: Dimension): number {
    return dimension === "correctness" || dimension === "expertise" ? SKILL_PRIOR.declared : NEUTRAL_DIMENSION_PRIOR;
  }
}
