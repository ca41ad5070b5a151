// Judges one attempt: the rules first, then a rubric judge routed for the domain that is never the producer.
import type { Preferences } from "../../src/config.js";
import { promptText } from "../executor/prompt.js";
import { callModel, fallbackExperts, isUpstreamFailure, jsonSchemaParams, parseJsonAnswer, routeEvent, routeRole } from "../model-call.js";
import { callCap, rethrowIfAborted, withCostCap, type AgentDeps, type RunScope } from "../runtime.js";
import { eventKey, type AttemptRecord, type SubtaskState } from "../task.js";
import { judgeMessages } from "./prompt.js";
import { checkRules } from "./rules.js";
import { JUDGE_OUTPUT_TOKENS, JudgeVerdictSchema, PASS_SCORE } from "./schema.js";

/** The supervisor's reading of one attempt. `quality`: the rubric judge rejected it. */
export interface Judgement {
  pass: boolean;
  score: number;
  reasons: string[];
  kind: "ok" | "fault" | "format" | "quality";
  /** The judging expert's id, or "rules" when no model judged. */
  judge: string;
  costUsd: number;
  /**
   * A judge measured the output: rules that failed an answer, or an LLM verdict. Absent when nothing was
   * measured (no expert answered, or the rules passed and no LLM judge could say more): such a judgement is
   * no evidence about the producer.
   */
  measured?: true;
}

export interface JudgeArgs {
  generation: number;
  subtask: SubtaskState;
  attempt: AttemptRecord;
  prefs: Preferences | null;
  /** The most this judge call may cost (its share of the remaining budget). */
  maxCostUsd: number;
}

const EXCLUDE_REASON = "it produced the output being judged";

/**
 * A failed rule ends the judging (no model is paid to confirm an empty answer). When no LLM judge is eligible
 * or it fails (or none can judge within `maxCostUsd`, the call's hard cap), the rules' pass stands, and the
 * reasons say so: a judge outage does not stall the task.
 */
export async function judgeAttempt(deps: AgentDeps, scope: RunScope, a: JudgeArgs): Promise<Judgement> {
  const { subtask: s, attempt } = a;
  const rules = checkRules(attempt.output, s.expectedOutput, attempt.error);
  if (!rules.pass) {
    const measured = attempt.error ? {} : { measured: true as const };
    return { pass: false, score: 0, reasons: rules.reasons, kind: rules.kind, judge: "rules", costUsd: 0, ...measured };
  }

  const messages = judgeMessages({ instruction: s.instruction, expectedOutput: s.expectedOutput, output: attempt.output ?? "" });
  const decision = routeRole(deps, {
    role: "judge", domain: s.domain, prompt: promptText(messages), prefs: withCostCap(a.prefs, a.maxCostUsd),
    outputTokens: JUDGE_OUTPUT_TOKENS, exclude: attempt.expert ? [attempt.expert] : [], excludeReason: EXCLUDE_REASON,
  });
  await scope.sink.emit("route", routeEvent("judge", decision, { subtaskId: s.id }), eventKey("route", "judge", `g${a.generation}`, s.id, `a${attempt.attempt}`));
  const rulesOnly = (why: string, judge = "rules", costUsd = 0): Judgement => ({
    pass: true, score: 1, reasons: [`rule checks passed; ${why}`], kind: "ok", judge, costUsd,
  });
  if (!decision.expert) return rulesOnly("no LLM judge was eligible");

  try {
    const call = await callModel(deps, fallbackExperts(deps, decision.ranked), messages, jsonSchemaParams("verdict", JudgeVerdictSchema), {
      capUsd: callCap(a.prefs, a.maxCostUsd), signal: scope.signal,
    });
    const parsed = parseJsonAnswer(call.text, JudgeVerdictSchema);
    if (!parsed.ok) return rulesOnly(`the judge's verdict was unusable (${parsed.error})`, call.expert.id, call.costUsd);
    const v = parsed.value;
    const pass = v.pass && v.score >= PASS_SCORE;
    const reasons = v.reasons.length > 0 ? v.reasons : [pass ? "the judge found no problem" : "the judge rejected it without reasons"];
    if (v.pass && !pass) reasons.push(`score ${v.score} is under the pass mark ${PASS_SCORE}`);
    return { pass, score: v.score, reasons, kind: pass ? "ok" : "quality", judge: call.expert.id, costUsd: call.costUsd, measured: true };
  } catch (err) {
    rethrowIfAborted(err, scope.signal);
    if (!isUpstreamFailure(err)) throw err;
    return rulesOnly(`the LLM judge failed (${(err as Error)?.message ?? String(err)})`);
  }
}
