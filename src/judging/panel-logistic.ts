// Fits a panel by L2-regularised logistic regression on the judges' votes: a stacker that also learns how judges overlap.
import { Panel, voteSign, type LabelledPair, type PanelRule } from "./panel.js";

export interface LogisticOptions {
  /** L2 penalty on every coefficient but the overall intercept. Default 5. */
  l2?: number;
}

/**
 * The features of a pair, as (index, value) entries: the overall intercept, its domain's intercept, and
 * for each judge that voted its vote's sign twice, once shared by all domains and once for its domain.
 * The penalty pulls the per-domain parts toward 0, so a domain with few pairs keeps the shared weight
 * (the same fallback as the log-odds panel's shrinkage, learnt jointly).
 */
function features(p: LabelledPair, domains: Map<string, number>, judges: Map<string, number>): [number, number][] {
  const D = domains.size;
  const d = domains.get(p.domain);
  const x: [number, number][] = [[0, 1]];
  if (d !== undefined) x.push([1 + d, 1]);
  for (const [judge, vote] of Object.entries(p.verdicts)) {
    const j = judges.get(judge);
    const s = voteSign(vote);
    if (j === undefined || s === 0) continue;
    const base = 1 + D + j * (1 + D);
    x.push([base, s]);
    if (d !== undefined) x.push([base + 1 + d, s]);
  }
  return x;
}

/** Solves H·x = g for a symmetric positive definite H (Cholesky); H is overwritten. */
function solveSpd(H: number[][], g: number[]): number[] {
  const n = g.length;
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < i; k++) H[i]![i]! -= H[i]![k]! ** 2;
    const diag = Math.sqrt(Math.max(H[i]![i]!, 1e-12));
    H[i]![i] = diag;
    for (let j = i + 1; j < n; j++) {
      let s = H[j]![i]!;
      for (let k = 0; k < i; k++) s -= H[j]![k]! * H[i]![k]!;
      H[j]![i] = s / diag;
    }
  }
  const y = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    let s = g[i]!;
    for (let k = 0; k < i; k++) s -= H[i]![k]! * y[k]!;
    y[i] = s / H[i]![i]!;
  }
  const x = new Array<number>(n);
  for (let i = n - 1; i >= 0; i--) {
    let s = y[i]!;
    for (let k = i + 1; k < n; k++) s -= H[k]![i]! * x[k]!;
    x[i] = s / H[i]![i]!;
  }
  return x;
}

/** Newton's method (IRLS) on the penalised log-likelihood; converges in a handful of steps. */
function fitCoefficients(xs: [number, number][][], ys: number[], size: number, l2: number): number[] {
  const beta = new Array<number>(size).fill(0);
  for (let iter = 0; iter < 50; iter++) {
    const H = Array.from({ length: size }, () => new Array<number>(size).fill(0));
    const g = new Array<number>(size).fill(0);
    for (let i = 1; i < size; i++) {
      H[i]![i] = l2;
      g[i] = l2 * beta[i]!;
    }
    H[0]![0] = 1e-9;
    xs.forEach((x, n) => {
      const z = x.reduce((s, [i, v]) => s + beta[i]! * v, 0);
      const p = 1 / (1 + Math.exp(-z));
      const w = p * (1 - p);
      for (const [i, vi] of x) {
        g[i]! += (p - ys[n]!) * vi;
        for (const [j, vj] of x) H[i]![j]! += w * vi * vj;
      }
    });
    const step = solveSpd(H, g);
    let largest = 0;
    step.forEach((s, i) => {
      beta[i]! -= s;
      largest = Math.max(largest, Math.abs(s));
    });
    if (largest < 1e-9) break;
  }
  return beta;
}

/**
 * Fits the stacker on pairs labelled A or B (a tie label says nothing about which side to take). A
 * judge's weight in a domain is its shared coefficient plus its domain's; weights may be negative where
 * a judge mostly repeats others (the stacker discounts what it learns twice), so the reasons show them.
 */
export function fitLogisticPanel(pairs: readonly LabelledPair[], options: LogisticOptions = {}): Panel {
  const l2 = options.l2 ?? 5;
  const fittedOn: Record<string, number> = {};
  for (const p of pairs) fittedOn[p.domain] = (fittedOn[p.domain] ?? 0) + 1;
  const domains = new Map(Object.keys(fittedOn).map((d, i) => [d, i]));
  const judges = new Map<string, number>();
  for (const p of pairs) for (const j of Object.keys(p.verdicts)) if (!judges.has(j)) judges.set(j, judges.size);
  const decided = pairs.filter((p) => p.label !== "tie");
  const D = domains.size;
  const size = 1 + D + judges.size * (1 + D);
  const beta = fitCoefficients(decided.map((p) => features(p, domains, judges)), decided.map((p) => (p.label === "A" ? 1 : 0)), size, l2);
  const shared = (j: number) => beta[1 + D + j * (1 + D)]!;
  const fallback: PanelRule = { bias: beta[0]!, weights: Object.fromEntries([...judges].map(([name, j]) => [name, shared(j)])) };
  const rules: Record<string, PanelRule> = {};
  for (const [domain, d] of domains) {
    rules[domain] = {
      bias: beta[0]! + beta[1 + d]!,
      weights: Object.fromEntries([...judges].map(([name, j]) => [name, shared(j) + beta[1 + D + j * (1 + D) + 1 + d]!])),
    };
  }
  return new Panel({ version: 1, method: "logistic", params: { l2 }, fallback, domains: rules, fittedOn });
}
