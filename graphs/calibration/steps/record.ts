// Records every judged sample of a calibration run as evidence (idempotent per run, item, judge and dimension).
import type { EvidenceInput } from "../../../src/routing/profile-learner.js";
import type { CalibrationDeps } from "../context.js";
import type { CalibrationStateT } from "../state.js";

export function recordStep(deps: CalibrationDeps) {
  return async (s: CalibrationStateT): Promise<{ recorded: number }> => {
    const evidence: EvidenceInput[] = [];
    for (const r of Object.values(s.results)) {
      for (const x of r.samples) {
        evidence.push({
          expert: s.expertId, domain: r.domain, dimension: x.dimension, score: x.score, source: "calibration", judge: x.judge,
          ref: `calibration/${s.runId}/${r.itemId}`, key: `cal:${s.runId}:${r.itemId}:${x.judge}:${x.dimension}`,
        });
      }
    }
    await deps.record(evidence);
    return { recorded: evidence.length };
  };
}
