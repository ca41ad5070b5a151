// Sparse linear models fitted by SGD: logistic (P(correct)) and squared loss (log output length), with L2.
import type { SparseVector } from "./featurize.js";

export type Loss = "logistic" | "squared";

export interface FitOptions {
  loss: Loss;
  /** L2 strength, applied to the weights a sample touches (the usual sparse-SGD form). */
  l2: number;
  epochs: number;
  /** Seed of the sample order, so a fit is reproducible. */
  seed: number;
}

export const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));

/** w·x over a sparse x. */
export function dot(w: Float64Array, x: SparseVector): number {
  let s = 0;
  for (let k = 0; k < x.idx.length; k++) s += w[x.idx[k]!]! * x.val[k]!;
  return s;
}

/**
 * Fits weights w (dense, length `buckets`) so that offset[i] + w·x[i] predicts target[i]: through a sigmoid
 * for the logistic loss, as is for the squared loss. AdaGrad step sizes keep rare n-grams learning as fast
 * as common ones. The offsets (per expert and domain means) carry what the text cannot, so w starts at 0.
 */
export function fitSparse(xs: readonly SparseVector[], target: ArrayLike<number>, offset: ArrayLike<number>, buckets: number, o: FitOptions): Float64Array {
  const w = new Float64Array(buckets);
  const g2 = new Float64Array(buckets);
  const order = Int32Array.from(xs.keys());
  const rnd = mulberry32(o.seed);
  const eta = 0.5;
  for (let epoch = 0; epoch < o.epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rnd() * (i + 1));
      const t = order[i]!;
      order[i] = order[j]!;
      order[j] = t;
    }
    for (const i of order) {
      const x = xs[i]!;
      const z = offset[i]! + dot(w, x);
      const err = (o.loss === "logistic" ? sigmoid(z) : z) - target[i]!;
      for (let k = 0; k < x.idx.length; k++) {
        const b = x.idx[k]!;
        const g = err * x.val[k]! + o.l2 * w[b]!;
        g2[b] += g * g;
        w[b] -= (eta * g) / Math.sqrt(g2[b]! + 1e-8);
      }
    }
  }
  return w;
}

/** Mean loss of predictions: log-loss (clipped) for logistic, squared error otherwise. */
export function meanLoss(loss: Loss, predicted: ArrayLike<number>, target: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < target.length; i++) {
    const p = predicted[i]!;
    const y = target[i]!;
    if (loss === "logistic") {
      const q = Math.min(1 - 1e-6, Math.max(1e-6, p));
      s -= y * Math.log(q) + (1 - y) * Math.log(1 - q);
    } else s += (p - y) ** 2;
  }
  return target.length ? s / target.length : 0;
}

/** A small deterministic PRNG (mulberry32). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
