// What a route takes and what it answers: the query, the options, the decision with its ranked candidates.
import type { StrategyName } from "../config.js";
import type { Domain } from "../vocabulary.js";
import type { ChatText, QueryFeatures } from "./features.js";
import type { QualityPredictor } from "./predictor/predictor.js";

/** One query to route. */
export interface RouteQuery {
  messages: readonly ChatText[];
  /** The caller's max_tokens; otherwise the domain's expected output length (priors) prices the answer. */
  maxOutputTokens?: number;
  /** Overrides the classifier's domain (the orchestrator knows each subtask's domain). */
  domain?: Domain;
  /** Features extracted earlier, so they are not extracted twice. */
  features?: QueryFeatures;
}

export interface Candidate {
  expert: string;
  score: number;
  quality: number;
  costUsd: number;
  latencyMs?: number;
  excludedBecause?: string;
}

export interface Decision {
  /** Null when nothing is eligible. */
  expert: string | null;
  predicted: { quality: number; costUsd: number } | null;
  strategy: StrategyName;
  domain: Domain;
  features: QueryFeatures;
  /**
   * Eligible experts in rank order, capped at max(limit, opts.ranked ?? 10, defaults.fallbacks) so that a
   * 10,000-expert catalog is never fully sorted; pass `ranked: Infinity` for all of them.
   */
  ranked: Candidate[];
  /** For display: the top `limit` eligible, then up to `limit` excluded ones (best quality first) with excludedBecause. */
  candidates: Candidate[];
  eligibleCount: number;
  excludedCount: number;
  /** Output tokens the predicted costs assume. */
  expectedOutputTokens: number;
  /** Ids of approvedExperts that are not in the catalog (ignored). */
  unknownApproved: string[];
  explanation: string;
}

export interface RouteOptions {
  /** Candidates shown per list (default 20). */
  limit?: number;
  /** Least length of `ranked` (default 10). */
  ranked?: number;
  /** Expert ids that are not candidates whatever they score (e.g. a judge may not judge its own output). */
  exclude?: readonly string[];
  /** Why the caller excludes them, shown as `excluded by the caller (<reason>)`. */
  excludeReason?: string;
}

/** How the Router is built beyond its catalog, profiles and defaults. */
export interface RouterOptions {
  /**
   * A learned predictor (e.g. `LearnedPredictor` over an `eo train router` artifact). For every expert it
   * knows (by id, else by model name) its per-prompt P(correct) replaces the profile's correctness, and its
   * predicted output tokens price the answer (capped by the caller's max_tokens); the explanation says so.
   */
  predictor?: QualityPredictor;
}
