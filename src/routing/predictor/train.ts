// Trains the learned predictor from outcome data: per expert, P(correct) and output length from prompt features.
import { countTokens } from "gpt-tokenizer";
import { countInputTokens } from "../features.js";
import { ARTIFACT_KIND, ARTIFACT_VERSION, type ExpertModel, type Head, type RouterArtifact } from "./artifact.js";
import { DEFAULT_FEATURES, featurize, type FeatureSpec, type SparseVector } from "./featurize.js";
import { dot, fitSparse, meanLoss, mulberry32, sigmoid, type Loss } from "./linear.js";
import { fitPricing } from "./prices.js";

/** One prompt with its experts' outcomes (structurally the CONTRACT's outcome record). */
export interface TrainingRecord {
  prompt: string;
  domain: string;
  outcomes: Record<string, { score: number; costUsd: number; response?: string } | null | undefined>;
}

export interface TrainOptions {
  /** Folds of the cross-validation that picks the L2 strengths (default 5); under 2, offsets only. */
  folds?: number;
  /** Candidate L2 strengths; null means offsets only, no text weights. */
  l2Grid?: (number | null)[];
  epochs?: number;
  seed?: number;
  features?: FeatureSpec;
  /** Where the records came from, for the artifact. */
  sources?: string[];
}

/** Pseudo-counts pulling a domain's mean towards the expert's global mean (a domain with 3 prompts says little). */
const DOMAIN_PRIOR = 5;
const TOKEN_OPTS = { disallowedSpecial: new Set<string>() };
/** Text weights kept per head, the largest in magnitude: bounds the artifact (the rest are mostly noise). */
const KEEP = 3000;

/** The rows of one expert: which records, their targets (score; log1p of output tokens, NaN when unknown). */
interface ExpertRows {
  name: string;
  rows: Int32Array;
  score: Float64Array;
  logTokens: Float64Array;
}

/**
 * Trains the predictor. The L2 strength of each head is picked by k-fold cross-validation on these
 * records (log-loss for quality, squared error of log length), then every head is refitted on all of them.
 * Per-expert prices are fitted to the recorded costs. Deterministic for a given seed.
 */
export function trainPredictor(records: readonly TrainingRecord[], o: TrainOptions = {}): RouterArtifact {
  const t0 = performance.now();
  const spec = o.features ?? DEFAULT_FEATURES;
  const folds = o.folds ?? 5;
  const grid = o.l2Grid ?? [null, 0.1, 0.03];
  const epochs = o.epochs ?? 3;
  const seed = o.seed ?? 1;
  const xs = records.map((r) => featurize(r.prompt, spec));
  const domains = records.map((r) => r.domain);
  const experts = expertRows(records);

  // Cross-validation: every record falls in one fold, every candidate L2 is scored out of fold.
  const fold = assignFolds(records.length, folds, seed);
  const cv = folds < 2 ? [] : grid.map((l2) => {
    let logLoss = 0, nq = 0, lengthMse = 0, nl = 0;
    for (const e of experts) {
      const all = Array.from(e.rows.keys());
      const x = (k: number) => xs[e.rows[k]!]!;
      const d = (k: number) => domains[e.rows[k]!]!;
      for (let f = 0; f < folds; f++) {
        const train = all.filter((k) => fold[e.rows[k]!] !== f);
        const test = all.filter((k) => fold[e.rows[k]!] === f);
        const q = fitHead("logistic", e.rows, e.score, train, xs, domains, spec, l2, epochs, seed);
        logLoss += meanLoss("logistic", test.map((k) => sigmoid(q.apply(x(k), d(k)))), test.map((k) => e.score[k]!)) * test.length;
        nq += test.length;
        const trainL = train.filter((k) => !Number.isNaN(e.logTokens[k]!));
        const testL = test.filter((k) => !Number.isNaN(e.logTokens[k]!));
        if (trainL.length === 0 || testL.length === 0) continue;
        const h = fitHead("squared", e.rows, e.logTokens, trainL, xs, domains, spec, l2, epochs, seed);
        lengthMse += meanLoss("squared", testL.map((k) => h.apply(x(k), d(k))), testL.map((k) => e.logTokens[k]!)) * testL.length;
        nl += testL.length;
      }
    }
    return { l2, logLoss: nq ? logLoss / nq : 0, lengthMse: nl ? lengthMse / nl : 0 };
  });
  const best = (key: "logLoss" | "lengthMse") => (cv.length ? cv.reduce((a, b) => (b[key] < a[key] ? b : a)).l2 : null);
  const l2 = { quality: best("logLoss"), length: best("lengthMse") };

  const inputTokens = records.map((r) => countInputTokens([{ role: "user", content: r.prompt }]));
  const models: ExpertModel[] = experts.map((e) => {
    const all = Array.from(e.rows.keys());
    const withLength = all.filter((k) => !Number.isNaN(e.logTokens[k]!));
    const length = withLength.length > 0 ? fitHead("squared", e.rows, e.logTokens, withLength, xs, domains, spec, l2.length, epochs, seed) : undefined;
    const pricing = fitPricing(
      all.map((k) => {
        const r = records[e.rows[k]!]!;
        const logT = e.logTokens[k]!;
        return { inputTokens: inputTokens[e.rows[k]!]!, outputTokens: Number.isNaN(logT) ? 0 : Math.expm1(logT), costUsd: r.outcomes[e.name]!.costUsd };
      }),
    );
    const model: ExpertModel = {
      name: e.name,
      outcomes: e.rows.length,
      quality: fitHead("logistic", e.rows, e.score, all, xs, domains, spec, l2.quality, epochs, seed).head,
    };
    if (pricing) model.pricing = pricing;
    if (length) model.length = { ...length.head, smear: smearing(length, e, withLength, xs, domains) };
    return model;
  });

  return {
    kind: ARTIFACT_KIND,
    version: ARTIFACT_VERSION,
    createdAt: new Date().toISOString(),
    features: spec,
    experts: models,
    training: { records: records.length, sources: o.sources ?? [], folds, l2, cv, seconds: round((performance.now() - t0) / 1000, 3) },
  };
}

/** The fold of each record: a seeded shuffle dealt round-robin, so folds differ in size by one at most. */
function assignFolds(n: number, folds: number, seed: number): Int32Array {
  const rnd = mulberry32(seed);
  const perm = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [perm[i], perm[j]] = [perm[j]!, perm[i]!];
  }
  const fold = new Int32Array(n);
  perm.forEach((r, k) => (fold[r] = k % Math.max(1, folds)));
  return fold;
}

/** Each expert's rows: the records where it has an outcome (a missing one is left out, never a zero). */
function expertRows(records: readonly TrainingRecord[]): ExpertRows[] {
  const names: string[] = [];
  for (const r of records) for (const [k, v] of Object.entries(r.outcomes)) if (v && !names.includes(k)) names.push(k);
  return names.map((name) => {
    const rows: number[] = [];
    const score: number[] = [];
    const logTokens: number[] = [];
    records.forEach((r, i) => {
      const o = r.outcomes[name];
      if (!o) return;
      rows.push(i);
      score.push(o.score);
      logTokens.push(o.response === undefined ? Number.NaN : Math.log1p(countTokens(o.response, TOKEN_OPTS)));
    });
    return { name, rows: Int32Array.from(rows), score: Float64Array.from(score), logTokens: Float64Array.from(logTokens) };
  });
}

/**
 * One head fitted on the rows `use` (indices into the expert's rows): offsets are the smoothed per-domain
 * means (on the logit scale for quality), then text weights on what the offsets leave unexplained.
 */
function fitHead(
  loss: Loss, rows: Int32Array, target: Float64Array, use: readonly number[], xs: readonly SparseVector[],
  domains: readonly string[], spec: FeatureSpec, l2: number | null, epochs: number, seed: number,
): FittedHead {
  const link = loss === "logistic" ? (p: number) => Math.log(clampP(p) / (1 - clampP(p))) : (m: number) => m;
  let sum = 0;
  const byDomain = new Map<string, { sum: number; n: number }>();
  for (const k of use) {
    const d = domains[rows[k]!]!;
    const s = byDomain.get(d) ?? { sum: 0, n: 0 };
    s.sum += target[k]!;
    s.n++;
    byDomain.set(d, s);
    sum += target[k]!;
  }
  const mean = use.length ? sum / use.length : loss === "logistic" ? 0.5 : 0;
  const offsets: Record<string, number> = {};
  for (const [d, s] of byDomain) offsets[d] = round(link((s.sum + DOMAIN_PRIOR * mean) / (s.n + DOMAIN_PRIOR)), 1e6);
  const head: Head = { global: round(link(mean), 1e6), domains: offsets, weights: { index: [], value: [] } };
  const fitted = (w: Float64Array | null): FittedHead => ({
    head,
    apply: (x, domain) => (head.domains[domain] ?? head.global) + (w ? dot(w, x) : 0),
  });
  if (l2 === null || use.length === 0) return fitted(null);
  const w = fitSparse(
    use.map((k) => xs[rows[k]!]!),
    use.map((k) => target[k]!),
    use.map((k) => offsets[domains[rows[k]!]!]!),
    spec.buckets,
    { loss, l2, epochs, seed },
  );
  // What is saved is what is applied (so cross-validation scores it): the KEEP largest weights, rounded.
  const magnitudes = new Float64Array(w.length);
  let nonZero = 0;
  for (let b = 0; b < w.length; b++) if (w[b] !== 0) magnitudes[nonZero++] = Math.abs(w[b]!);
  const sorted = magnitudes.subarray(0, nonZero).sort();
  const least = nonZero > KEEP ? sorted[nonZero - KEEP]! : 0;
  const pruned = new Float64Array(w.length);
  for (let b = 0; b < w.length; b++) {
    if (w[b] === 0 || Math.abs(w[b]!) < least) continue;
    pruned[b] = Number(w[b]!.toPrecision(5));
    head.weights.index.push(b);
    head.weights.value.push(pruned[b]!);
  }
  return fitted(pruned);
}

/** A fitted head and its raw output for one prompt: the domain's offset (else the global one) plus text weights. */
interface FittedHead {
  head: Head;
  apply(x: SparseVector, domain: string): number;
}

/** Duan's smearing factor: exp of a log-scale prediction is the median; this rescales it to the mean. */
function smearing(head: FittedHead, e: ExpertRows, use: readonly number[], xs: readonly SparseVector[], domains: readonly string[]): number {
  let num = 0, den = 0;
  for (const k of use) {
    const r = e.rows[k]!;
    num += Math.expm1(e.logTokens[k]!);
    den += Math.max(1e-9, Math.expm1(head.apply(xs[r]!, domains[r]!)));
  }
  return den > 0 ? round(num / den, 1e6) : 1;
}

const clampP = (p: number) => Math.min(1 - 1e-4, Math.max(1e-4, p));
const round = (x: number, scale: number) => Math.round(x * scale) / scale;
