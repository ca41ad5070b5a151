// What the store keeps of published router artifacts: each version's description and text, and which one is in use.
import { iso } from "./profile-rows.js";

/** One published artifact as the store describes it (its text is read separately: it may be megabytes). */
export interface PublishedPredictor {
  /** 1, 2, 3, … in publishing order; never reused. */
  version: number;
  /** SHA-256 of the artifact's text, hex. */
  sha256: string;
  /** Bytes of the artifact's text (UTF-8). */
  bytes: number;
  /** From the artifact: when `eo train router` made it, the prompts it learned from, the experts it knows. */
  createdAt: string;
  records: number;
  experts: string[];
  /** Free text given by the publisher (what data, why), or null. */
  note: string | null;
  publishedAt: string;
  /** When it was withdrawn (it is then never used again), or null. */
  withdrawnAt: string | null;
}

export type NewPublishedPredictor = Omit<PublishedPredictor, "version" | "publishedAt" | "withdrawnAt">;

/** The published router artifacts: the one in use is the newest that is not withdrawn. */
export interface PredictorStore {
  /** Stores a new version (description and text in one transaction: never one without the other). */
  publishPredictor(p: NewPublishedPredictor, text: string): Promise<PublishedPredictor>;
  /** The newest version not withdrawn, or null: what every replica routes with. One small read. */
  activePredictor(): Promise<PublishedPredictor | null>;
  /** The text of a version (withdrawn ones included), or null when there is no such version. */
  predictorText(version: number): Promise<string | null>;
  /** Every version, newest first. */
  listPredictors(): Promise<PublishedPredictor[]>;
  /** Marks a version withdrawn (idempotent) and returns it, or null when there is no such version. */
  withdrawPredictor(version: number): Promise<PublishedPredictor | null>;
}

export const PREDICTOR_STORE_METHODS = [
  "publishPredictor", "activePredictor", "predictorText", "listPredictors", "withdrawPredictor",
] as const satisfies readonly (keyof PredictorStore)[];

/** The PredictorStore methods of `target`, bound to it. */
export function predictorMethods(target: PredictorStore): PredictorStore {
  return Object.fromEntries(PREDICTOR_STORE_METHODS.map((m) => [m, target[m].bind(target)])) as unknown as PredictorStore;
}

/**
 * Texts are stored in pieces of at most this many characters (at most 4 bytes each in UTF-8: 1.6 MB), under
 * D1's limit of 2 MB for a row.
 */
export const PREDICTOR_CHUNK_CHARS = 400_000;

/** The text cut into stored pieces, in order; never inside a surrogate pair (each piece is valid UTF-16). */
export function chunksOf(text: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; ) {
    let end = Math.min(text.length, i + PREDICTOR_CHUNK_CHARS);
    const last = text.charCodeAt(end - 1);
    if (end < text.length && last >= 0xd800 && last <= 0xdbff) end--;
    out.push(text.slice(i, end));
    i = end;
  }
  return out.length ? out : [""];
}

/** The pieces of the texts, in the same types on both SQL dialects. */
export const PREDICTOR_CHUNKS_TABLE = `CREATE TABLE IF NOT EXISTS predictor_chunks (
    uid TEXT NOT NULL,
    seq INTEGER NOT NULL,
    text TEXT NOT NULL,
    PRIMARY KEY (uid, seq)
  )`;

export const PREDICTOR_COLUMNS = "version, sha256, bytes, created_at, records, experts, note, published_at, withdrawn_at";

export function predictorFromRow(r: Record<string, unknown>): PublishedPredictor {
  return {
    version: Number(r.version), sha256: String(r.sha256), bytes: Number(r.bytes), createdAt: String(r.created_at),
    records: Number(r.records), experts: typeof r.experts === "string" ? JSON.parse(r.experts) : (r.experts as string[]),
    note: (r.note as string | null) ?? null, publishedAt: iso(r.published_at), withdrawnAt: r.withdrawn_at == null ? null : iso(r.withdrawn_at),
  };
}
