// Recorded answers for the rule-judge tests, read in place from ../shared/data (never copied): RouterBench outcomes and JudgeBench pairs.
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { loadOutcomes } from "../../src/bench/load-outcomes.js";
import type { OutcomeRecord } from "../../src/bench/outcomes.js";
import { HAVE_ROUTERBENCH, NO_DATA, split } from "../bench/data.js";

export { HAVE_ROUTERBENCH, NO_DATA };

const JUDGEBENCH = fileURLToPath(new URL("../../../shared/data/judgebench/", import.meta.url));
const pairsFile = (model: string) => `${JUDGEBENCH}dataset=judgebench,response_model=${model}.jsonl`;
export const JUDGEBENCH_MODELS = ["gpt-4o-2024-05-13", "claude-3-5-sonnet-20240620"] as const;
export const HAVE_JUDGEBENCH = JUDGEBENCH_MODELS.every((m) => existsSync(pairsFile(m)));
/** Shown as the skipped test's name when the folder is absent. */
export const NO_JUDGEBENCH = `skipped: no JudgeBench data at ${JUDGEBENCH} (see ../shared/data/README.md)`;

/** One JudgeBench pair: a question, two responses of one model, and which is better ("A>B"). */
export interface JudgeBenchPair {
  pair_id: string;
  source: string;
  question: string;
  response_A: string;
  response_B: string;
  label: string;
}

const outcomes = new Map<string, OutcomeRecord[]>();
/** A RouterBench task's records, both splits (ids repeat across splits, so each file is loaded alone). */
export function routerbench(task: "arc_challenge" | "mbpp" | "winograde"): OutcomeRecord[] {
  let records = outcomes.get(task);
  if (!records) {
    records = [...loadOutcomes([split(task, "train")]), ...loadOutcomes([split(task, "test")])];
    outcomes.set(task, records);
  }
  return records;
}

/** Every recorded answer of the three RouterBench tasks, with its task, model and prompt. */
export function* routerbenchAnswers(): Generator<{ task: string; model: string; prompt: string; response: string; score: number }> {
  for (const task of ["arc_challenge", "mbpp", "winograde"] as const) {
    for (const r of routerbench(task)) {
      for (const [model, o] of Object.entries(r.outcomes)) if (o) yield { task, model, prompt: r.prompt, response: o.response ?? "", score: o.score };
    }
  }
}

const pairs = new Map<string, JudgeBenchPair[]>();
/** The JudgeBench pairs of one response model. */
export function judgebench(model: (typeof JUDGEBENCH_MODELS)[number]): JudgeBenchPair[] {
  let list = pairs.get(model);
  if (!list) {
    list = readFileSync(pairsFile(model), "utf8").split("\n").filter((l) => l.trim()).map((l) => JSON.parse(l) as JudgeBenchPair);
    pairs.set(model, list);
  }
  return list;
}

/** A small deterministic PRNG (mulberry32), so planted data lands in the same places on every run. */
export function prng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
