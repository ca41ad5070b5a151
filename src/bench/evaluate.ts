// `eo eval routing`: trains the predictor on one outcome set, routes another with the service's Router, and measures it.
import { DefaultsSchema } from "../config.js";
import { ProfileBook } from "../routing/profiles.js";
import type { RouterArtifact } from "../routing/predictor/artifact.js";
import { LearnedPredictor } from "../routing/predictor/predictor.js";
import { trainPredictor } from "../routing/predictor/train.js";
import { extractFeatures } from "../routing/features.js";
import { Router } from "../routing/router.js";
import { oracle, randomCurve, singleExperts, type CurvePoint, type SingleExpert } from "./baselines.js";
import { aiq, costToReach, upperHull, valueAt } from "./hull.js";
import type { OutcomeRecord } from "./outcomes.js";
import { pairMetrics } from "./pgr.js";
import { poolExperts, prepareTestPrompts, type TestPrompt } from "./pool.js";
import { pairEnds, pairSweep, strategySweeps, type StrategyCurve } from "./sweeps.js";

export interface EvalOptions {
  /** A trained artifact to use instead of training on `train`. */
  artifact?: RouterArtifact;
  /** The two-expert pool of the APGR metrics (RouteLLM): strong and weak expert. */
  strong?: string;
  weak?: string;
  sources?: { train: string[]; test: string[] };
  /**
   * Route as the service does when the caller gives no `eo.domain`: every prompt's domain, train and test, is the
   * one the router's classifier reads in its text, not the data's label.
   */
  inferDomain?: boolean;
}

/** The records with each prompt's domain as the router's classifier reads it in the text. */
export function withInferredDomains(records: readonly OutcomeRecord[]): OutcomeRecord[] {
  return records.map((r) => ({ ...r, domain: extractFeatures([{ role: "user", content: r.prompt }]).domain }));
}

/** RouteLLM's strong model; the weak one is the cheapest whose train accuracy is within 0.2 of it (mixtral-8x7b on RouterBench). */
export const DEFAULT_STRONG = "gpt-4-1106-preview";

/** How a curve compares with one single expert, read off the curve's hull; ratios are of that expert's cost. */
export interface Reach {
  /** Least cost at which the hull reaches the expert's quality (null: never). */
  costToMatch: number | null;
  /** Least cost at which it reaches 95% of it. */
  costTo95: number | null;
  /** The hull's quality at the expert's cost. */
  qualityAtItsCost: number | null;
  costToMatchRatio: number | null;
  costTo95Ratio: number | null;
}

/** What a curve achieves: AIQ, and its reach against the best single expert and the reference (strong) expert. */
export interface CurveMetrics {
  aiq: number;
  best: Reach;
  reference: Reach;
}

/** The targets, read off our router's curve (all strategies together) against the reference expert. */
export interface Targets {
  /** 95% of the reference's quality at ≤ 50% of its cost (per task). */
  q95AtHalfCost: boolean;
  /** 95% of it at ≤ 25% of its cost (pooled). */
  q95AtQuarterCost: boolean;
  /** Its own quality at ≤ 60% of its cost (pooled). */
  q100At60PercentCost: boolean;
  aiqAboveZeroRouter: boolean;
}

export interface EvalReport {
  train: { records: number; sources: string[] };
  /** Where each prompt's domain came from: the data's labels, or the router's classifier (`inferDomain`). */
  domains: "data" | "classifier";
  test: { records: number; sources: string[]; missingOutcomes: Record<string, number> };
  experts: Record<string, SingleExpert>;
  oracle: CurvePoint;
  best: { expert: string; quality: number; costUsd: number };
  /** The expert targets are stated against (the strong one, gpt-4 on RouterBench). */
  reference: { expert: string; quality: number; costUsd: number };
  targets: Targets;
  aiqRange: { fromUsd: number; toUsd: number };
  zeroRouter: { points: CurvePoint[] } & CurveMetrics;
  random: { points: CurvePoint[] } & CurveMetrics;
  strategies: Array<{ name: string; description: string; points: CurvePoint[] } & CurveMetrics>;
  /** All of our strategies together: the operating points the service offers. */
  router: CurveMetrics;
  twoExpert: (ReturnType<typeof pairMetrics> & { strong: string; weak: string; strongQuality: number; weakQuality: number }) | null;
  predictor: { experts: number; folds: number; l2: RouterArtifact["training"]["l2"]; cv: RouterArtifact["training"]["cv"] };
  seconds: { train: number; evaluate: number };
}

/** Trains (unless an artifact is given) on `train`, evaluates on `test`: baselines, our strategies, metrics. */
export function evaluateRouting(train: readonly OutcomeRecord[], test: readonly OutcomeRecord[], o: EvalOptions = {}): EvalReport {
  if (o.inferDomain) [train, test] = [withInferredDomains(train), withInferredDomains(test)];
  const t0 = performance.now();
  const artifact = o.artifact ?? trainPredictor(train, { sources: o.sources?.train });
  const t1 = performance.now();
  const pool = poolExperts(artifact);
  const router = new Router(pool, ProfileBook.fromCatalog(pool), DefaultsSchema.parse({}), { predictor: new LearnedPredictor(artifact) });
  const prompts = prepareTestPrompts(test, pool);
  const ids = pool.map((e) => e.id);

  const full = curveSet(router, prompts, ids);
  const experts = full.experts;
  const present = Object.entries(experts);
  const [bestId, best] = present.reduce((a, b) => (b[1].quality > a[1].quality || (b[1].quality === a[1].quality && b[1].costUsd < a[1].costUsd) ? b : a));
  const [cheapId] = present.reduce((a, b) => (b[1].costUsd < a[1].costUsd ? b : a));
  const range = { fromUsd: Math.min(...present.map(([, e]) => e.costUsd)), toUsd: Math.max(...present.map(([, e]) => e.costUsd)) };
  const strong = o.strong ?? DEFAULT_STRONG;
  const refId = experts[strong] ? strong : bestId;
  const ref = experts[refId]!;
  full.random = randomCurve(prompts, cheapId, bestId);
  // A curve is compared with an expert on the prompts where that expert has an outcome (paired): a mean over
  // other prompts (ones it was never measured on) would compare different questions.
  const pairedFor = (id: string): CurveSet => {
    const sub = prompts.filter((p) => p.outcome(id));
    if (sub.length === prompts.length) return full;
    const set = curveSet(router, sub, ids);
    set.random = randomCurve(sub, cheapId, bestId);
    return set;
  };
  const onRef = pairedFor(refId);
  const onBest = bestId === refId ? onRef : pairedFor(bestId);
  const reach = (points: readonly CurvePoint[], e: SingleExpert): Reach => {
    const hull = upperHull(points.map((p) => ({ x: p.costUsd, y: p.quality })));
    const match = costToReach(hull, e.quality);
    const to95 = costToReach(hull, 0.95 * e.quality);
    return {
      costToMatch: nullable(match),
      costTo95: nullable(to95),
      qualityAtItsCost: nullable(valueAt(hull, e.costUsd)),
      costToMatchRatio: match === undefined ? null : round(match / e.costUsd),
      costTo95Ratio: to95 === undefined ? null : round(to95 / e.costUsd),
    };
  };
  /** The metrics of one curve, picked from each set by the same function (the curve's points on those prompts). */
  const metrics = (pick: (s: CurveSet) => CurvePoint[]): CurveMetrics => ({
    aiq: round(aiq(pick(full).map((p) => ({ x: p.costUsd, y: p.quality })), range.fromUsd, range.toUsd)),
    best: reach(pick(onBest), onBest.experts[bestId]!),
    reference: reach(pick(onRef), onRef.experts[refId]!),
  });

  const weak = o.weak ?? defaultWeak(artifact, strong);
  let twoExpert: EvalReport["twoExpert"] = null;
  if (weak && ids.includes(strong) && ids.includes(weak)) {
    const ends = pairEnds(prompts, strong, weak);
    twoExpert = { strong, weak, strongQuality: round(ends.strong.quality), weakQuality: round(ends.weak.quality), ...pairMetrics(pairSweep(router, prompts, strong, weak), ends.weak, ends.strong) };
  }
  const t2 = performance.now();
  const ours = metrics((s) => s.strategies.flatMap((c) => c.points));
  const zero = metrics((s) => s.singles);
  const within = (x: number | null, limit: number) => x !== null && x <= limit;
  const missingOutcomes = Object.fromEntries(ids.map((id) => [id, prompts.length - (experts[id]?.n ?? 0)]).filter(([, n]) => (n as number) > 0));
  return {
    train: { records: artifact.training.records, sources: o.sources?.train ?? artifact.training.sources },
    domains: o.inferDomain ? "classifier" : "data",
    test: { records: prompts.length, sources: o.sources?.test ?? [], missingOutcomes },
    experts,
    oracle: oracle(prompts),
    best: { expert: bestId, quality: best.quality, costUsd: best.costUsd },
    reference: { expert: refId, quality: ref.quality, costUsd: ref.costUsd },
    targets: {
      q95AtHalfCost: within(ours.reference.costTo95Ratio, 0.5),
      q95AtQuarterCost: within(ours.reference.costTo95Ratio, 0.25),
      q100At60PercentCost: within(ours.reference.costToMatchRatio, 0.6),
      aiqAboveZeroRouter: ours.aiq > zero.aiq,
    },
    aiqRange: range,
    zeroRouter: { points: upperHull(full.singles.map((p) => ({ ...p, x: p.costUsd, y: p.quality }))).map(({ costUsd, quality, knob }) => ({ costUsd, quality, knob })), ...zero },
    random: { points: full.random, ...metrics((s) => s.random) },
    strategies: full.strategies.map((c, i) => ({ ...c, ...metrics((s) => s.strategies[i]!.points) })),
    router: ours,
    twoExpert,
    predictor: { experts: artifact.experts.length, folds: artifact.training.folds, l2: artifact.training.l2, cv: artifact.training.cv },
    seconds: { train: round((t1 - t0) / 1000), evaluate: round((t2 - t1) / 1000) },
  };
}

/** The curves of one prompt set: each single expert (and as points), random routing, and our strategies. */
interface CurveSet {
  experts: Record<string, SingleExpert>;
  singles: CurvePoint[];
  random: CurvePoint[];
  strategies: StrategyCurve[];
}

function curveSet(router: Router, prompts: readonly TestPrompt[], ids: readonly string[]): CurveSet {
  const experts = singleExperts(prompts, ids);
  const singles = Object.entries(experts).map(([id, e]) => ({ costUsd: e.costUsd, quality: e.quality, knob: id }));
  return { experts, singles, random: [], strategies: strategySweeps(router, prompts) };
}

/**
 * The weak expert of the pair when none is named: the cheapest (by fitted price) whose overall training
 * accuracy is within 0.2 of the strong one's — a capable model, not merely the cheapest.
 */
function defaultWeak(artifact: RouterArtifact, strong: string): string | undefined {
  const acc = (name: string) => {
    const e = artifact.experts.find((x) => x.name === name);
    return e ? 1 / (1 + Math.exp(-e.quality.global)) : Number.NaN;
  };
  const price = (name: string) => {
    const p = artifact.experts.find((x) => x.name === name)?.pricing;
    return p ? p.inputPerMTok + p.outputPerMTok : Infinity;
  };
  const top = acc(strong);
  return artifact.experts
    .map((e) => e.name)
    .filter((n) => n !== strong && acc(n) >= top - 0.2)
    .sort((a, b) => price(a) - price(b))[0];
}

const round = (x: number) => Math.round(x * 1e6) / 1e6;
const nullable = (x: number | undefined) => (x === undefined ? null : round(x));
