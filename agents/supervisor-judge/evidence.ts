// What a judged attempt says about the expert that produced it: evidence for that expert's capability profile.
import type { EvidenceInput } from "../../src/routing/profile-learner.js";
import type { Domain } from "../../src/vocabulary.js";
import type { AgentDeps } from "../runtime.js";
import type { AttemptRecord } from "../task.js";
import type { Judgement } from "./judge.js";

export interface JudgedAttempt {
  taskId: string;
  subtaskId: string;
  domain: Domain;
  generation: number;
  attempt: AttemptRecord;
  judgement: Judgement;
}

/**
 * The verdict's score as "correctness" of the producer in the subtask's domain, and "format" 0 when the rules
 * failed the output for its shape. Nothing when nothing was measured (a judge outage, no expert answered).
 * Keys name the attempt (`taskId/subtaskId/g<generation>/a<attempt>:<dimension>`): a node re-run after a crash
 * records nothing twice.
 */
export function attemptEvidence(a: JudgedAttempt): EvidenceInput[] {
  const { judgement: j, attempt } = a;
  const expert = attempt.expert;
  if (!j.measured || !expert) return [];
  const ref = `${a.taskId}/${a.subtaskId}`;
  const key = `${ref}/g${a.generation}/a${attempt.attempt}`;
  const item = (dimension: "correctness" | "format", score: number): EvidenceInput => ({
    expert, domain: a.domain, dimension, score, source: "judge", judge: j.judge, ref, key: `${key}:${dimension}`,
  });
  return [item("correctness", j.score), ...(j.kind === "format" ? [item("format", 0)] : [])];
}

/** Hands the evidence to the deps' sink; a failure is logged and swallowed: profiles never fail a task. */
export async function recordEvidence(deps: AgentDeps, items: EvidenceInput[]): Promise<void> {
  if (!deps.evidence || items.length === 0) return;
  try {
    await deps.evidence(items);
  } catch (err) {
    console.error(`judged evidence not recorded (${items[0]!.ref}): ${(err as Error)?.message ?? String(err)}`);
  }
}
