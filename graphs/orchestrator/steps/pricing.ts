// Prices a plan for an assignment of experts: per subtask, the judges and the synthesis, p50 and p90 (pure).
import { countTokens } from "gpt-tokenizer";
import type { PlannedSubtask, RankedExpert, SubtaskMap } from "../../../agents/task.js";
import { JUDGE_OUTPUT_TOKENS } from "../../../agents/supervisor-judge/schema.js";
import type { Catalog } from "../../../src/experts/catalog.js";
import { costOf } from "../../../src/experts/expert.js";
import type { EstimateRecord } from "../../../src/store/tasks.js";
import type { Percentiles } from "./forecast.js";

/** Tokens of the judge's rubric around the answer it judges (agents/supervisor-judge/prompt.ts). */
export const JUDGE_PROMPT_TOKENS = 120;
/** Tokens of the synthesizer's instructions around the outputs it combines. */
export const SYNTHESIS_PROMPT_TOKENS = 80;

/** What the synthesis is forecast to need: its routed ranking and token counts (null for a one-step plan). */
export interface SynthesisForecast {
  ranked: RankedExpert[];
  inputTokens: number;
  outputTokens: Percentiles;
}

export interface PricingInput {
  catalog: Catalog;
  plan: PlannedSubtask[];
  /** Forecasts and judge rankings per subtask (set by the estimator). */
  subtasks: SubtaskMap;
  /** Executor per subtask id. */
  assigned: Record<string, string>;
  synthesis: SynthesisForecast | null;
  /** Already spent (planning, and everything before a re-plan): part of the overhead, at its actual value. */
  spentUsd: number;
  budgetUsd: number;
}

export type Priced = Omit<EstimateRecord, "decision" | "downgrades">;

const price = (catalog: Catalog, expertId: string | undefined, input: number, output: number) => {
  const e = expertId ? catalog.get(expertId) : undefined;
  return e ? costOf(e, input, output) : 0;
};

/**
 * Input tokens of a subtask are its own prompt plus its dependencies' forecast outputs (p50 for p50, p90 for
 * p90). Each subtask is judged once, by the best-ranked judge that is not its executor.
 */
export function priceEstimate(x: PricingInput): Priced {
  const out = new Map<string, Percentiles>();
  for (const p of x.plan) out.set(p.id, x.subtasks[p.id]?.forecast?.outputTokens ?? { p50: 0, p90: 0 });
  const perSubtask: Priced["perSubtask"] = [];
  const overhead = { p50: x.spentUsd, p90: x.spentUsd };
  for (const p of x.plan) {
    const s = x.subtasks[p.id];
    const base = s?.forecast?.baseInputTokens ?? 0;
    const o = out.get(p.id)!;
    const in50 = base + p.dependsOn.reduce((n, d) => n + (out.get(d)?.p50 ?? 0), 0);
    const in90 = base + p.dependsOn.reduce((n, d) => n + (out.get(d)?.p90 ?? 0), 0);
    const expert = x.assigned[p.id] ?? "";
    perSubtask.push({
      id: p.id, expert, inputTokens: in50, outputTokens: o,
      costUsd: { p50: price(x.catalog, expert, in50, o.p50), p90: price(x.catalog, expert, in90, o.p90) },
    });
    const judge = s?.judgeRanked.find((c) => c.expert !== expert)?.expert;
    const judgeIn = JUDGE_PROMPT_TOKENS + countTokens(p.instruction) + countTokens(p.expectedOutput);
    overhead.p50 += price(x.catalog, judge, judgeIn + o.p50, JUDGE_OUTPUT_TOKENS);
    overhead.p90 += price(x.catalog, judge, judgeIn + o.p90, JUDGE_OUTPUT_TOKENS);
  }
  if (x.synthesis && x.plan.length > 1) {
    const synth = x.synthesis.ranked[0]?.expert;
    const outs = [...out.values()];
    const in50 = x.synthesis.inputTokens + SYNTHESIS_PROMPT_TOKENS + outs.reduce((n, o) => n + o.p50, 0);
    const in90 = x.synthesis.inputTokens + SYNTHESIS_PROMPT_TOKENS + outs.reduce((n, o) => n + o.p90, 0);
    overhead.p50 += price(x.catalog, synth, in50, x.synthesis.outputTokens.p50);
    overhead.p90 += price(x.catalog, synth, in90, x.synthesis.outputTokens.p90);
  }
  const total = {
    p50: overhead.p50 + perSubtask.reduce((n, s) => n + s.costUsd.p50, 0),
    p90: overhead.p90 + perSubtask.reduce((n, s) => n + s.costUsd.p90, 0),
  };
  return { perSubtask, overheadUsd: overhead, total, budgetUsd: x.budgetUsd };
}

/** The experts assigned per subtask id. */
export function assignmentOf(plan: PlannedSubtask[], subtasks: SubtaskMap): Record<string, string> {
  return Object.fromEntries(plan.map((p) => [p.id, subtasks[p.id]?.assigned ?? ""]));
}
