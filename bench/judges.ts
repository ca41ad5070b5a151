// Benchmark of judge panels on JudgeBench: each judge, the simple majority and the panels on held-back pairs, over several splits.
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { evaluateJudges, type JudgesReport, type ScoreByDomain } from "../src/bench/evaluate-judges.js";
import { hashSplit } from "../src/bench/hash-split.js";
import { loadJudgeVerdicts } from "../src/bench/load-judge-verdicts.js";
import type { PanelMethod } from "../src/judging/panel-select.js";
import type { BenchResult } from "./table.js";

const HERE = dirname(fileURLToPath(import.meta.url));
/** The recorded verdicts, read in place (never copied into the repository). */
const DATA = join(HERE, "../../shared/data/judgebench");
const GPT4O = "gpt-4o-2024-05-13";
const SEEDS = Array.from({ length: 10 }, (_, i) => i + 1);
const DOMAINS = ["knowledge", "reasoning", "math", "coding"];

const pct = (x: number) => Math.round(x * 1000) / 10;
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

/** One competitor's scores in a report. */
type Pick = (r: JudgesReport) => ScoreByDomain;

/**
 * On JudgeBench's GPT-4o pairs (six judges), for seeds 1–10: split 50/50 by hash of pair id, fit on one
 * half, score on the other. Rows: each judge, the simple majority, and the panel by each method and by
 * the cross-validated choice; seed 1 alone, then the mean, min and max, the mean with ties broken by a
 * coin, and the mean per domain.
 */
export async function benchJudges(): Promise<BenchResult> {
  if (!existsSync(DATA)) return { name: "judges", rows: [], summary: `skipped: no JudgeBench data at ${DATA} (see ../shared/data/README.md)` };
  const { records } = loadJudgeVerdicts([DATA], { responseModel: GPT4O });
  const methods: PanelMethod[] = ["auto", "log-odds", "logistic"];
  const runs = SEEDS.map((seed) => {
    const { train, test } = hashSplit(records, 0.5, seed);
    return Object.fromEntries(methods.map((m) => [m, evaluateJudges(train, test, { method: m })])) as Record<PanelMethod, JudgesReport>;
  });
  const judges = Object.keys(runs[0]!.auto.judges);
  const picks: [string, Pick][] = [
    ...judges.map((j): [string, Pick] => [`judge ${j}`, (r) => r.judges[j]!]),
    ["simple majority", (r) => r.majority],
    ["panel log-odds (Nitzan–Paroush)", (r) => r.panel],
    ["panel logistic stacker", (r) => r.panel],
    ["panel auto (CV on train)", (r) => r.panel],
  ];
  const reportFor = (name: string, run: Record<PanelMethod, JudgesReport>) => (name.startsWith("panel log-odds") ? run["log-odds"] : name.startsWith("panel logistic") ? run.logistic : run.auto);
  const rows = picks.map(([name, pick]) => {
    const scores = runs.map((run) => pick(reportFor(name, run)));
    const all = scores.map((s) => s.accuracy);
    const row: Record<string, string | number> = {
      "": name, "seed 1 %": pct(all[0]!), "mean %": pct(mean(all)), "min %": pct(Math.min(...all)), "max %": pct(Math.max(...all)),
      "ties": Math.round(mean(scores.map((s) => s.ties))), "tie→coin %": pct(mean(scores.map((s) => s.coinFlipTies))),
    };
    for (const d of DOMAINS) row[`${d} %`] = pct(mean(scores.map((s) => s.byDomain[d]!.accuracy)));
    return row;
  });
  const panelMeans = runs.map((r) => r.auto.panel.accuracy);
  const majorityMeans = runs.map((r) => r.auto.majority.accuracy);
  const bestJudge = judges.map((j) => [j, mean(runs.map((r) => r.auto.judges[j]!.accuracy))] as const).sort((a, b) => b[1] - a[1])[0]!;
  const wins = runs.filter((r) => judges.every((j) => r.auto.panel.accuracy > r.auto.judges[j]!.accuracy)).length;
  const coin = mean(runs.map((r) => r.auto.judges[bestJudge[0]]!.coinFlipTies));
  const coinWins = runs.filter((r) => r.auto.panel.accuracy > r.auto.judges[bestJudge[0]]!.coinFlipTies).length;
  const chosen = runs.map((r) => r.auto.panel.method);
  const summary =
    `JudgeBench GPT-4o pairs (350, six judges), 10 splits 50/50 by hash of pair id (seeds 1–10), fitted on train, scored on test: ` +
    `panel (auto) ${pct(mean(panelMeans))}% mean vs simple majority ${pct(mean(majorityMeans))}% (panel ahead on ${runs.filter((r) => r.auto.panel.accuracy > r.auto.majority.accuracy).length}/10 splits) ` +
    `and the best single judge ${bestJudge[0]} ${pct(bestJudge[1])}% (panel ahead of every judge on ${wins}/10 splits); ` +
    `but ${bestJudge[0]} with its ties broken by a coin scores ${pct(coin)}% (panel ahead on ${coinWins}/10 splits). ` +
    `Cross-validation chose logistic on ${chosen.filter((m) => m === "logistic").length}/10 splits.`;
  return { name: "judges", rows, summary };
}
