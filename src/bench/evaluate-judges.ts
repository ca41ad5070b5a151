// Judge evaluation (`eo eval judges`): fit a panel on train pairs, then score each judge, the simple majority and the panel on test pairs.
import { majorityVerdict } from "../judging/majority.js";
import type { Panel, PairVerdict, PanelModel } from "../judging/panel.js";
import { fitPanel, type CandidateScore, type PanelMethod } from "../judging/panel-select.js";
import { judgesOf, type JudgeVerdictRecord } from "./judge-verdicts.js";

/**
 * Accuracy and the number of pairs it is over. `ties` counts the tie verdicts, wrong unless the label is a
 * tie (JudgeBench's convention); `coinFlipTies` is the expected accuracy had each tie on a decided pair
 * been broken by a fair coin instead: the fairer figure for a judge or majority that often declines.
 */
export interface Score {
  accuracy: number;
  n: number;
  ties: number;
  coinFlipTies: number;
}

export interface ScoreByDomain extends Score {
  byDomain: Record<string, Score>;
}

export interface JudgesReport {
  train: { pairs: number; domains: Record<string, number> };
  test: { pairs: number; domains: Record<string, number> };
  /** Each judge on the test pairs it judged; `panelOnSame` is the panel's accuracy on those same pairs. */
  judges: Record<string, ScoreByDomain & { panelOnSame: number }>;
  majority: ScoreByDomain;
  panel: ScoreByDomain & { method: string; params: Record<string, number>; folds: number; candidates: CandidateScore[]; model: PanelModel };
  /** The best judge on the test pairs (by accuracy on the pairs it judged), and how the panel compares. */
  best: { judge: string; accuracy: number; n: number; panelOnSame: number } | null;
  seconds: { fit: number; evaluate: number };
}

interface Counts {
  right: number;
  n: number;
  ties: number;
  /** Tie verdicts on pairs labelled A or B: a coin would get half of them right. */
  undecided: number;
}

/** Tallies verdicts against labels, overall and per domain. */
class Tally {
  private all: Counts = { right: 0, n: 0, ties: 0, undecided: 0 };
  private domains = new Map<string, Counts>();

  add(domain: string, verdict: PairVerdict, label: PairVerdict) {
    if (!this.domains.has(domain)) this.domains.set(domain, { right: 0, n: 0, ties: 0, undecided: 0 });
    for (const t of [this.all, this.domains.get(domain)!]) {
      t.n++;
      if (verdict === label) t.right++;
      if (verdict === "tie") t.ties++;
      if (verdict === "tie" && label !== "tie") t.undecided++;
    }
  }

  score(): ScoreByDomain {
    const s = (t: Counts): Score => ({ accuracy: t.n ? t.right / t.n : Number.NaN, n: t.n, ties: t.ties, coinFlipTies: t.n ? (t.right + t.undecided / 2) / t.n : Number.NaN });
    return { ...s(this.all), byDomain: Object.fromEntries([...this.domains].sort(([a], [b]) => a.localeCompare(b)).map(([d, t]) => [d, s(t)])) };
  }
}

const countDomains = (records: readonly JudgeVerdictRecord[]) => {
  const out: Record<string, number> = {};
  for (const r of records) out[r.domain] = (out[r.domain] ?? 0) + 1;
  return out;
};

/**
 * Fits the panel on `train` (cross-validated choice of method on `train` only), or uses `panel` when given,
 * and scores on `test`: each judge on the pairs it judged, the simple majority and the panel on every pair.
 */
export function evaluateJudges(train: readonly JudgeVerdictRecord[], test: readonly JudgeVerdictRecord[], options: { method?: PanelMethod; panel?: Panel } = {}): JudgesReport {
  const t0 = performance.now();
  const fitted = options.panel ? { panel: options.panel, folds: 0, candidates: [] } : fitPanel(train, options.method ?? "auto");
  const t1 = performance.now();
  const panel = fitted.panel;
  const judgeTallies = new Map(judgesOf(test).map((j) => [j, { own: new Tally(), panel: new Tally() }]));
  const majority = new Tally();
  const panelTally = new Tally();
  for (const r of test) {
    const decided = panel.decide(r.domain, r.verdicts).verdict;
    panelTally.add(r.domain, decided, r.label);
    majority.add(r.domain, majorityVerdict(r.verdicts), r.label);
    for (const [j, v] of Object.entries(r.verdicts)) {
      const t = judgeTallies.get(j)!;
      t.own.add(r.domain, v, r.label);
      t.panel.add(r.domain, decided, r.label);
    }
  }
  const judges = Object.fromEntries([...judgeTallies].sort(([a], [b]) => a.localeCompare(b)).map(([j, t]) => [j, { ...t.own.score(), panelOnSame: t.panel.score().accuracy }]));
  let best: JudgesReport["best"] = null;
  for (const [judge, s] of Object.entries(judges)) if (!best || s.accuracy > best.accuracy) best = { judge, accuracy: s.accuracy, n: s.n, panelOnSame: s.panelOnSame };
  const model = panel.toJSON();
  return {
    train: { pairs: train.length, domains: countDomains(train) },
    test: { pairs: test.length, domains: countDomains(test) },
    judges,
    majority: majority.score(),
    panel: { ...panelTally.score(), method: model.method, params: model.params, folds: fitted.folds, candidates: fitted.candidates, model },
    best,
    seconds: { fit: (t1 - t0) / 1000, evaluate: (performance.now() - t1) / 1000 },
  };
}
