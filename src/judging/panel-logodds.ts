// Fits a panel by Nitzan–Paroush weighted majority: each judge's weight is the log-odds of its measured accuracy.
import { Panel, type LabelledPair, type PanelRule } from "./panel.js";

/**
 * How a judge did on labelled pairs when it decided (voted A or B on a pair labelled A or B): `right`
 * and `wrong`. Its ties are abstentions, counted apart: a judge that often declines but is right when
 * it decides deserves a large weight on the votes it does cast.
 */
interface Tally {
  right: number;
  wrong: number;
  abstained: number;
}

const tally = (): Tally => ({ right: 0, wrong: 0, abstained: 0 });

export interface LogOddsOptions {
  /**
   * Strength, in pairs, of the prior that pulls a judge's accuracy in a domain toward its overall accuracy
   * (and a domain's share of A labels toward the overall share): with few pairs in a domain the overall
   * figure decides, with many the domain's own. Default 10.
   */
  shrink?: number;
}

/** Accuracy with a Beta prior of mean `mean` and strength `strength`: (right + s·m) / (decided + s). */
const smoothed = (t: Tally, mean: number, strength: number) => (t.right + strength * mean) / (t.right + t.wrong + strength);

const logit = (p: number) => Math.log(p / (1 - p));

/**
 * The weight of a judge right with probability p when it votes: log(p / (1 − p)), the optimal weight for
 * independent voters (Nitzan & Paroush 1982). A judge at or below chance gets 0, not a negative weight:
 * inverting it would bet on it staying wrong, and on labelled judge data a below-chance estimate is
 * mostly noise around 0.5 (or a judge whose errors are ties, which already abstain).
 */
export const judgeWeight = (p: number) => Math.max(0, logit(p));

/**
 * Fits per-domain weights and priors. Overall accuracy per judge: Beta(1, 1)-smoothed; per domain:
 * shrunk toward the overall one. The bias is the log-odds of a pair's label being A (a domain's share
 * shrunk toward the overall share), which also decides when the judges' votes cancel out.
 */
export function fitLogOddsPanel(pairs: readonly LabelledPair[], options: LogOddsOptions = {}): Panel {
  const shrink = options.shrink ?? 10;
  const overall = new Map<string, Tally>();
  const byDomain = new Map<string, Map<string, Tally>>();
  const labels = { all: { a: 0, n: 0 }, byDomain: new Map<string, { a: number; n: number }>() };
  const fittedOn: Record<string, number> = {};
  for (const p of pairs) {
    fittedOn[p.domain] = (fittedOn[p.domain] ?? 0) + 1;
    if (!byDomain.has(p.domain)) byDomain.set(p.domain, new Map());
    if (!labels.byDomain.has(p.domain)) labels.byDomain.set(p.domain, { a: 0, n: 0 });
    if (p.label === "tie") continue; // neither answer is better: says nothing about who is right
    for (const l of [labels.all, labels.byDomain.get(p.domain)!]) {
      l.n++;
      if (p.label === "A") l.a++;
    }
    for (const [judge, vote] of Object.entries(p.verdicts)) {
      if (!overall.has(judge)) overall.set(judge, tally());
      const d = byDomain.get(p.domain)!;
      if (!d.has(judge)) d.set(judge, tally());
      for (const t of [overall.get(judge)!, d.get(judge)!]) {
        if (vote === "tie") t.abstained++;
        else if (vote === p.label) t.right++;
        else t.wrong++;
      }
    }
  }
  const shareA = (labels.all.a + 1) / (labels.all.n + 2);
  const accuracy = new Map([...overall].map(([j, t]) => [j, smoothed(t, 0.5, 2)]));
  const fallback: PanelRule = { bias: logit(shareA), weights: Object.fromEntries([...accuracy].map(([j, p]) => [j, judgeWeight(p)])) };
  const domains: Record<string, PanelRule> = {};
  for (const [domain, judges] of byDomain) {
    const l = labels.byDomain.get(domain)!;
    const weights: Record<string, number> = {};
    // A judge never seen in this domain keeps its overall weight: the prior with no data.
    for (const [j, p] of accuracy) weights[j] = judgeWeight(smoothed(judges.get(j) ?? tally(), p, shrink));
    domains[domain] = { bias: logit((l.a + shrink * shareA) / (l.n + shrink)), weights };
  }
  return new Panel({ version: 1, method: "log-odds", params: { shrink }, fallback, domains, fittedOn });
}
