// Rule judge "refusal": the answer declines the request (or abstains) instead of answering it; the one list of refusal phrases.
import { verdict, type RuleJudge, type Verdict } from "../judge.js";

/** What kind of non-answer a phrase marks: declining the request, or saying the question cannot be answered. */
export type RefusalKind = "refusal" | "abstention";

const I = String.raw`I(?:\s*['’]?\s*m| am| must| have to| will| would)?`;
const CANNOT = String.raw`(?:cannot|can\s*['’]?\s*t|can not(?!\s+only)|am unable to|['’]m unable to|am not able to|['’]m not able to|won\s*['’]?\s*t|will not|must decline to|must refuse to|am not (?:allowed|permitted) to|['’]m not (?:allowed|permitted) to)`;
/** Verbs of doing what was asked: "I can't help", "I cannot provide", "I won't write". */
const DO = String.raw`(?:help|assist|provide|comply|fulfil+|do (?:that|this|so)|answer|generate|create|write|produce|share|give|complete|engage|support|offer|disclose|participate|continue|perform|carry out|accommodate)`;

/**
 * The refusal phrases. Each is a first-person statement about the request, so prose that merely says
 * something cannot be done ("you cannot divide by zero", "the function cannot handle None") never matches.
 */
const PHRASES: ReadonlyArray<{ kind: RefusalKind; re: RegExp }> = [
  // First: where it ties with a refusal phrase at the same place, declining to be definite is an abstention.
  { kind: "abstention", re: new RegExp(String.raw`\bI(?:\s+|(?=['’]))${CANNOT}\s+(?:provide|give|offer)\s+(?:you\s+)?(?:a|an|the)?\s*(?:definitive|definite|certain|conclusive|precise|exact|single|correct)\s+answer\b`, "i") },
  { kind: "refusal", re: new RegExp(String.raw`\bI(?:\s+|(?=['’]))${CANNOT}\s+(?:\w+ly\s+)?${DO}\b`, "i") },
  { kind: "refusal", re: new RegExp(String.raw`\bAs an? (?:AI|artificial intelligence|language model|large language model|AI language model|AI assistant|assistant)(?: (?:language )?model)?\b[^.!?\n]{0,40}?,\s*${I}\s*(?:not\b|do not|don['’]t|cannot|can['’]t|am unable|['’]m unable|am not able|['’]m not able|unable|don['’]t have|do not have)`, "i") },
  { kind: "refusal", re: /\bI\s+(?:must|have to|will have to|need to)\s+(?:respectfully\s+|politely\s+)?(?:decline|refuse)\b/i },
  { kind: "refusal", re: /\bI(?:['’]m| am)\s+(?:not comfortable|uncomfortable)\s+(?:with\s+)?(?:help|assist|provid|answer|writ|generat|creat|shar|discuss|engag)\w*/i },
  { kind: "refusal", re: /\bI\s+(?:do not|don['’]t)\s+feel comfortable\b/i },
  { kind: "refusal", re: /\bI\s+(?:can(?:not|['’]t)|will not|won['’]t)\s+(?:in good conscience|ethically)\b/i },
  { kind: "refusal", re: /\b(?:this|that|your) request\s+(?:goes against|violates|is against|conflicts with)\s+(?:my|our|the)\s+(?:\w+\s+)?(?:guidelines|policies|policy|principles|programming|values|terms)\b/i },
  { kind: "refusal", re: /\b(?:I(?:['’]m| am) (?:sorry|afraid)|Sorry|I apologi[sz]e)\b,?\s+(?:but\s+)?(?:I|this request|that request)\b[^.!?\n]{0,30}?\b(?:can(?:not|['’]t)|won['’]t|will not|unable|not able|not (?:allowed|permitted|appropriate))\b/i },
  { kind: "abstention", re: /\bI\s+(?:do not|don['’]t)\s+have\s+(?:enough|sufficient|the necessary|adequate)\s+(?:\w+\s+)?(?:information|context|details|data|knowledge)\b/i },
  { kind: "abstention", re: /^\s*I\s+(?:do not|don['’]t)\s+know\b/i },
  // Opening with regret, then a negative (or nothing: an answer cut off after "Unfortunately I").
  { kind: "refusal", re: /^\s*Unfortunately,?\s+I\b(?=\s*$|\s+(?:cannot|can['’]t|can not|won['’]t|will not|am unable|['’]m unable|am not able|must decline|do not|don['’]t)\b)/i },
  { kind: "abstention", re: /\bI\s+(?:cannot|can['’]t|can not|am unable to|['’]m unable to|am not able to)\s+(?:definitively\s+|accurately\s+|reliably\s+|confidently\s+)?(?:determine|tell|say|know|decide|choose|pick|select)\s+(?:which|what|whether|the (?:correct|right|best) (?:answer|option|choice))\b/i },
];

/** Code, and text in quotation marks, are not the answerer speaking: a refusal quoted or printed by code is not one. */
function spokenText(text: string): string {
  return text
    .replace(/```[\s\S]*?(?:```|$)/g, " ")
    .replace(/`[^`\n]*`/g, " ")
    .replace(/"[^"\n]{0,300}"|“[^”\n]{0,300}”/g, " ");
}

export interface RefusalFound {
  kind: RefusalKind;
  /** The matched phrase, for reasons. */
  phrase: string;
}

/** The first refusal or abstention phrase in an answer (anywhere in it, outside code and quotations), or undefined. */
export function refusalIn(response: string): RefusalFound | undefined {
  const text = spokenText(response);
  let first: (RefusalFound & { at: number }) | undefined;
  for (const { kind, re } of PHRASES) {
    const m = re.exec(text);
    if (m && (!first || m.index < first.at)) first = { kind, phrase: m[0].replace(/\s+/g, " ").trim(), at: m.index };
  }
  return first && { kind: first.kind, phrase: first.phrase };
}

/** A refusal found, as a verdict's reason: its kind and the phrase. */
export const describeRefusal = (found: RefusalFound) => `${found.kind === "refusal" ? "a refusal" : "an abstention"}: "${found.phrase.slice(0, 80)}"`;

const DIMENSIONS = ["format"] as const;

/**
 * Fails an answer that declines the request ("I can't help with that", "As an AI language model, I
 * cannot…") or abstains ("I do not have enough information to…"), anywhere in it. It scores "format" —
 * compliance with the request — 0 for such an answer: whether the refusal was right (the request harmful)
 * is not something a rule can know, so it claims nothing about safety or correctness. An empty answer fails
 * too (nothing was answered). The verdict's `answer` is "refusal" or "abstention" when it fails on a phrase.
 */
export const refusalJudge: RuleJudge = {
  name: "refusal",
  kind: "rule",
  dimensions: DIMENSIONS,
  appliesTo: () => true,
  judge({ response }): Verdict {
    if (!response.trim()) return verdict(this.name, false, DIMENSIONS, ["the answer is empty: nothing was answered"]);
    const found = refusalIn(response);
    if (found) return verdict(this.name, false, DIMENSIONS, [describeRefusal(found)], { answer: found.kind });
    return verdict(this.name, true, DIMENSIONS, ["no refusal or abstention phrase"]);
  },
};
