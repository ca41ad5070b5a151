// What the supervisor does with a verdict: accept, retry elsewhere, escalate, re-plan, or give up (pure).
import type { AttemptRecord, RankedExpert } from "../task.js";
import type { Judgement } from "./judge.js";

export type SupervisorAction =
  | { action: "accept" }
  | { action: "retry" | "escalate"; expert: string; reason: string }
  | { action: "replan"; reason: string }
  /** Accept the best usable attempt as it is. */
  | { action: "give_up"; best: AttemptRecord; reason: string }
  /** No attempt is usable and nothing is left to try: the task fails. */
  | { action: "fail"; reason: string };

export interface PolicyInput {
  judgement: Judgement;
  /** Every attempt so far, this one included, judged. */
  history: AttemptRecord[];
  /** The router's executor ranking for the subtask, best first. */
  ranked: RankedExpert[];
  attempts: number;
  maxAttempts: number;
  replansLeft: number;
  /** Whether a candidate's predicted cost fits what the budget has left. */
  affordable: (c: RankedExpert) => boolean;
}

/**
 * - pass → accept.
 * - the expert did not really answer (fault: error, empty, refusal) → retry on the next-best untried expert;
 * - it answered badly (the rubric judge or a format rule rejected it) → escalate to the strongest untried
 *   expert of higher predicted quality, else retry on the next-best untried one;
 * - nothing left to try (attempts used up, or no affordable untried expert): give up with the best usable
 *   attempt; with none usable, re-plan while re-plans remain (the subtask as planned cannot be done),
 *   else fail the task.
 */
export function decide(p: PolicyInput): SupervisorAction {
  const j = p.judgement;
  if (j.pass) return { action: "accept" };
  const tried = new Set(p.history.map((h) => h.expert).filter((e): e is string => e !== null));
  const current = p.history.at(-1)?.expert ?? null;
  if (p.attempts < p.maxAttempts) {
    const untried = p.ranked.filter((c) => !tried.has(c.expert) && p.affordable(c));
    if (j.kind !== "fault") {
      const q = p.ranked.find((c) => c.expert === current)?.quality ?? 0;
      const stronger = untried.filter((c) => c.quality > q).sort((a, b) => b.quality - a.quality || a.costUsd - b.costUsd)[0];
      if (stronger) return { action: "escalate", expert: stronger.expert, reason: `escalated to ${stronger.expert} (predicted quality ${stronger.quality} > ${q}) after: ${j.reasons.join("; ")}` };
    }
    const next = untried[0];
    if (next) return { action: "retry", expert: next.expert, reason: `retry on the next-best expert ${next.expert} after: ${j.reasons.join("; ")}` };
  }
  const why = p.attempts >= p.maxAttempts ? `${p.attempts} of ${p.maxAttempts} attempts used` : "no untried expert fits the remaining budget";
  const best = bestUsable(p.history);
  if (best) return { action: "give_up", best, reason: `${why}; keeping the best attempt (${best.attempt}, score ${best.score ?? 0})` };
  if (p.replansLeft > 0) return { action: "replan", reason: `${why} and no attempt was usable: ${j.reasons.join("; ")}` };
  return { action: "fail", reason: `${why}, no attempt was usable and no re-plan is left: ${j.reasons.join("; ")}` };
}

/** The usable attempt with the highest score (the earliest on ties: it was also the cheapest to get). */
export function bestUsable(history: AttemptRecord[]): AttemptRecord | undefined {
  return history.filter((h) => h.usable).sort((a, b) => (b.score ?? 0) - (a.score ?? 0) || a.attempt - b.attempt)[0];
}
