// Prior numbers the router uses before judges have measured anything: expected answer lengths and quality priors.
import type { Domain } from "../vocabulary.js";

/**
 * Expected output tokens of a typical answer per domain, used to predict cost when the caller states no
 * `max_tokens`. Rough medians of chat answers: a calculator answers with a number, an essay is long.
 */
export const EXPECTED_OUTPUT_TOKENS: Readonly<Record<Domain, number>> = {
  arithmetic: 16,
  math: 450,
  code: 400,
  science: 350,
  law: 450,
  medicine: 350,
  finance: 350,
  writing: 600,
  translation: 200,
  reasoning: 400,
  general: 250,
};

/**
 * Domains whose answer grows with the prompt: output tokens per input token, added to the base above
 * (a translation is about as long as its source).
 */
export const OUTPUT_TOKENS_PER_INPUT_TOKEN: Readonly<Partial<Record<Domain, number>>> = {
  translation: 1.2,
};

/** Prior quality (correctness and expertise) of an expert in a domain, when it states no skill for it. */
export const SKILL_PRIOR = {
  /** The expert declares the domain but gives no skill. */
  declared: 0.75,
  /** An LLM that declares "general", asked about a domain it does not declare. */
  undeclaredGeneralist: 0.55,
  /** An LLM that declares neither the domain nor "general". */
  undeclared: 0.4,
  /** A builtin (non-LLM) expert outside its declared domains: it refuses, so it is never routed there. */
  builtinUnserved: 0,
} as const;

/** Prior for dimensions other than correctness and expertise (safety, bias, format, …): nothing is known yet. */
export const NEUTRAL_DIMENSION_PRIOR = 0.7;

/** Half-width of the interval around a prior (n = 0): wide, because it is a guess. */
export const PRIOR_HALF_WIDTH = 0.25;

/** Expected output tokens of an answer in this domain to a prompt of `inputTokens` tokens. */
export function expectedOutputTokens(domain: Domain, inputTokens: number): number {
  const perInput = OUTPUT_TOKENS_PER_INPUT_TOKEN[domain] ?? 0;
  return Math.ceil(EXPECTED_OUTPUT_TOKENS[domain] + perInput * inputTokens);
}
