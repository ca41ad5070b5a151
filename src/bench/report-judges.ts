// The text form of a judge evaluation, as `eo eval judges` prints it without --json.
import type { JudgesReport, ScoreByDomain } from "./evaluate-judges.js";

const pct = (x: number) => (Number.isNaN(x) ? "—" : `${(x * 100).toFixed(1)}%`);
const cell = (s: { accuracy: number; n: number } | undefined) => (s ? `${pct(s.accuracy)} (${s.n})` : "");

export function formatJudgesReport(r: JudgesReport, note = ""): string {
  const domains = Object.keys(r.test.domains).sort();
  const width = Math.max(24, ...Object.keys(r.judges).map((j) => `judge ${j}`.length + 1));
  const row = (name: string, s: ScoreByDomain) =>
    [name.padEnd(width), cell(s).padStart(14), String(s.ties).padStart(5), pct(s.coinFlipTies).padStart(9), ...domains.map((d) => cell(s.byDomain[d]).padStart(14))].join(" ");
  const lines: string[] = [];
  lines.push(`Judge evaluation: panel fitted on ${r.train.pairs} labelled pairs, scored on ${r.test.pairs} held-back pairs.${note}`);
  lines.push("Accuracy (pairs); a tie verdict counts as wrong (JudgeBench's convention), tie→coin is the expected accuracy had");
  lines.push("each tie been broken by a fair coin; each judge over the pairs it judged.");
  lines.push("");
  lines.push(["".padEnd(width), "overall".padStart(14), "ties".padStart(5), "tie→coin".padStart(9), ...domains.map((d) => d.padStart(14))].join(" "));
  for (const [j, s] of Object.entries(r.judges)) lines.push(row(`judge ${j}`, s));
  lines.push(row("simple majority", r.majority));
  lines.push(row(`panel (${r.panel.method})`, r.panel));
  lines.push("");
  const gain = r.panel.accuracy - r.majority.accuracy;
  lines.push(`Panel vs simple majority: ${gain >= 0 ? "+" : ""}${(gain * 100).toFixed(1)} points (${pct(r.majority.coinFlipTies)} with the majority's ${r.majority.ties} ties broken by a coin).`);
  if (r.best) {
    const d = r.best.panelOnSame - r.best.accuracy;
    const coin = r.judges[r.best.judge]!.coinFlipTies;
    lines.push(`Best single judge: ${r.best.judge} at ${pct(r.best.accuracy)} on its ${r.best.n} pairs (${pct(coin)} with its ties broken by a coin); the panel on the same pairs: ${pct(r.best.panelOnSame)} (${d >= 0 ? "+" : ""}${(d * 100).toFixed(1)} points)${d < 0 ? " — the best judge alone beats the panel" : ""}.`);
  }
  const behind = Object.entries(r.judges).filter(([, s]) => s.panelOnSame < s.accuracy).map(([j]) => j);
  lines.push(behind.length ? `Judges that beat the panel on their own pairs: ${behind.join(", ")}.` : "The panel beats every member on the pairs that member judged.");
  const behindCoin = Object.entries(r.judges).filter(([, s]) => s.panelOnSame < s.coinFlipTies).map(([j]) => j);
  if (behindCoin.length > behind.length) lines.push(`With their ties broken by a coin, these beat the panel on their own pairs: ${behindCoin.join(", ")}.`);
  if (r.panel.candidates.length) {
    const chosen = `${r.panel.method} ${JSON.stringify(r.panel.params)}`;
    lines.push(`Method chosen by ${r.panel.folds}-fold cross-validation on the train pairs only: ${chosen}; candidates: ${r.panel.candidates.map((c) => `${c.method} ${JSON.stringify(c.params)} ${pct(c.cvAccuracy)}`).join(", ")}.`);
  } else lines.push(`Panel given (${r.panel.method} ${JSON.stringify(r.panel.params)}), not fitted here.`);
  lines.push("");
  const m = r.panel.model;
  const ruleDomains = Object.keys(m.domains).sort();
  lines.push("Fitted weights (log-odds per vote; the prior is the log-odds that answer A is better):");
  lines.push(["".padEnd(width), ...ruleDomains.map((d) => d.padStart(11)), "(other)".padStart(11)].join(" "));
  const w = (x: number | undefined) => (x === undefined ? "" : x.toFixed(2)).padStart(11);
  for (const j of Object.keys(m.fallback.weights).sort()) lines.push([j.padEnd(width), ...ruleDomains.map((d) => w(m.domains[d]!.weights[j])), w(m.fallback.weights[j])].join(" "));
  lines.push(["prior".padEnd(width), ...ruleDomains.map((d) => w(m.domains[d]!.bias)), w(m.fallback.bias)].join(" "));
  lines.push(`Time: fit ${r.seconds.fit.toFixed(2)} s, evaluate ${r.seconds.evaluate.toFixed(2)} s.`);
  return lines.join("\n");
}
