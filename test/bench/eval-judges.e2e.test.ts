// End to end: `eo eval judges` spawned as users run it, on JudgeBench's recorded verdicts and on CONTRACT JSONL files.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { JudgesReport } from "../../src/bench/evaluate-judges.js";
import { UsageError } from "../../src/cli/command.js";
import { evalJudges } from "../../src/cli/eval-judges.js";
import { formatJudgeVerdictsJsonl, type JudgeVerdictRecord } from "../../src/bench/judge-verdicts.js";
import { Panel, type PairVerdict } from "../../src/judging/panel.js";
import { mulberry32 } from "../../src/routing/predictor/linear.js";
import { GPT4O, HAVE_JUDGEBENCH, JUDGEBENCH, NO_JUDGEBENCH } from "./judgebench-data.js";

const dir = mkdtempSync(join(tmpdir(), "eo-eval-judges-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function eo(...args: string[]) {
  const r = spawnSync(process.execPath, ["--import", "tsx", "src/cli.ts", "eval", "judges", ...args], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe.skipIf(!HAVE_JUDGEBENCH)("eo eval judges on JudgeBench", () => {
  it("GPT-4o pairs split 50/50 by pair id: the CONTRACT's JSON; the panel beats the simple majority and every member, in seconds", () => {
    const started = performance.now();
    const r = eo("--data", JUDGEBENCH, "--response-model", GPT4O, "--split", "0.5", "--seed", "1", "--json");
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as JudgesReport & { split: unknown };
    console.log(`eo eval judges (JudgeBench GPT-4o): ${((performance.now() - started) / 1000).toFixed(1)} s wall, fit ${report.seconds.fit.toFixed(2)} s`);
    expect(report.seconds.fit + report.seconds.evaluate).toBeLessThan(5);

    // The CONTRACT's object.
    expect(Object.keys(report.judges)).toHaveLength(6);
    for (const j of Object.values(report.judges)) expect(j).toMatchObject({ accuracy: expect.any(Number), n: report.test.pairs, coinFlipTies: expect.any(Number) });
    expect(report.majority).toMatchObject({ accuracy: expect.any(Number) });
    expect(report.panel).toMatchObject({ accuracy: expect.any(Number) });
    // Plus the per-domain detail, the split and the fitted weights.
    expect(Object.keys(report.panel.byDomain)).toEqual(["coding", "knowledge", "math", "reasoning"]);
    expect(report.train.pairs + report.test.pairs).toBe(350);
    expect(report.split).toEqual({ share: 0.5, seed: "1" });
    expect(Object.keys(report.panel.model.domains).sort()).toEqual(["coding", "knowledge", "math", "reasoning"]);
    expect(Object.keys(report.panel.model.domains.math!.weights)).toHaveLength(6);
    expect(report.panel.candidates).toHaveLength(6);

    // Seed 1 (BENCHMARKS.md): majority 59.7%, best judge o1-mini 69.9%, panel 82.8%.
    expect(report.panel.accuracy).toBeGreaterThan(report.majority.accuracy + 0.1);
    expect(report.panel.accuracy).toBeGreaterThan(report.majority.coinFlipTies);
    for (const j of Object.values(report.judges)) expect(report.panel.accuracy).toBeGreaterThan(j.accuracy);
    expect(report.best!.judge).toBe("o1-mini-2024-09-12");
    // o1-mini's 38 ties are what the panel resolves: with them broken by a coin it is much closer (80.1%).
    const o1 = report.judges["o1-mini-2024-09-12"]!;
    expect(o1.ties).toBe(38);
    expect(o1.coinFlipTies).toBeCloseTo(o1.accuracy + 19 / 186, 9);
  }, 60_000);
});
if (!HAVE_JUDGEBENCH) it.skip(NO_JUDGEBENCH, () => {});

/** Constructed pairs: "sharp" right 90% of the time, "dull1" and "dull2" 60%, in two domains. */
function records(n: number, seed: number, prefix: string): JudgeVerdictRecord[] {
  const r = mulberry32(seed);
  return Array.from({ length: n }, (_, i) => {
    const label: PairVerdict = r() < 0.5 ? "A" : "B";
    const vote = (p: number): PairVerdict => (r() < p ? label : label === "A" ? "B" : "A");
    return { id: `${prefix}-${i}`, domain: i % 2 ? "math" : "coding", label, verdicts: { sharp: vote(0.9), dull1: vote(0.6), dull2: vote(0.6) } };
  });
}

describe("eo eval judges on CONTRACT JSONL", () => {
  const train = join(dir, "train.jsonl");
  const test = join(dir, "test.jsonl");
  writeFileSync(train, formatJudgeVerdictsJsonl(records(300, 1, "tr")));
  writeFileSync(test, formatJudgeVerdictsJsonl(records(300, 2, "te")));

  it("prints the table, saves the fitted panel, and scores the saved panel the same", () => {
    const saved = join(dir, "panel.json");
    const text = eo("--train", train, "--test", test, "--save-panel", saved);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/panel fitted on 300 labelled pairs, scored on 300 held-back pairs/);
    expect(text.stdout).toMatch(/^judge sharp\s+\d+\.\d% \(300\)/m);
    expect(text.stdout).toMatch(/^simple majority\s+/m);
    expect(text.stdout).toMatch(/^panel \((log-odds|logistic)\)\s+/m);
    expect(text.stdout).toMatch(/panel written to /);
    const panel = Panel.fromJSON(readFileSync(saved, "utf8"));
    expect(panel.judges.sort()).toEqual(["dull1", "dull2", "sharp"]);

    const again = eo("--test", test, "--panel", saved, "--json");
    expect(again.code).toBe(0);
    const report = JSON.parse(again.stdout) as JudgesReport;
    const accuracy = Number(/^panel \([^)]+\)\s+(\d+\.\d)%/m.exec(text.stdout)![1]);
    expect((report.panel.accuracy * 100).toFixed(1)).toBe(accuracy.toFixed(1));
    expect(report.panel.candidates).toEqual([]);
    expect(report.panel.accuracy).toBeGreaterThan(report.majority.accuracy);
  }, 60_000);

  it("a bad line is an error naming the file, the line and the field (exit 1)", () => {
    const bad = join(dir, "bad.jsonl");
    writeFileSync(bad, `${JSON.stringify(records(1, 3, "b")[0])}\n{"id":"x","label":"C","verdicts":{}}\n`);
    const r = eo("--train", bad, "--test", test);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/1 bad line\(s\) in .*bad\.jsonl:\n.*bad\.jsonl:2: label: /);
  }, 60_000);

  // In process (the command's run), as spawning costs seconds: cli.ts turns a UsageError into exit 2 with the usage.
  it("refuses mixed or missing data options, and scoring on pairs the panel was fitted on", async () => {
    await expect(evalJudges.run(["--data", test, "--train", train])).rejects.toThrow(UsageError);
    await expect(evalJudges.run(["--test", test])).rejects.toThrow(/give --train \(or --panel\)/);
    await expect(evalJudges.run(["--data", test, "--split", "1"])).rejects.toThrow(/--split must be a share in \(0, 1\)/);
    await expect(evalJudges.run(["--train", train, "--test", test, "--method", "vote"])).rejects.toThrow(/--method must be one of/);
    await expect(evalJudges.run(["--train", train, "--test", train])).rejects.toThrow(/train and test share 300 pair id\(s\)/);
  });
});
