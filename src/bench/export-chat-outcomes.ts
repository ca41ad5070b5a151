// Learning from chat traffic: routed chat answers that a person scored for correctness, as outcome records.
import type { DecisionRecord, Store } from "../store/store.js";
import type { Outcome, OutcomeRecord } from "./outcomes.js";

/** Evidence read per page while walking the log. */
const PAGE = 1000;

/** The correctness feedback on each chat request: its scores, by request id (the evidence's `ref`), in log order. */
async function correctnessFeedback(store: Store): Promise<Map<string, number[]>> {
  const byRef = new Map<string, number[]>();
  for (let after = 0; ; ) {
    const page = await store.listEvidence(after, PAGE);
    for (const e of page) {
      if (e.source !== "feedback" || e.dimension !== "correctness" || !e.ref) continue;
      byRef.set(e.ref, [...(byRef.get(e.ref) ?? []), e.score]);
    }
    if (page.length < PAGE) return byRef;
    after = page.at(-1)!.seq;
  }
}

/**
 * Every chat request someone scored for correctness (`POST /v1/feedback` with `dimension: "correctness"`) whose
 * audit record kept its text (`server.recordChatText`): the conversation as prompt, its domain, and the answering
 * expert's outcome (the mean of those scores, its own cost, its answer). With `eo.cascade`, the stages' answers
 * are outcomes too where the score carries over: a stage that gave the same answer as the delivered one (the
 * same option or number, as the judge read them) gets its score; one that gave another answer gets 0 when the
 * delivered answer scored 1; one whose answer failed the judge (a refusal, code that does not parse) gets 0.
 * Other stages (a free-form answer, or a different option when the delivered one was not right) are left out:
 * nothing says how good they were. Records come in the order their first feedback was given.
 */
export async function exportChatOutcomes(store: Store): Promise<OutcomeRecord[]> {
  const records: OutcomeRecord[] = [];
  for (const [requestId, scores] of await correctnessFeedback(store)) {
    const d = await store.getDecision(requestId);
    const r = d && chatOutcome(d, scores.reduce((a, b) => a + b, 0) / scores.length);
    if (r) records.push(r);
  }
  return records;
}

/** The outcome record of one scored chat request, or null when it has no text or no answer to learn from. */
export function chatOutcome(d: DecisionRecord, score: number): OutcomeRecord | null {
  if (d.kind !== "chat" || d.outcome !== "ok" || !d.answeredBy || !d.text) return null;
  const steps = d.cascade?.steps ?? [];
  const own = steps.find((s) => s.expert === d.answeredBy);
  const othersCost = steps.filter((s) => s !== own).reduce((a, s) => a + s.costUsd, 0);
  const outcomes: Record<string, Outcome> = {
    [d.answeredBy]: { score, costUsd: own ? own.costUsd : Math.max(0, d.costUsd - othersCost), response: d.text.response },
  };
  for (const s of steps) {
    if (s.expert === d.answeredBy || s.response === undefined) continue;
    const carried = !s.pass ? 0 : s.answer === undefined || d.cascade?.answer === undefined ? undefined : s.answer === d.cascade.answer ? score : score === 1 ? 0 : undefined;
    if (carried !== undefined) outcomes[s.expert] = { score: carried, costUsd: s.costUsd, response: s.response };
  }
  return { id: d.requestId, prompt: d.text.prompt, domain: d.domain ?? "general", task: "chat", outcomes };
}
