// The pre-hoc router: for one query, the expert that best fits the caller's preferences, and why.
import type { Defaults, Preferences } from "../config.js";
import type { Expert } from "../experts/expert.js";
import { DIMENSIONS, DOMAINS, type Domain } from "../vocabulary.js";
import {
  EXCL_APPROVED, EXCL_BLOCKED, EXCL_CONTEXT, EXCL_COST, EXCL_DOMAIN, EXCL_KINDS, EXCL_LATENCY, EXCL_LOCAL, EXCL_NONE,
  excludedBecause, exclusionSummary,
  callerExclusion, expertMask, type CallerExclusionContext,
} from "./exclusions.js";
import { RoutingBlocks } from "./blocks.js";
import { explain, type ExclusionGroup } from "./explain.js";
import { extractFeatures, predictorText } from "./features.js";
import type { Candidate, Decision, RouteOptions, RouteQuery, RouterOptions } from "./decision.js";
import { expectedOutputTokens } from "./priors.js";
import { predictorIndex, type Prediction, type QualityPredictor } from "./predictor/predictor.js";
import { cellIndex, type ProfileBook } from "./profiles.js";
import { compareScored, resolveKnobs, STRATEGIES, type RankedCandidate, type Strategy, type StrategyKnobs } from "./strategies/index.js";
import { selectTop } from "./top-k.js";

export type { Candidate, Decision, RouteOptions, RouteQuery, RouterOptions } from "./decision.js";

/** The predictor's view of one route: its predictions and the share of quality that correctness weighs. */
interface Learned {
  prediction: Prediction;
  /** Profile correctness per profile row, in this domain: what the prediction replaces. */
  correctness: Float64Array;
  /** Weight of correctness in the quality (0 when the caller does not weigh it). */
  weight: number;
  /** The caller's max_tokens, which caps predicted output lengths. */
  maxOutputTokens: number;
}

/** What one route's hot loop needs to know (built once per route). */
interface ScanInput {
  columns: Float64Array[];
  ws: number[];
  wTotal: number;
  inTok: number;
  outTok: number;
  strategy: Strategy;
  knobs: StrategyKnobs;
  approved: Uint8Array | null;
  /** 1 for experts the caller excluded (RouteOptions.exclude), or null. */
  callerExcluded: Uint8Array | null;
  serves: Uint8Array;
  /** 1 where a policy block (safety, calibration) takes the expert out of this domain. */
  blocked: Uint8Array;
  localOnly: boolean;
  maxCost: number;
  maxLatency: number;
  counts: Int32Array;
  examples: Int32Array;
  learned: Learned | null;
}

const DEFAULT_LIMIT = 20;
const DEFAULT_RANKED = 10;
const D = DOMAINS.length;

/**
 * The caller's exclusion (RouteOptions.exclude): a kind of its own after the shared ones of exclusions.ts,
 * checked first, so that an excluded expert is reported as such rather than for any other reason.
 */
const EXCL_CALLER = EXCL_KINDS;
const KINDS = EXCL_KINDS + 1;

/** Example experts named per kind of exclusion in the explanation. */
const EXAMPLES = 3;

/**
 * Routes queries over a fixed catalog. Per-expert facts (prices, local flag, context window, latency,
 * served domains) are copied into typed arrays once; profile means are read live from the ProfileBook,
 * so a judge's `set` changes the next decision. `route` is synchronous and reuses scratch buffers.
 */
export class Router {
  private experts: Expert[] = [];
  private ids: string[] = [];
  private readonly byId = new Map<string, number>();
  private inPerMTok = new Float64Array(0);
  private outPerMTok = new Float64Array(0);
  private local = new Uint8Array(0);
  private context = new Float64Array(0);
  private latency = new Float64Array(0);
  private profileRow = new Int32Array(0);
  private serves = new Uint8Array(0);
  /** Expert i is row i of the profile book (the usual case): the hot loop skips the indirection. */
  private identityRows = true;
  private quality = new Float64Array(0);
  private cost = new Float64Array(0);
  private score = new Float64Array(0);
  private excl = new Uint8Array(0);
  private eligible = new Int32Array(0);
  private predictor: QualityPredictor | undefined;
  /** Per expert, its index among the predictor's experts, or -1 when the predictor does not know it. */
  private predicted = new Int32Array(0);
  private predictedCount = 0;
  /** Policy blocks with their reasons: kept across re-indexing. */
  private readonly blocks = new RoutingBlocks();
  /** Domain-major: 1 where expert i is blocked in domain d (at d * n + i). */
  private blocked: Uint8Array = new Uint8Array(0);

  constructor(
    experts: readonly Expert[],
    private readonly profiles: ProfileBook,
    private readonly defaults: Defaults,
    options: RouterOptions = {},
  ) {
    this.predictor = options.predictor;
    this.index(experts);
  }

  /** Swaps the learned predictor (a newly published artifact), or drops it (`undefined`: the profiles alone). */
  setPredictor(predictor: QualityPredictor | undefined): void {
    this.predictor = predictor;
    this.indexPredictor();
  }

  /** Adds an expert registered at run time (or replaces one with the same id). O(catalog): registration is rare. */
  addExpert(expert: Expert): void {
    const i = this.byId.get(expert.id);
    const next = [...this.experts];
    if (i === undefined) next.push(expert);
    else next[i] = expert;
    this.index(next);
  }

  /**
   * Takes an expert out of routing for one domain, or for all (`null`), with the reason every affected
   * explanation shows (a safety judge's verdict; a calibration not finished yet). Unknown ids are remembered
   * and apply once the expert is added.
   */
  block(expertId: string, domain: Domain | null, reason: string): void {
    this.blocks.set(expertId, domain, reason);
    this.indexBlocks();
  }

  /** Ends a block set for this domain (or the all-domains block when `null`). */
  unblock(expertId: string, domain: Domain | null): void {
    if (this.blocks.delete(expertId, domain)) this.indexBlocks();
  }

  /** The reason an expert is blocked in a domain, or null. */
  blockedBecause(expertId: string, domain: Domain): string | null {
    return this.blocks.reason(expertId, domain);
  }

  /** Copies the per-expert facts into typed arrays (the hot loop reads nothing else but profile columns). */
  private index(experts: readonly Expert[]): void {
    const n = experts.length;
    this.experts = [...experts];
    this.ids = experts.map((e) => e.id);
    this.byId.clear();
    this.inPerMTok = new Float64Array(n);
    this.outPerMTok = new Float64Array(n);
    this.local = new Uint8Array(n);
    this.context = new Float64Array(n);
    this.latency = new Float64Array(n);
    this.profileRow = new Int32Array(n);
    this.serves = new Uint8Array(D * n); // domain-major: one contiguous run per domain
    const profiles = this.profiles;
    experts.forEach((e, i) => {
      this.byId.set(e.id, i);
      this.inPerMTok[i] = e.pricing.inputPerMTok;
      this.outPerMTok[i] = e.pricing.outputPerMTok;
      this.local[i] = e.local ? 1 : 0;
      this.context[i] = e.contextWindow;
      this.latency[i] = e.latencyMs ?? Number.NaN;
      const row = profiles.indexOf(e.id) ?? profiles.add(e);
      this.profileRow[i] = row;
      DOMAINS.forEach((d, k) => (this.serves[k * n + i] = profiles.serves(row, d) ? 1 : 0));
    });
    this.identityRows = this.profileRow.every((row, i) => row === i);
    this.quality = new Float64Array(n);
    this.cost = new Float64Array(n);
    this.score = new Float64Array(n);
    this.excl = new Uint8Array(n);
    this.eligible = new Int32Array(n);
    this.indexPredictor();
    this.indexBlocks();
  }

  private indexPredictor(): void {
    this.predicted = predictorIndex(this.experts, this.predictor);
    this.predictedCount = this.predicted.reduce((k, j) => k + (j >= 0 ? 1 : 0), 0);
  }

  private indexBlocks(): void {
    this.blocked = this.blocks.mask(this.byId, this.ids.length);
  }

  /** Picks the expert for one query under these preferences (over the configured defaults). Calls no model. */
  route(query: RouteQuery, prefs: Preferences = {}, opts: RouteOptions = {}): Decision {
    const features = query.features ?? extractFeatures(query.messages);
    const domain = query.domain ?? features.domain;
    const strategyName = prefs.strategy ?? this.defaults.strategy;
    const strategy = STRATEGIES[strategyName];
    const knobs = resolveKnobs(prefs, this.defaults);
    const weights = prefs.weights ?? this.defaults.weights;
    const inTok = features.inputTokens;
    const outTok = query.maxOutputTokens ?? expectedOutputTokens(domain, inTok);
    const limit = Math.max(0, opts.limit ?? DEFAULT_LIMIT);
    const k = Math.max(limit, opts.ranked ?? DEFAULT_RANKED, this.defaults.fallbacks);

    // The profile columns of the weighted dimensions in this domain (at most 7), and their weights;
    // weights that are all zero count correctness alone, as ProfileBook.weightedQuality does.
    const columns: Float64Array[] = [];
    const ws: number[] = [];
    for (const dim of DIMENSIONS) {
      const w = weights[dim] ?? 0;
      if (w > 0) {
        columns.push(this.profiles.meanColumn(cellIndex(domain, dim)));
        ws.push(w);
      }
    }
    const weighted = columns.length > 0;
    if (!weighted) {
      columns.push(this.profiles.meanColumn(cellIndex(domain, "correctness")));
      ws.push(1);
    }
    const wTotal = ws.reduce((a, b) => a + b, 0);

    const { mask: approved, unknown: unknownApproved } = expertMask(prefs.approvedExperts, this.byId, this.ids.length);
    const callerExcluded = opts.exclude?.length ? expertMask(opts.exclude, this.byId, this.ids.length).mask : null;
    const dIdx = DOMAINS.indexOf(domain);
    const counts = new Int32Array(KINDS);
    const examples = new Int32Array(KINDS * EXAMPLES);
    const learned = this.learn(query, domain, weighted ? (weights.correctness ?? 0) / wTotal : 1);
    const eligibleCount = this.scan({
      columns, ws, wTotal, inTok, outTok, strategy, knobs, approved, callerExcluded, learned,
      serves: this.serves.subarray(dIdx * this.ids.length, (dIdx + 1) * this.ids.length),
      blocked: this.blocked.subarray(dIdx * this.ids.length, (dIdx + 1) * this.ids.length),
      localOnly: prefs.localOnly === true,
      maxCost: prefs.maxCostUsd ?? Infinity,
      maxLatency: prefs.maxLatencyMs ?? Infinity,
      counts, examples,
    });
    const { quality, cost, score, eligible } = this;
    const ctx: CallerExclusionContext = { domain, inputTokens: inTok, outputTokens: outTok, prefs, excludeReason: opts.excludeReason };

    const better = (a: number, b: number) => compareScored(score[a]!, cost[a]!, quality[a]!, score[b]!, cost[b]!, quality[b]!) || a - b;
    const top = selectTop(eligible.subarray(0, eligibleCount), k, better, score);
    const ranked = top.map((i) => this.candidate(i));
    const excludedTop = this.topExcluded(limit, eligibleCount);
    const candidates = ranked.slice(0, limit);
    for (const i of excludedTop) candidates.push({ ...this.candidate(i), excludedBecause: this.because(i, ctx) });

    const winner = ranked[0] as RankedCandidate | undefined;
    const excludedCount = this.ids.length - eligibleCount;
    const explanation = explain({
      features,
      domain,
      domainGiven: query.domain !== undefined,
      strategyDescription: strategy.describe(knobs),
      strategyName,
      weights: weighted ? weights : { correctness: 1 },
      inputTokens: inTok,
      outputTokens: outTok,
      outputGiven: query.maxOutputTokens !== undefined,
      winner,
      winnerReason: winner ? strategy.reason(winner, ranked[1] as RankedCandidate | undefined, knobs) : "",
      total: this.ids.length,
      eligibleCount,
      exclusions: this.exclusionGroups(counts, examples, ctx),
      unknownApproved,
      ...(learned ? { predictor: { name: this.predictor!.name, experts: this.predictedCount } } : {}),
    });

    return {
      expert: winner?.expert ?? null,
      predicted: winner ? { quality: winner.quality, costUsd: winner.costUsd } : null,
      strategy: strategyName,
      domain,
      features,
      ranked,
      candidates,
      eligibleCount,
      excludedCount,
      expectedOutputTokens: outTok,
      unknownApproved,
      explanation,
    };
  }

  /**
   * The hot path, kept apart so that it is optimised on its own: tight passes over typed arrays
   * (quality per weighted column, cost, the strategy's score, exclusions) into the scratch buffers.
   * Returns how many experts are eligible: their indices head `eligible`, the excluded ones fill the rest.
   */
  private scan(s: ScanInput): number {
    const { columns, ws, wTotal, inTok, outTok, strategy, knobs, approved, callerExcluded, serves, blocked, localOnly, maxCost, maxLatency, counts, examples, learned } = s;
    const { quality, cost, score, excl, eligible, profileRow, inPerMTok, outPerMTok, local, context, latency } = this;
    const n = this.ids.length;
    quality.fill(0);
    for (let c = 0; c < columns.length; c++) {
      const col = columns[c]!;
      const w = ws[c]! / wTotal;
      if (this.identityRows) for (let i = 0; i < n; i++) quality[i] += w * col[i]!;
      else for (let i = 0; i < n; i++) quality[i] += w * col[profileRow[i]!]!;
    }
    for (let i = 0; i < n; i++) cost[i] = (inTok * inPerMTok[i]! + outTok * outPerMTok[i]!) / 1e6; // = costOf(expert, inTok, outTok)
    if (learned) this.applyLearned(learned, inTok);
    strategy.scoreAll(quality, cost, n, knobs, score);

    const need = inTok + outTok;
    let eligibleCount = 0;
    let excludedStart = n;
    for (let i = 0; i < n; i++) {
      const why =
        callerExcluded !== null && callerExcluded[i] === 1 ? EXCL_CALLER
        : approved !== null && approved[i] === 0 ? EXCL_APPROVED
        : serves[i] === 0 ? EXCL_DOMAIN
        : blocked[i] === 1 ? EXCL_BLOCKED
        : localOnly && local[i] === 0 ? EXCL_LOCAL
        : need > context[i]! ? EXCL_CONTEXT
        : cost[i]! > maxCost ? EXCL_COST
        : latency[i]! > maxLatency ? EXCL_LATENCY // unknown latency (NaN) never excludes
        : EXCL_NONE;
      excl[i] = why;
      if (why === EXCL_NONE) eligible[eligibleCount++] = i;
      else {
        eligible[--excludedStart] = i; // excluded ones fill the buffer from its end
        if (counts[why]! < EXAMPLES) examples[why * EXAMPLES + counts[why]!] = i;
      }
      counts[why]!++;
    }
    return eligibleCount;
  }

  /** The predictor's predictions for this query, or null without a predictor (or one that knows no expert). */
  private learn(query: RouteQuery, domain: Domain, weight: number): Learned | null {
    if (!this.predictor || this.predictedCount === 0) return null;
    return {
      prediction: this.predictor.predict(predictorText(query.messages), domain),
      correctness: this.profiles.meanColumn(cellIndex(domain, "correctness")),
      weight,
      maxOutputTokens: query.maxOutputTokens ?? Infinity,
    };
  }

  /** Swaps in the predicted correctness and output length of the experts the predictor knows. */
  private applyLearned(l: Learned, inTok: number): void {
    const { quality, cost, predicted, profileRow, inPerMTok, outPerMTok } = this;
    const { quality: pq, outputTokens: pt } = l.prediction;
    for (let i = 0; i < predicted.length; i++) {
      const j = predicted[i]!;
      if (j < 0) continue;
      if (l.weight > 0) quality[i] += l.weight * (pq[j]! - l.correctness[profileRow[i]!]!);
      const out = Math.min(pt[j]!, l.maxOutputTokens);
      if (!Number.isNaN(out)) cost[i] = (inTok * inPerMTok[i]! + out * outPerMTok[i]!) / 1e6;
    }
  }

  /** One expert's figures for display, without float noise (0.54243 rather than 0.5424300000000001). */
  private candidate(i: number): Candidate {
    const c: Candidate = {
      expert: this.ids[i]!,
      score: round(this.score[i]!, 1e6),
      quality: round(this.quality[i]!, 1e6),
      costUsd: Number(this.cost[i]!.toPrecision(8)),
    };
    const latency = this.latency[i]!;
    if (!Number.isNaN(latency)) c.latencyMs = latency;
    return c;
  }

  /** The `limit` excluded experts of highest quality (what the caller would have had), catalog order on ties. */
  private topExcluded(limit: number, eligibleCount: number): number[] {
    if (limit === 0 || eligibleCount === this.ids.length) return [];
    const quality = this.quality;
    const excluded = this.eligible.subarray(eligibleCount); // written by scan, in reverse catalog order
    return selectTop(excluded, limit, (a, b) => quality[b]! - quality[a]! || a - b, quality);
  }

  /** Exclusions by kind, each with up to three example experts (catalog order). */
  private exclusionGroups(counts: Int32Array, examples: Int32Array, ctx: CallerExclusionContext): ExclusionGroup[] {
    const groups: ExclusionGroup[] = [];
    for (let kind = 1; kind < KINDS; kind++) {
      const count = counts[kind]!;
      if (count === 0) continue;
      const named = Array.from(examples.subarray(kind * EXAMPLES, kind * EXAMPLES + Math.min(EXAMPLES, count)), (i) => ({
        expert: this.ids[i]!,
        because: this.because(i, ctx),
      }));
      const summary = kind === EXCL_CALLER ? callerExclusion(ctx) : exclusionSummary(kind, ctx);
      groups.push({ count, summary, examples: named });
    }
    return groups;
  }

  private because(i: number, ctx: CallerExclusionContext): string {
    const kind = this.excl[i]!;
    if (kind === EXCL_BLOCKED) return this.blockedBecause(this.ids[i]!, ctx.domain) ?? "taken out of routing";
    return kind === EXCL_CALLER ? callerExclusion(ctx) : excludedBecause(kind, this.experts[i]!, this.cost[i]!, ctx);
  }
}

function round(x: number, scale: number): number {
  return Math.round(x * scale) / scale;
}
