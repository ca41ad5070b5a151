// Published router artifacts: publish one over the API, and every replica and isolate routes with the one in use.
import { EoError } from "../../errors.js";
import type { PredictorStore, PublishedPredictor } from "../../store/predictor-records.js";
import type { Router } from "../router.js";
import { parseArtifact, parseArtifactText } from "./artifact.js";
import { LearnedPredictor, predictorIndex, type QualityPredictor } from "./predictor.js";

/** What the router consults now, and where it came from. */
export interface PredictorInUse {
  source: "published" | "config" | "none";
  /** The published version (source `published`). */
  version: number | null;
  name: string | null;
  /** The catalog experts it predicts for (the others keep their profiles). */
  experts: string[];
  /** The published version that should be in use but that this build cannot read (another artifact format). */
  unreadable?: { version: number; error: string };
}

export interface PublishOutcome {
  published: PublishedPredictor;
  /** Catalog experts the artifact knows, and the artifact's experts the catalog does not have. */
  matched: string[];
  unmatched: string[];
}

/**
 * Keeps the router on the published artifact in use: the newest one not withdrawn, else the configured one
 * (`router.predictor`, Node), else none. `sync` follows what other replicas published; it reads one small row
 * unless the version changed.
 */
export class PublishedPredictors {
  /** The published version the router has (0: none; the configured predictor or none is in use). */
  private loaded = 0;
  private current: { predictor: QualityPredictor; version: number } | undefined;
  /** The published version in use that this build could not read, and why. */
  private unreadable: { version: number; error: string } | undefined;
  /** Serialises sync, publish and withdraw, so that two of them never swap the router's predictor out of order. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly store: PredictorStore,
    private readonly router: Router,
    private readonly experts: () => readonly { id: string; model: string }[],
    private readonly configured?: QualityPredictor,
  ) {}

  /** Routes with what the store says is in use (loading its text only when the version changed). */
  sync(): Promise<void> {
    return this.serial(async () => {
      const active = await this.store.activePredictor();
      const version = active?.version ?? 0;
      if (version === this.loaded) return;
      if (!active) return this.use(undefined);
      const text = await this.store.predictorText(active.version);
      let artifact;
      try {
        artifact = parseArtifactText(text ?? "", `published router artifact #${active.version}`);
      } catch (e) {
        // Checked when it was published, so only a build that reads another format gets here: it keeps routing
        // with what it has, says why in inUse(), and does not try this version again.
        this.loaded = active.version;
        this.unreadable = { version: active.version, error: (e as Error).message };
        return;
      }
      this.use({ predictor: new LearnedPredictor(artifact, `published #${active.version}`), version: active.version });
    });
  }

  /**
   * Validates the artifact (`raw`, parsed from `text`; a 400 names the field at fault), stores it as the next version and routes with it
   * at once; other replicas follow within their sync period. An artifact that knows none of the catalog's
   * experts is refused: it would change nothing, and is most likely the wrong file.
   */
  publish(raw: unknown, text: string, note: string | null): Promise<PublishOutcome> {
    return this.serial(async () => {
      let artifact;
      try {
        artifact = parseArtifact(raw, "the body");
      } catch (e) {
        if (!(e instanceof EoError)) throw e;
        throw new EoError("validation_failed", e.message, { param: e.param, details: e.details });
      }
      const { matched, unmatched } = this.coverage({ experts: artifact.experts.map((e) => e.name) });
      if (matched.length === 0) {
        throw new EoError("validation_failed", `experts: the artifact knows none of the catalog's experts (it knows ${unmatched.slice(0, 5).join(", ")}${unmatched.length > 5 ? ", …" : ""}); train it on outcomes named by expert id or model`, { param: "experts" });
      }
      const bytes = new TextEncoder().encode(text);
      const published = await this.store.publishPredictor(
        { sha256: await sha256Hex(bytes), bytes: bytes.length, createdAt: artifact.createdAt, records: artifact.training.records, experts: artifact.experts.map((e) => e.name), note },
        text,
      );
      this.use({ predictor: new LearnedPredictor(artifact, `published #${published.version}`), version: published.version });
      return { published, matched, unmatched };
    });
  }

  /** Withdraws a version (404 if unknown); the router moves to what is in use after it. */
  async withdraw(version: number): Promise<PublishedPredictor> {
    const out = await this.serial(() => this.store.withdrawPredictor(version));
    if (!out) throw new EoError("not_found", `no published router artifact #${version}`, { param: "version" });
    await this.sync();
    return out;
  }

  /** What the router consults now. */
  inUse(): PredictorInUse {
    const predictor = this.current?.predictor ?? this.configured;
    return {
      source: this.current ? "published" : this.configured ? "config" : "none",
      version: this.current?.version ?? null,
      name: predictor?.name ?? null,
      experts: predictor ? this.coverage(predictor).matched : [],
      ...(this.unreadable ? { unreadable: this.unreadable } : {}),
    };
  }

  private use(next: { predictor: QualityPredictor; version: number } | undefined): void {
    this.current = next;
    this.unreadable = undefined;
    this.loaded = next?.version ?? 0;
    this.router.setPredictor(next?.predictor ?? this.configured);
  }

  private coverage(predictor: Pick<QualityPredictor, "experts">): { matched: string[]; unmatched: string[] } {
    const experts = this.experts();
    const index = predictorIndex(experts, predictor);
    const matched = experts.filter((_, i) => index[i]! >= 0).map((e) => e.id);
    const used = new Set(index);
    return { matched, unmatched: predictor.experts.filter((_, j) => !used.has(j)) };
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => {});
    return run;
  }
}

async function sha256Hex(bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  return Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
}
