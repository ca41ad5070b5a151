// What every SQL engine shares about profile rows: validation of new evidence and row decoding.
import { EoError } from "../errors.js";
import { EVIDENCE_SOURCES, type Evidence, type ExclusionRecord, type NewEvidence, type RegisteredExpert } from "./profile-records.js";
import type { JsonDecode } from "./task-rows.js";

/** Rejects the whole batch, naming the item and field at fault, before anything is written. */
export function checkEvidence(items: readonly NewEvidence[]): void {
  items.forEach((e, i) => {
    const bad = (field: string, why: string) => {
      throw new EoError("bad_request", `evidence[${i}].${field} ${why}`);
    };
    if (!e.expert) bad("expert", "is empty");
    if (!e.domain) bad("domain", "is empty");
    if (!e.dimension) bad("dimension", "is empty");
    if (!(Number.isFinite(e.score) && e.score >= 0 && e.score <= 1)) bad("score", `must be in [0, 1], got ${e.score}`);
    if (!(Number.isFinite(e.weight) && e.weight >= 0)) bad("weight", `must be a non-negative number, got ${e.weight}`);
    if (!EVIDENCE_SOURCES.includes(e.source)) bad("source", `must be one of ${EVIDENCE_SOURCES.join(", ")}`);
  });
}

/** The parameters of one evidence row, in EVIDENCE_COLUMNS order (without seq). */
export const EVIDENCE_COLUMNS = "key, expert, domain, dimension, score, weight, source, judge, ref, at";
export const evidenceParams = (e: NewEvidence, at: string): unknown[] => [
  e.key ?? null, e.expert, e.domain, e.dimension, e.score, e.weight, e.source, e.judge, e.ref, at,
];

/** A stored time as ISO text (Postgres hands back Dates, SQLite text). */
export const iso = (v: unknown): string => (v instanceof Date ? v.toISOString() : String(v));

export function evidenceFromRow(r: Record<string, unknown>): Evidence {
  return {
    seq: Number(r.seq), key: (r.key as string | null) ?? null, expert: String(r.expert), domain: String(r.domain),
    dimension: String(r.dimension), score: Number(r.score), weight: Number(r.weight), source: r.source as Evidence["source"],
    judge: String(r.judge), ref: (r.ref as string | null) ?? null, at: iso(r.at),
  };
}

export function exclusionFromRow(r: Record<string, unknown>): ExclusionRecord {
  return { expert: String(r.expert), domain: String(r.domain), reason: String(r.reason), at: iso(r.at) };
}

export const REGISTERED_COLUMNS = "id, config, status, calibration_id, calibrated_at, error, created_at, updated_at";
export const registeredParams = (x: RegisteredExpert): unknown[] => [
  x.id, JSON.stringify(x.config), x.status, x.calibrationId, x.calibratedAt, x.error, x.createdAt, x.updatedAt,
];

export function registeredFromRow(r: Record<string, unknown>, json: JsonDecode): RegisteredExpert {
  return {
    id: String(r.id), config: json(r.config), status: r.status as RegisteredExpert["status"],
    calibrationId: (r.calibration_id as string | null) ?? null, calibratedAt: r.calibrated_at == null ? null : iso(r.calibrated_at),
    error: (r.error as string | null) ?? null, createdAt: iso(r.created_at), updatedAt: iso(r.updated_at),
  };
}
