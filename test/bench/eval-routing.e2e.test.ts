// End to end on the real RouterBench files: `eo eval routing --json`, trained on train splits only, against the targets.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { evaluateRouting, type EvalReport } from "../../src/bench/evaluate.js";
import { loadOutcomes } from "../../src/bench/load-outcomes.js";
import { HAVE_ROUTERBENCH, NO_DATA, split, TASKS } from "./data.js";

const dir = mkdtempSync(join(tmpdir(), "eo-eval-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.skipIf(!HAVE_ROUTERBENCH)("eo eval routing on RouterBench", () => {
  it("pooled over ARC, MBPP and Winogrande: the CLI prints the CONTRACT's JSON, writes the plot, in under a minute", () => {
    const plot = join(dir, "pooled.svg");
    const started = performance.now();
    const stdout = execFileSync(
      process.execPath,
      ["--import", "tsx", "src/cli.ts", "eval", "routing", "--train", TASKS.map((t) => split(t, "train")).join(","), "--test", TASKS.map((t) => split(t, "test")).join(","), "--json", "--plot", plot],
      { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] },
    );
    const r = JSON.parse(stdout) as EvalReport;
    // Training and evaluation on the full files: about 13 s on the 2-core machine (19 s with process start and
    // loading, see BENCHMARKS.md). The bound leaves room for a busy machine; the wall time is logged.
    console.log(`eo eval routing (pooled): ${((performance.now() - started) / 1000).toFixed(1)} s wall, train ${r.seconds.train.toFixed(1)} s, evaluate ${r.seconds.evaluate.toFixed(1)} s`);
    expect(r.seconds.train + r.seconds.evaluate).toBeLessThan(60);

    // The CONTRACT's object.
    expect(Object.keys(r.experts)).toHaveLength(11);
    for (const e of Object.values(r.experts)) expect(e).toEqual({ quality: expect.any(Number), costUsd: expect.any(Number), n: expect.any(Number) });
    expect(r.oracle).toEqual({ quality: expect.any(Number), costUsd: expect.any(Number) });
    expect(r.strategies.map((s) => s.name)).toEqual(["quality", "cost-aware", "threshold", "cascade"]);
    for (const s of r.strategies) for (const p of s.points) expect(p).toMatchObject({ costUsd: expect.any(Number), quality: expect.any(Number) });
    expect(readFileSync(plot, "utf8")).toMatch(/^<svg[\s\S]*zero router[\s\S]*cascade[\s\S]*<\/svg>\n$/);

    // Missing outcomes are left out, not zeros (ARC's test split has a few).
    expect(r.test.missingOutcomes["gpt-4-1106-preview"]).toBe(6);
    expect(r.experts["gpt-4-1106-preview"]!.n).toBe(947);

    // Targets (pooled): 95% of gpt-4's accuracy at ≤ 25% of its cost — met.
    expect(r.reference.expert).toBe("gpt-4-1106-preview");
    expect(r.targets.q95AtQuarterCost).toBe(true);
    expect(r.router.reference.costTo95Ratio!).toBeLessThan(0.25);
    expect(r.targets.aiqAboveZeroRouter).toBe(true);
    // gpt-4's own accuracy at ≤ 60% of its cost — NOT met (BENCHMARKS.md): on gpt-4's own 947 prompts (paired)
    // the curve reaches it only at about 76% of its cost. Pinned here so a regression (or a gain) shows.
    expect(r.targets.q100At60PercentCost).toBe(false);
    expect(r.router.reference.costToMatchRatio!).toBeGreaterThan(0.6);
    expect(r.router.reference.costToMatchRatio!).toBeLessThan(0.8);
    expect(r.router.reference.qualityAtItsCost!).toBeGreaterThanOrEqual(r.reference.quality);
  }, 120_000);

  it("--infer-domain routes with the classifier's domains (as the service does without eo.domain), and says so", () => {
    const stdout = execFileSync(
      process.execPath,
      ["--import", "tsx", "src/cli.ts", "eval", "routing", "--train", split("mbpp", "train"), "--test", split("mbpp", "test"), "--infer-domain", "--json"],
      { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] },
    );
    const r = JSON.parse(stdout) as EvalReport;
    expect(r.domains).toBe("classifier");
    expect(r.targets.q95AtHalfCost).toBe(true);
  }, 60_000);

  const perTask = new Map<string, EvalReport>();
  const run = (task: string) => {
    if (!perTask.has(task)) perTask.set(task, evaluateRouting(loadOutcomes([split(task, "train")]), loadOutcomes([split(task, "test")])));
    return perTask.get(task)!;
  };

  it.each(["arc_challenge", "mbpp"])("%s (trained on its train split only): 95% of gpt-4's accuracy at ≤ half its cost, AIQ above the zero router's", (task) => {
    const r = run(task);
    expect(r.reference.expert).toBe("gpt-4-1106-preview");
    expect(r.targets.q95AtHalfCost).toBe(true);
    expect(r.targets.aiqAboveZeroRouter).toBe(true);
    expect(r.router.aiq).toBeGreaterThan(r.zeroRouter.aiq);
  }, 60_000);

  it("winograde: AIQ above the zero router's; 95% of gpt-4's accuracy needs 50.1% of its cost (the 50% target is narrowly missed)", () => {
    const r = run("winograde");
    expect(r.targets.aiqAboveZeroRouter).toBe(true);
    expect(r.router.reference.costTo95Ratio!).toBeLessThan(0.51);
    // The cascade's best point under half the cost: 94.5% of gpt-4's accuracy for 44.7% of its cost.
    const cascade = r.strategies.find((s) => s.name === "cascade")!;
    const under = cascade.points.filter((p) => p.costUsd <= 0.5 * r.reference.costUsd);
    expect(Math.max(...under.map((p) => p.quality)) / r.reference.quality).toBeGreaterThan(0.94);
  }, 60_000);
});
if (!HAVE_ROUTERBENCH) it.skip(NO_DATA, () => {});
