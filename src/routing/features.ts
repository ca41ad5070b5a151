// Query features for routing: the domain of a chat (an interpretable cue classifier), its size, its arithmetic.
import { countTokens } from "gpt-tokenizer";
import { DOMAINS, type Domain } from "../vocabulary.js";
import { extractArithmetic } from "../experts/providers/builtin/arithmetic.js";
import { CUES, GENERAL_BASELINE, MAX_DISTINCT_MATCHES } from "./cues.js";

/** A chat message as the router reads it (text content only). */
export interface ChatText {
  role: string;
  content: string;
}

/** What the router knows about a query before any call. */
export interface QueryFeatures {
  domain: Domain;
  /** Probability of `domain` under a softmax of the scores, in [0, 1]. */
  confidence: number;
  /** Sum of matched cue weights per domain; "general" holds the baseline every other domain must beat. */
  scores: Record<Domain, number>;
  /** The matched cues, strongest first, e.g. `keyword "python"`, `system prompt: keyword "lawyer"`. */
  reasons: string[];
  /** Prompt tokens (o200k, with chat-format overhead). */
  inputTokens: number;
  /** Set when the last user message is essentially a computable expression (mathjs syntax). */
  arithmetic?: { expression: string };
}

/** How much each message counts: the last user message decides, the rest only nudges. */
const ROLE_WEIGHT = { last: 1, system: 0.3, user: 0.5, assistant: 0.2 } as const;
/** Only the first characters of each message are scanned for cues: enough to classify, bounded in time. */
const SCAN_CHARS = 20_000;
/** The score an extracted arithmetic expression gives its domain: it decides on its own. */
const ARITHMETIC_SCORE = 10;
/** Tokens the chat format adds per message and to prime the reply (OpenAI's accounting). */
const TOKENS_PER_MESSAGE = 3;
const TOKENS_PER_REPLY = 3;
/** User text may contain "<|endoftext|>" and the like: count it as text, never throw. */
const AS_TEXT = { disallowedSpecial: new Set<string>() };

/** Prompt tokens of a chat, counted with gpt-tokenizer (o200k_base) plus the chat-format overhead. */
export function countInputTokens(messages: readonly ChatText[]): number {
  let n = TOKENS_PER_REPLY;
  for (const m of messages) n += TOKENS_PER_MESSAGE + (m.content ? countTokens(m.content, AS_TEXT) : 0);
  return n;
}

/**
 * Extracts the routing features of a chat. Deterministic: the same messages give the same features.
 * The last user message is classified at full weight; the system prompt and earlier turns are weak cues.
 */
export function extractFeatures(messages: readonly ChatText[]): QueryFeatures {
  const scores = Object.fromEntries(DOMAINS.map((d) => [d, 0])) as Record<Domain, number>;
  scores.general = GENERAL_BASELINE;
  const found: Array<{ reason: string; weight: number }> = [];
  const lastUser = findLastUser(messages);

  messages.forEach((m, i) => {
    const roleWeight =
      i === lastUser ? ROLE_WEIGHT.last : m.role === "system" || m.role === "developer" ? ROLE_WEIGHT.system : m.role === "user" ? ROLE_WEIGHT.user : ROLE_WEIGHT.assistant;
    const prefix = i === lastUser ? "" : m.role === "system" || m.role === "developer" ? "system prompt: " : "earlier message: ";
    scoreText(m.content.slice(0, SCAN_CHARS), roleWeight, prefix, scores, found);
  });

  const expression = lastUser >= 0 ? extractArithmetic(messages[lastUser]!.content) : undefined;
  if (expression !== undefined) {
    scores.arithmetic += ARITHMETIC_SCORE;
    found.push({ reason: `arithmetic expression "${expression}" (arithmetic)`, weight: ARITHMETIC_SCORE });
  }

  // Ties go to the earlier domain of DOMAINS, and "general" wins unless another domain beats its baseline.
  let domain: Domain = "general";
  for (const d of DOMAINS) if (scores[d] > scores[domain]) domain = d;

  let z = 0;
  for (const d of DOMAINS) z += Math.exp(scores[d] - scores[domain]);
  const confidence = round(1 / z, 3);

  // The chosen domain's cues first, strongest first: they are the "why".
  const tag = `(${domain})`;
  found.sort((a, b) => Number(b.reason.endsWith(tag)) - Number(a.reason.endsWith(tag)) || b.weight - a.weight);
  const reasons = found.map((f) => f.reason);
  for (const d of DOMAINS) scores[d] = round(scores[d], 3);
  return {
    domain,
    confidence,
    scores,
    reasons: reasons.length > 0 ? reasons : ["no domain cue matched"],
    inputTokens: countInputTokens(messages),
    ...(expression !== undefined ? { arithmetic: { expression } } : {}),
  };
}

function findLastUser(messages: readonly ChatText[]): number {
  for (let i = messages.length - 1; i >= 0; i--) if (messages[i]!.role === "user") return i;
  return -1;
}

/** Adds the cues matched in one text to the scores, weighted by the role of its message. */
function scoreText(
  text: string,
  roleWeight: number,
  prefix: string,
  scores: Record<Domain, number>,
  found: Array<{ reason: string; weight: number }>,
): void {
  if (!text) return;
  for (const cue of CUES) {
    if (cue.label !== undefined || !cue.re.global) {
      if (cue.re.test(text)) {
        scores[cue.domain] += cue.weight * roleWeight;
        found.push({ reason: `${prefix}${cue.label ?? "pattern"} (${cue.domain})`, weight: cue.weight * roleWeight });
      }
      continue;
    }
    const distinct = new Set<string>();
    for (const m of text.matchAll(cue.re)) {
      distinct.add(m[0].toLowerCase());
      if (distinct.size >= MAX_DISTINCT_MATCHES) break;
    }
    for (const word of distinct) {
      scores[cue.domain] += cue.weight * roleWeight;
      found.push({ reason: `${prefix}keyword "${word}" (${cue.domain})`, weight: cue.weight * roleWeight });
    }
  }
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/** What the learned predictor reads: the last user message (the question), else the whole chat. */
export function predictorText(messages: readonly ChatText[]): string {
  for (let i = messages.length - 1; i >= 0; i--) if (messages[i]!.role === "user") return messages[i]!.content;
  return messages.map((m) => m.content).join("\n\n");
}
