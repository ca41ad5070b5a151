// Chooses how to fit a panel by cross-validation on the training pairs only, then fits the choice on all of them.
import type { Panel, LabelledPair } from "./panel.js";
import { fitLogisticPanel } from "./panel-logistic.js";
import { fitLogOddsPanel } from "./panel-logodds.js";

/** A way to fit a panel: a method and its hyperparameters. */
export interface PanelCandidate {
  method: "log-odds" | "logistic";
  params: Record<string, number>;
  fit(pairs: readonly LabelledPair[]): Panel;
}

const logOdds = (shrink: number): PanelCandidate => ({ method: "log-odds", params: { shrink }, fit: (p) => fitLogOddsPanel(p, { shrink }) });
const logistic = (l2: number): PanelCandidate => ({ method: "logistic", params: { l2 }, fit: (p) => fitLogisticPanel(p, { l2 }) });

/** The candidates, simplest first: on equal cross-validated accuracy the earlier one wins. */
export const PANEL_CANDIDATES: Record<"log-odds" | "logistic", PanelCandidate[]> = {
  "log-odds": [2, 10, 30].map(logOdds),
  logistic: [1, 5, 20].map(logistic),
};

export type PanelMethod = "auto" | keyof typeof PANEL_CANDIDATES;

export interface CandidateScore {
  method: string;
  params: Record<string, number>;
  /** Mean accuracy on the held-out folds of the training pairs. */
  cvAccuracy: number;
}

export interface FittedPanel {
  panel: Panel;
  folds: number;
  /** Every candidate's cross-validated accuracy, in candidate order; the chosen one is `panel`'s. */
  candidates: CandidateScore[];
}

/** Share of pairs whose verdict the panel gets right (a tie verdict is right only on a tie label). */
export function panelAccuracy(panel: Panel, pairs: readonly LabelledPair[]): number {
  if (pairs.length === 0) return Number.NaN;
  return pairs.filter((p) => panel.decide(p.domain, p.verdicts).verdict === p.label).length / pairs.length;
}

/**
 * Fits a panel on `train`: each candidate of `method` ("auto": all) is scored by k-fold cross-validation
 * on `train` (fold = position mod k, so each fold holds a slice of every stretch of the input), the best
 * is refitted on all of `train`. Nothing outside `train` is looked at.
 */
export function fitPanel(train: readonly LabelledPair[], method: PanelMethod = "auto", folds = 5): FittedPanel {
  const candidates = method === "auto" ? [...PANEL_CANDIDATES["log-odds"], ...PANEL_CANDIDATES.logistic] : PANEL_CANDIDATES[method];
  const k = Math.max(2, Math.min(folds, train.length));
  const scores = candidates.map((c) => {
    let right = 0;
    for (let f = 0; f < k; f++) {
      const fitOn = train.filter((_, i) => i % k !== f);
      const held = train.filter((_, i) => i % k === f);
      if (held.length) right += panelAccuracy(c.fit(fitOn), held) * held.length;
    }
    return { method: c.method, params: c.params, cvAccuracy: train.length ? right / train.length : Number.NaN };
  });
  let best = 0;
  scores.forEach((s, i) => {
    if (s.cvAccuracy > scores[best]!.cvAccuracy + 1e-12) best = i;
  });
  return { panel: candidates[best]!.fit(train), folds: k, candidates: scores };
}
