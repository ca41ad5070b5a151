// The paragraph a person reads to understand a routing decision: domain, strategy, choice, exclusions.
import type { Domain } from "../vocabulary.js";
import type { QueryFeatures } from "./features.js";
import { fmtInt, fmtQuality, fmtUsd } from "./format.js";
import type { Weights } from "./profiles.js";
import type { RankedCandidate } from "./strategies/index.js";

/** Exclusions of one kind: how many, the summary phrase, and a few example expert ids. */
export interface ExclusionGroup {
  count: number;
  summary: string;
  examples: Array<{ expert: string; because: string }>;
}

export interface ExplanationInput {
  features: QueryFeatures;
  domain: Domain;
  domainGiven: boolean;
  strategyDescription: string;
  strategyName: string;
  weights: Weights;
  inputTokens: number;
  outputTokens: number;
  outputGiven: boolean;
  winner: RankedCandidate | undefined;
  winnerReason: string;
  total: number;
  eligibleCount: number;
  exclusions: ExclusionGroup[];
  unknownApproved: string[];
  /** Set when a learned predictor replaced the correctness and output length of `experts` experts. */
  predictor?: { name: string; experts: number };
}

/** How many matched cues the explanation quotes. */
const MAX_CUES = 4;
/** Up to this many exclusions are listed one by one; more are summarised by kind. */
const MAX_LISTED = 3;

export function explain(x: ExplanationInput): string {
  const parts = [domainSentence(x), strategySentence(x)];
  if (x.predictor) {
    parts.push(
      `The ${x.predictor.name} predicted this prompt's correctness and answer length for ${fmtInt(x.predictor.experts)} of ${fmtInt(x.total)} experts, in place of their profiles.`,
    );
  }
  if (x.winner) {
    parts.push(
      `Chose ${x.winner.expert}: predicted quality ${fmtQuality(x.winner.quality)} at ${fmtUsd(x.winner.costUsd)}; ${x.winnerReason}.`,
    );
  } else {
    parts.push("No expert is eligible, so none was chosen.");
  }
  parts.push(exclusionSentence(x));
  if (x.unknownApproved.length > 0) {
    parts.push(`Unknown ids in approvedExperts were ignored: ${x.unknownApproved.join(", ")}.`);
  }
  return parts.join(" ");
}

function domainSentence(x: ExplanationInput): string {
  if (x.domainGiven) return `Domain: ${x.domain} (given by the caller).`;
  if (x.features.arithmetic && x.domain === "arithmetic") {
    return `Domain: arithmetic (the prompt is the expression "${x.features.arithmetic.expression}").`;
  }
  const tag = ` (${x.domain})`;
  const cues = x.features.reasons
    .filter((r) => r.endsWith(tag))
    .slice(0, MAX_CUES)
    .map((r) => r.slice(0, -tag.length));
  const why = cues.length > 0 ? `from ${cues.join(", ")}` : "no other domain's cues matched";
  return `Domain: ${x.domain} (confidence ${fmtQuality(x.features.confidence)}; ${why}).`;
}

function strategySentence(x: ExplanationInput): string {
  const weights = Object.entries(x.weights)
    .filter(([, w]) => (w ?? 0) > 0)
    .map(([d, w]) => `${d} ${w}`)
    .join(", ");
  const output = x.outputGiven ? `${fmtInt(x.outputTokens)} output tokens (max_tokens)` : `${fmtInt(x.outputTokens)} expected output tokens (${x.domain} prior)`;
  return (
    `Strategy ${x.strategyName}: ${x.strategyDescription}; quality weights ${weights || "correctness 1"}; ` +
    `cost predicted for ${fmtInt(x.inputTokens)} prompt tokens and ${output}.`
  );
}

function exclusionSentence(x: ExplanationInput): string {
  const excluded = x.total - x.eligibleCount;
  const head = `${fmtInt(x.eligibleCount)} of ${fmtInt(x.total)} experts eligible`;
  if (excluded === 0) return `${head}; none excluded.`;
  if (excluded <= MAX_LISTED) {
    const listed = x.exclusions.flatMap((g) => g.examples.map((e) => `${e.expert} (${e.because})`));
    return `${head}; excluded ${listed.join("; ")}.`;
  }
  const groups = x.exclusions.map((g) => `${fmtInt(g.count)} ${g.summary} (e.g. ${g.examples.map((e) => e.expert).join(", ")})`);
  return `${head}; ${fmtInt(excluded)} excluded: ${groups.join("; ")}.`;
}
