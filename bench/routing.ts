// Benchmark of routing quality on RouterBench (ARC, MBPP, Winogrande, and pooled): `eo eval routing`'s figures as a table.
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { evaluateRouting } from "../src/bench/evaluate.js";
import { loadOutcomes } from "../src/bench/load-outcomes.js";
import { plotSvg } from "../src/bench/plot.js";
import type { BenchResult } from "./table.js";

const HERE = dirname(fileURLToPath(import.meta.url));
/** The recorded outcomes, read in place (never copied into the repository). */
const DATA = join(HERE, "../../shared/data/routerbench");
const TASKS = ["arc_challenge", "mbpp", "winograde"];
const SETS: { name: string; tasks: string[] }[] = [...TASKS.map((t) => ({ name: t, tasks: [t] })), { name: "pooled", tasks: TASKS }];

const pct = (x: number | null) => (x === null ? "never" : `${(x * 100).toFixed(1)}%`);
const r3 = (x: number | null) => (x === null ? "—" : Math.round(x * 1000) / 1000);

/** Per set: train on its train split(s), evaluate on its test split(s); plots go to bench/results/routing-<set>.svg. */
export async function benchRouting(): Promise<BenchResult> {
  if (!existsSync(join(DATA, "arc_challenge_test.csv"))) {
    return { name: "routing", rows: [], summary: `skipped: no RouterBench data at ${DATA} (see ../shared/data/README.md)` };
  }
  const rows: Record<string, string | number>[] = [];
  const verdicts: string[] = [];
  mkdirSync(join(HERE, "results"), { recursive: true });
  for (const set of SETS) {
    const files = (split: string) => set.tasks.map((t) => join(DATA, `${t}_${split}.csv`));
    const t0 = performance.now();
    const r = evaluateRouting(loadOutcomes(files("train")), loadOutcomes(files("test")));
    const seconds = Math.round((performance.now() - t0) / 100) / 10;
    writeFileSync(join(HERE, "results", `routing-${set.name}.svg`), plotSvg(r, `RouterBench ${set.name}: quality vs cost (trained on train, tested on test)`));
    const ref = r.reference;
    const cascade = r.strategies.find((s) => s.name === "cascade")!;
    rows.push({
      set: set.name,
      "test prompts": r.test.records,
      "gpt-4 quality": r3(ref.quality),
      "gpt-4 $": r3(ref.costUsd),
      "oracle quality": r3(r.oracle.quality),
      "oracle $": r3(r.oracle.costUsd),
      "AIQ eo router": r3(r.router.aiq),
      "AIQ cascade": r3(cascade.aiq),
      "AIQ zero router": r3(r.zeroRouter.aiq),
      "cost → 95% gpt-4": pct(r.router.reference.costTo95Ratio),
      "cost → gpt-4": pct(r.router.reference.costToMatchRatio),
      "quality @ gpt-4 $": r3(r.router.reference.qualityAtItsCost),
      APGR: r3(r.twoExpert?.apgr ?? null),
      "s (train+eval)": seconds,
    });
    const t = r.targets;
    verdicts.push(
      set.name === "pooled"
        ? `pooled: 95% at ≤25% cost ${t.q95AtQuarterCost ? "met" : "NOT met"} (${pct(r.router.reference.costTo95Ratio)}), gpt-4's accuracy at ≤60% ${t.q100At60PercentCost ? "met" : "NOT met"} (${pct(r.router.reference.costToMatchRatio)})`
        : `${set.name}: 95% at ≤50% cost ${t.q95AtHalfCost ? "met" : "NOT met"} (${pct(r.router.reference.costTo95Ratio)}), AIQ above zero router ${t.aiqAboveZeroRouter ? "met" : "NOT met"}`,
    );
  }
  return { name: "routing", rows, summary: `Against gpt-4-1106-preview, on each test split after training on its train split only: ${verdicts.join("; ")}.` };
}
