// The text form of a routing evaluation, as `eo eval routing` prints it without --json.
import type { CurveMetrics, EvalReport } from "./evaluate.js";

const pct = (x: number | null) => (x === null ? "never" : `${(x * 100).toFixed(1)}%`);
const usd = (x: number | null) => (x === null ? "—" : `$${x.toFixed(x < 1 ? 4 : 2)}`);
const q3 = (x: number | null) => (x === null ? "—" : x.toFixed(3));
const yes = (b: boolean) => (b ? "met" : "NOT met");

/** One row of the table: a name, an optional single point, and the curve's metrics when it has them. */
function row(name: string, point: { quality: number; costUsd: number } | null, m: CurveMetrics | null): string {
  const cells = [
    name.padEnd(44),
    (point ? q3(point.quality) : "").padStart(7),
    (point ? usd(point.costUsd) : "").padStart(9),
    (m ? m.aiq.toFixed(4) : "").padStart(7),
    (m ? pct(m.reference.costTo95Ratio) : "").padStart(9),
    (m ? pct(m.reference.costToMatchRatio) : "").padStart(9),
    (m ? q3(m.reference.qualityAtItsCost) : "").padStart(9),
    (m ? usd(m.best.costToMatch) : "").padStart(10),
  ];
  return cells.join(" ").trimEnd();
}

export function formatReport(r: EvalReport): string {
  const ref = r.reference;
  const lines: string[] = [];
  lines.push(`Routing evaluation: trained on ${r.train.records} prompts, tested on ${r.test.records} prompts; domains ${r.domains === "data" ? "as the data labels them" : "read by the router's classifier"}.`);
  lines.push(`Reference expert ${ref.expert}: quality ${q3(ref.quality)} for ${usd(ref.costUsd)}; best single expert ${r.best.expert}: ${q3(r.best.quality)} for ${usd(r.best.costUsd)}.`);
  lines.push(`AIQ is the mean height of each curve's non-decreasing convex hull over the single experts' cost range ${usd(r.aiqRange.fromUsd)} … ${usd(r.aiqRange.toUsd)}.`);
  const missing = Object.entries(r.test.missingOutcomes);
  if (missing.length) lines.push(`Missing outcomes (left out, not zeros): ${missing.map(([e, n]) => `${e} ${n}`).join(", ")}.`);
  lines.push("");
  lines.push(`${"".padEnd(44)} ${"quality".padStart(7)} ${"cost".padStart(9)} ${"AIQ".padStart(7)} ${"→95% ref".padStart(9)} ${"→ref".padStart(9)} ${"q@ref $".padStart(9)} ${"$→best".padStart(10)}`);
  const experts = Object.entries(r.experts).sort((a, b) => a[1].costUsd - b[1].costUsd);
  for (const [id, e] of experts) lines.push(row(`expert ${id}${e.n < r.test.records ? ` (n=${e.n})` : ""}`, e, null));
  lines.push(row("oracle", r.oracle, null));
  lines.push(row("zero router (hull of single experts)", null, r.zeroRouter));
  lines.push(row("random (best or cheapest, p swept)", null, r.random));
  for (const s of r.strategies) lines.push(row(`${s.name} (${s.points.length} point${s.points.length > 1 ? "s" : ""})`, s.points.length === 1 ? s.points[0]! : null, s));
  lines.push(row("eo router (all strategies)", null, r.router));
  lines.push("");
  lines.push("→95% ref / →ref: least cost, as a share of the reference's cost, at which the curve reaches 95% of / all of its quality;");
  lines.push("q@ref $: the curve's quality at the reference's cost; $→best: least cost reaching the best single expert's quality.");
  const t = r.twoExpert;
  if (t) {
    const reach = t.reach.map((x) => `${(x.pgr * 100).toFixed(0)}% PGR at ${x.strongShare === null ? "never" : `${(x.strongShare * 100).toFixed(1)}% strong calls (${usd(x.costUsd)})`}`);
    lines.push("");
    lines.push(`Two-expert pool (RouteLLM): strong ${t.strong} (${q3(t.strongQuality)}), weak ${t.weak} (${q3(t.weakQuality)}): APGR ${t.apgr.toFixed(3)} (random 0.5); ${reach.join("; ")}.`);
  }
  lines.push("");
  lines.push(
    `Targets against ${ref.expert}: 95% of its quality at ≤ 50% of its cost: ${yes(r.targets.q95AtHalfCost)}; at ≤ 25%: ${yes(r.targets.q95AtQuarterCost)}; ` +
      `its quality at ≤ 60%: ${yes(r.targets.q100At60PercentCost)}; AIQ above the zero router's: ${yes(r.targets.aiqAboveZeroRouter)} (${r.router.aiq.toFixed(4)} vs ${r.zeroRouter.aiq.toFixed(4)}).`,
  );
  lines.push(`Predictor: ${r.predictor.experts} experts; L2 by ${r.predictor.folds}-fold cross-validation on the train set: quality ${r.predictor.l2.quality ?? "offsets only"}, length ${r.predictor.l2.length ?? "offsets only"}. Time: train ${r.seconds.train.toFixed(1)} s, evaluate ${r.seconds.evaluate.toFixed(1)} s.`);
  return lines.join("\n");
}
