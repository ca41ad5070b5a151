// What the store keeps for capability profiles: judged evidence, safety exclusions and experts registered at run time.

/** Where a piece of evidence came from. */
export const EVIDENCE_SOURCES = ["judge", "feedback", "calibration"] as const;
export type EvidenceSource = (typeof EVIDENCE_SOURCES)[number];

/** One judged score of one expert's output on one dimension of one domain. */
export interface NewEvidence {
  expert: string;
  domain: string;
  dimension: string;
  /** In [0, 1]. */
  score: number;
  /** How much this sample counts (1 for one judged output). */
  weight: number;
  source: EvidenceSource;
  /** The judge's name ("human" for feedback). */
  judge: string;
  /** What was judged: a request id, `taskId/subtaskId`, a calibration run's id and item. */
  ref: string | null;
  /** Makes recording idempotent: evidence whose key was already recorded is not recorded again. */
  key?: string | null;
}

export interface Evidence extends NewEvidence {
  /** Position in the store's log: 1, 2, 3, … in the order the evidence was recorded. */
  seq: number;
  key: string | null;
  /** ISO time it was recorded. */
  at: string;
}

/** An expert taken out of routing for one domain, until it is calibrated again. */
export interface ExclusionRecord {
  expert: string;
  domain: string;
  reason: string;
  at: string;
}

/** An expert registered through `POST /v1/experts`: its config, and where its calibration stands. */
export interface RegisteredExpert {
  id: string;
  /** The expert's entry as in eo.config.json's `experts` (validated by the config schema). */
  config: unknown;
  status: "calibrating" | "ready" | "failed";
  /** The last calibration run's id and when it ended. */
  calibrationId: string | null;
  calibratedAt: string | null;
  error: string | null;
  createdAt: string;
  updatedAt: string;
}
