// The learned predictor the Router consults: per expert, P(correct) and expected output tokens for one prompt.
import type { RouterArtifact } from "./artifact.js";
import { featurize, type FeatureSpec } from "./featurize.js";
import { sigmoid } from "./linear.js";

/** Per-prompt predictions, indexed like `QualityPredictor.experts`. */
export interface Prediction {
  quality: Float64Array;
  /** NaN where the predictor has no length model for an expert. */
  outputTokens: Float64Array;
}

/** What the Router needs of a predictor (any model may implement it). */
export interface QualityPredictor {
  /** For explanations, e.g. "learned predictor (v1, 2,225 prompts)". */
  readonly name: string;
  /** The experts it knows, by the name in its training data (an expert id or a model name). */
  readonly experts: readonly string[];
  predict(text: string, domain: string): Prediction;
}

/**
 * For each catalog expert, its index among the predictor's experts (matched by id, else by model), or -1 when the
 * predictor does not know it (or there is none).
 */
export function predictorIndex(experts: readonly { id: string; model: string }[], predictor: Pick<QualityPredictor, "experts"> | undefined): Int32Array<ArrayBuffer> {
  const known = new Map((predictor?.experts ?? []).map((name, j) => [name, j]));
  return Int32Array.from(experts, (e) => known.get(e.id) ?? known.get(e.model) ?? -1);
}

/** Predictions kept per (domain, text): the evaluation routes each prompt once per knob of a sweep. */
const MEMO = 4096;

/**
 * The artifact's linear models, ready to score. Weights are regrouped by hash bucket (one map lookup per
 * feature gives every expert's two weights), so a prediction costs about one pass over the prompt's n-grams.
 */
export class LearnedPredictor implements QualityPredictor {
  readonly name: string;
  readonly experts: readonly string[];
  private readonly spec: FeatureSpec;
  /** bucket → [quality weight of expert 0, length weight of expert 0, quality weight of expert 1, …] */
  private readonly weights = new Map<number, Float64Array>();
  private readonly qualityOffset: Map<string, Float64Array>;
  private readonly lengthOffset: Map<string, Float64Array>;
  private readonly qualityGlobal: Float64Array;
  private readonly lengthGlobal: Float64Array;
  private readonly smear: Float64Array;
  private readonly memo = new Map<string, Prediction>();

  /** `label` says where the artifact came from in explanations and the audit trail (e.g. "published #3"). */
  constructor(readonly artifact: RouterArtifact, label?: string) {
    const ex = artifact.experts;
    const n = ex.length;
    this.experts = ex.map((e) => e.name);
    this.spec = artifact.features;
    this.name = `learned predictor (${label ? `${label}; ` : ""}artifact v${artifact.version}, ${artifact.training.records.toLocaleString("en-US")} prompts)`;
    this.qualityGlobal = Float64Array.from(ex, (e) => e.quality.global);
    this.lengthGlobal = Float64Array.from(ex, (e) => e.length?.global ?? Number.NaN);
    this.smear = Float64Array.from(ex, (e) => e.length?.smear ?? 1);
    const offsets = (pick: (i: number) => Record<string, number> | undefined, global: Float64Array) => {
      const byDomain = new Map<string, Float64Array>();
      ex.forEach((_, i) => {
        for (const [d, v] of Object.entries(pick(i) ?? {})) {
          if (!byDomain.has(d)) byDomain.set(d, Float64Array.from(global));
          byDomain.get(d)![i] = v;
        }
      });
      return byDomain;
    };
    this.qualityOffset = offsets((i) => ex[i]!.quality.domains, this.qualityGlobal);
    this.lengthOffset = offsets((i) => ex[i]!.length?.domains, this.lengthGlobal);
    ex.forEach((e, i) => {
      const add = (slot: number, index: readonly number[], value: readonly number[]) => {
        index.forEach((b, k) => {
          let row = this.weights.get(b);
          if (!row) this.weights.set(b, (row = new Float64Array(2 * n)));
          row[2 * i + slot] = value[k]!;
        });
      };
      add(0, e.quality.weights.index, e.quality.weights.value);
      if (e.length) add(1, e.length.weights.index, e.length.weights.value);
    });
  }

  predict(text: string, domain: string): Prediction {
    const key = `${domain}\u0000${text}`;
    const hit = this.memo.get(key);
    if (hit) return hit;
    const n = this.experts.length;
    const zq = Float64Array.from(this.qualityOffset.get(domain) ?? this.qualityGlobal);
    const zl = Float64Array.from(this.lengthOffset.get(domain) ?? this.lengthGlobal);
    const x = featurize(text, this.spec);
    for (let k = 0; k < x.idx.length; k++) {
      const row = this.weights.get(x.idx[k]!);
      if (!row) continue;
      const v = x.val[k]!;
      for (let i = 0; i < n; i++) {
        zq[i] += row[2 * i]! * v;
        zl[i] += row[2 * i + 1]! * v;
      }
    }
    const quality = new Float64Array(n);
    const outputTokens = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      quality[i] = sigmoid(zq[i]!);
      outputTokens[i] = Math.max(1, Math.expm1(zl[i]!) * this.smear[i]!);
    }
    const p = { quality, outputTokens };
    if (this.memo.size >= MEMO) this.memo.delete(this.memo.keys().next().value!);
    this.memo.set(key, p);
    return p;
  }
}
