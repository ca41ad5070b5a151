// The baselines of a routing evaluation: each single expert, the oracle, random routing, the zero router.
import { mulberry32 } from "../routing/predictor/linear.js";
import type { TestPrompt } from "./pool.js";

export interface CurvePoint {
  costUsd: number;
  quality: number;
  /** The knob setting that gave it, e.g. "λ=100" or "p=0.3". */
  knob?: string;
}

export interface SingleExpert {
  quality: number;
  /** Total over all N test prompts: its mean recorded cost × N, so experts with missing outcomes compare fairly. */
  costUsd: number;
  /** Prompts with a recorded outcome (the mean is over these; missing outcomes are not zeros). */
  n: number;
}

/** Each expert's mean quality over the prompts it has an outcome for, and its cost scaled to all prompts. */
export function singleExperts(prompts: readonly TestPrompt[], experts: readonly string[]): Record<string, SingleExpert> {
  const out: Record<string, SingleExpert> = {};
  for (const e of experts) {
    let n = 0, q = 0, c = 0;
    for (const p of prompts) {
      const o = p.outcome(e);
      if (!o) continue;
      n++;
      q += o.score;
      c += o.costUsd;
    }
    if (n > 0) out[e] = { quality: q / n, costUsd: (c / n) * prompts.length, n };
  }
  return out;
}

/** The oracle: for each prompt, the cheapest expert with the best recorded score. */
export function oracle(prompts: readonly TestPrompt[]): CurvePoint {
  let q = 0, c = 0;
  for (const p of prompts) {
    let best: { score: number; costUsd: number } | undefined;
    for (const e of p.available) {
      const o = p.outcome(e)!;
      if (!best || o.score > best.score || (o.score === best.score && o.costUsd < best.costUsd)) best = o;
    }
    q += best?.score ?? 0;
    c += best?.costUsd ?? 0;
  }
  return { quality: q / Math.max(1, prompts.length), costUsd: c };
}

/**
 * The random router at matched cost (RouteLLM's baseline): each prompt goes to the best single expert with
 * probability p, else to the cheapest one, for p = 0, 0.1, …, 1 (seeded, so the figures are realised, not
 * expected). A prompt lacking the drawn expert's outcome goes to the other one.
 */
export function randomCurve(prompts: readonly TestPrompt[], cheap: string, best: string, seed = 7): CurvePoint[] {
  const points: CurvePoint[] = [];
  for (let k = 0; k <= 10; k++) {
    const p = k / 10;
    const rnd = mulberry32(seed + k);
    let q = 0, c = 0, n = 0;
    for (const t of prompts) {
      const first = rnd() < p ? best : cheap;
      const o = t.outcome(first) ?? t.outcome(first === best ? cheap : best);
      if (!o) continue;
      n++;
      q += o.score;
      c += o.costUsd;
    }
    points.push({ quality: q / Math.max(1, n), costUsd: c, knob: `p=${p.toFixed(1)}` });
  }
  return points;
}
