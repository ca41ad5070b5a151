// What the calibration graph's steps need from the service: the catalog, the router, secrets, and where evidence and progress go.
import type { Catalog } from "../../src/experts/catalog.js";
import type { SecretEnv } from "../../src/experts/providers/provider.js";
import type { EvidenceInput } from "../../src/routing/profile-learner.js";
import type { Router } from "../../src/routing/router.js";

/** A progress event of one calibration run. */
export type CalibrationEvent =
  | { type: "calibration.started"; runId: string; expert: string; suite: string; items: number }
  | { type: "calibration.item"; runId: string; expert: string; item: string; domain: string; scores: Record<string, number>; error?: string }
  | { type: "calibration.completed"; runId: string; expert: string; recorded: number; domains: Record<string, Record<string, number>>; costUsd: number }
  | { type: "calibration.failed"; runId: string; expert: string; message: string };

export interface CalibrationDeps {
  catalog: Catalog;
  /** Picks the LLM judges of rubric items (role "judge", never the expert under test). */
  router: Router;
  env: SecretEnv;
  /** Records judged samples as calibration evidence (the profile learner). */
  record(items: EvidenceInput[]): Promise<number>;
  /** Progress, as each item is judged (the service numbers the items as they finish). */
  emit(event: CalibrationEvent): void;
  /** Output tokens an answer may take (default 800). */
  maxOutputTokens?: number;
}
