// Leaf values for schema instances, chosen by field name so that fake structured output reads plausibly.

import { simulatedReply, keywords } from "./simulated-reply.js";

/** Where a leaf sits: its property name, its position in an enclosing array, and the text it is about. */
export interface FieldContext {
  key?: string;
  index?: number;
  /** The text the value is about: one part of the request inside a planner item, else the whole request. */
  text: string;
}

const norm = (key: string | undefined) => (key ?? "").toLowerCase().replace(/[^a-z]/g, "");

/** Fields that carry the work to do: an array of objects with one of these is a plan, one item per part. */
export const INSTRUCTION_KEYS = new Set([
  "instruction", "instructions", "task", "description", "step", "subtask", "query", "prompt", "goal", "objective", "question", "action",
]);
/** Arrays of strings under these names are lists of steps, one per part of the request. */
export const STEP_LIST_KEYS = new Set(["steps", "tasks", "subtasks", "parts", "questions", "todo", "todos", "plan", "actions"]);
/** Arrays under these names list problems: empty unless the schema demands items (a verdict without issues passes). */
export const PROBLEM_LIST_KEYS = new Set(["issues", "errors", "problems", "violations", "warnings", "concerns", "flags", "missing", "risks"]);
/** Arrays under these names are edges of a plan: empty (every item independent), unless items are required. */
export const DEPENDENCY_KEYS = new Set(["dependson", "dependencies", "deps", "after", "prerequisites", "requires", "blockedby"]);

const REASON_KEYS = /^(reason|reasons|reasoning|rationale|explanation|justification|feedback|critique|comment|comments|notes?|analysis|thoughts?|why)$/;
const ANSWER_KEYS = /^(answer|finalanswer|response|content|output|result|final|text|body|message|solution|draft|reply|completion)$/;
const TITLE_KEYS = /^(title|name|label|heading|topic|subject|headline)$/;
const SCORE_KEYS = /(score|confidence|quality|rating|probability|certainty|likelihood|grade)$/;
const ORDINAL_KEYS = /^(index|order|position|rank|priority|level|stepnumber)$/;
const NEGATIVE_FLAGS = /^(is|has)?(error|errors|fail|failed|failure|needs|needsrevision|retry|escalate|reject|rejected|refus|refused|unsafe|harmful|hallucinat|blocked|biased|truncated)/;

/** A string for the field: ids, titles, reasons and answers each get their own shape; others quote the request. */
export function stringValue(ctx: FieldContext, format?: string): string {
  const byFormat = formatted(format, ctx);
  if (byFormat !== undefined) return byFormat;
  const key = norm(ctx.key);
  const text = ctx.text.trim() || "the request";
  if (/^id$|[_-]id$/i.test(ctx.key ?? "") || /[a-z]Id$/.test(ctx.key ?? "")) return `s${(ctx.index ?? 0) + 1}`;
  if (INSTRUCTION_KEYS.has(key)) return text;
  if (TITLE_KEYS.test(key)) return title(text);
  if (REASON_KEYS.test(key)) return `This follows from the request: "${snip(text, 120)}".`;
  if (ANSWER_KEYS.test(key) || key === "summary") return simulatedReply("the model", text);
  if (key === "language" || key === "lang" || key === "locale") return "en";
  if (key === "domain" || key === "category") return guessDomain(text) ?? "general";
  return snip(text, 200);
}

/** A number in range: 0.8 of the range for scores, the position for ordinals, otherwise the low end (or 1). */
export function numberValue(ctx: FieldContext, lo: number | undefined, hi: number | undefined, integer: boolean): number {
  const key = norm(ctx.key);
  let v: number;
  if (SCORE_KEYS.test(key)) {
    if (hi === undefined) v = integer ? 8 : 0.8;
    else if (hi <= 1) v = 0.8;
    else v = (lo ?? 0) + 0.8 * (hi - (lo ?? 0));
  } else if (ORDINAL_KEYS.test(key) && ctx.index !== undefined) v = ctx.index + 1;
  else if (/tokens$/.test(key)) v = 256;
  else v = lo ?? 1;
  return v;
}

/** True unless the field names a failure or a need for action ("needsRevision", "failed", "unsafe"). */
export function booleanValue(ctx: FieldContext): boolean {
  return !NEGATIVE_FLAGS.test(norm(ctx.key));
}

/**
 * The enum value that fits the text: for domain-like fields by domain keywords, otherwise a value the
 * text mentions; failing both, "general"/"other" for domain-like fields, else the first value.
 */
export function enumValue(values: readonly unknown[], ctx: FieldContext): unknown {
  return rankEnum(values, ctx)[0];
}

/** Enum values best-first (used for arrays of unique enum items). */
export function rankEnum(values: readonly unknown[], ctx: FieldContext): unknown[] {
  const text = ctx.text.toLowerCase();
  const domainLike = /domain|category|kind|area|field|specialt|skill|expertise|topic|type|role/.test(norm(ctx.key));
  const score = (v: unknown): number => {
    if (typeof v !== "string") return 0;
    const lower = v.toLowerCase();
    const mention = new RegExp(`\\b${escape(lower.replace(/[_-]/g, " "))}\\b`).test(text.replace(/[_-]/g, " ")) ? 1 : 0;
    const canonical = domainLike ? (DOMAIN_ALIASES[lower] ?? lower) : undefined;
    const hits = canonical && DOMAIN_KEYWORDS[canonical] ? (text.match(DOMAIN_KEYWORDS[canonical]!) ?? []).length : 0;
    return hits + mention;
  };
  const fallback = (v: unknown) => domainLike && typeof v === "string" && /^(general|other|misc)/i.test(v);
  return values
    .map((v, i) => ({ v, i, s: score(v), f: fallback(v) ? 1 : 0 }))
    .sort((a, b) => b.s - a.s || b.f - a.f || a.i - b.i)
    .map((x) => x.v);
}

/** The domain (of the project's vocabulary) whose keywords the text hits most, if any. */
export function guessDomain(text: string): string | undefined {
  const lower = text.toLowerCase();
  let best: [string, number] | undefined;
  for (const [domain, re] of Object.entries(DOMAIN_KEYWORDS)) {
    const n = (lower.match(re) ?? []).length;
    if (n > 0 && (!best || n > best[1])) best = [domain, n];
  }
  return best?.[0];
}

const LANGS = "french|spanish|german|italian|portuguese|japanese|chinese|korean|russian|arabic|dutch|english|hindi";
/** Keyword patterns per domain (global, so that the number of hits ranks competing domains). */
const DOMAIN_KEYWORDS: Record<string, RegExp> = {
  arithmetic: /\d+(?:\.\d+)?\s*[-+*/×÷^%]\s*\d+|\b(?:sum|add|subtract|multiply|divide|product|percent(?:age)?|calculate|compute|arithmetic)\b/g,
  math: /\b(?:math\w*|equation|integral|derivative|prove|proof|theorem|algebra|geometry|probability|statistics|matrix|calculus)\b/g,
  code: /\b(?:code|coding|program\w*|function|implement\w*|script|bug|debug|refactor|typescript|javascript|python|rust|sql|regex|api|compile|unit tests?)\b/g,
  science: /\b(?:physics|chemistry|biology|scientific|science|experiment|molecule|atoms?|quantum|climate|evolution|cells?|photosynthesis)\b/g,
  law: /\b(?:legal|laws?|contract|statute|court|lawsuit|liability|regulation|gdpr|compliance|copyright|lawyer)\b/g,
  medicine: /\b(?:medical|medicine|symptoms?|diagnos\w*|disease|treatment|drugs?|dose|patients?|health|clinical|doctor)\b/g,
  finance: /\b(?:financ\w*|stocks?|invest\w*|budget|loan|interest rate|tax(?:es)?|accounting|revenue|portfolio|mortgage)\b/g,
  writing: /\b(?:write|draft|essay|poem|story|haiku|email|blog|article|letter|rewrite|edit|summari[sz]e|summary)\b/g,
  translation: new RegExp(`\\btranslat\\w*|\\b(?:in|into|to) (?:${LANGS})\\b`, "g"),
  reasoning: /\b(?:reason\w*|logic\w*|puzzle|riddle|deduce|infer|compare|trade-?offs?|decide|pros and cons)\b/g,
};
const DOMAIN_ALIASES: Record<string, string> = {
  coding: "code", programming: "code", software: "code", mathematics: "math", maths: "math", legal: "law",
  medical: "medicine", health: "medicine", creative: "writing", creative_writing: "writing", financial: "finance",
  translate: "translation", logic: "reasoning", calculation: "arithmetic", calculator: "arithmetic",
};

function formatted(format: string | undefined, ctx: FieldContext): string | undefined {
  const n = (ctx.index ?? 0) + 1;
  switch (format) {
    case "date-time": return `2025-01-0${Math.min(n, 9)}T12:00:00.000Z`;
    case "date": return `2025-01-0${Math.min(n, 9)}`;
    case "time": return "12:00:00Z";
    case "duration": return "PT1M";
    case "email": case "idn-email": return `user${n}@example.com`;
    case "uri": case "url": case "iri": return `https://example.com/${keywords(ctx.text, 1)[0] ?? "item"}/${n}`;
    case "uuid": return `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;
    case "ipv4": return `192.0.2.${n}`;
    case "ipv6": return `2001:db8::${n}`;
    case "hostname": case "idn-hostname": return "example.com";
    default: return undefined;
  }
}

/** First words of the text, at most 8, without trailing punctuation. */
function title(text: string): string {
  const words = text.replace(/\s+/g, " ").trim().split(" ");
  return words.slice(0, 8).join(" ").replace(/[.,;:!?]+$/, "");
}
export function snip(text: string, max: number): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1).replace(/\s+\S*$/, "")}…`;
}
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
