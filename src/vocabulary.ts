// The closed vocabularies every layer shares: task domains and the quality dimensions judges score.

/** Domains the router classifies prompts into and experts declare. */
export const DOMAINS = [
  "arithmetic",
  "math",
  "code",
  "science",
  "law",
  "medicine",
  "finance",
  "writing",
  "translation",
  "reasoning",
  "general",
] as const;
export type Domain = (typeof DOMAINS)[number];

/** Dimensions a judge scores and a user weights (after the Expert Orchestration paper). */
export const DIMENSIONS = [
  "correctness",
  "expertise",
  "factuality",
  "safety",
  "bias",
  "format",
  "creativity",
] as const;
export type Dimension = (typeof DIMENSIONS)[number];

export function isDomain(s: string): s is Domain {
  return (DOMAINS as readonly string[]).includes(s);
}
