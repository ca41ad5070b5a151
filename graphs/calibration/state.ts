// The calibration graph's state: the expert under test, the suite's items, and each item's judged result.
import { Annotation } from "@langchain/langgraph";
import type { Dimension, Domain } from "../../src/vocabulary.js";
import type { SuiteItem } from "./suite.js";

/** One score an item's answer earned on one dimension, from one judge. */
export interface Sample {
  dimension: Dimension;
  score: number;
  judge: string;
  reasons: string[];
}

/** What one item produced: the answer's judged samples, or why there is none (the call failed). */
export interface ItemResult {
  itemId: string;
  domain: Domain;
  samples: Sample[];
  costUsd: number;
  error?: string;
}

const value = <T>(initial: () => T) => Annotation<T>({ reducer: (_old, next) => next, default: initial });

export const CalibrationState = Annotation.Root({
  runId: value<string>(() => ""),
  expertId: value<string>(() => ""),
  suiteVersion: value<string>(() => ""),
  items: value<SuiteItem[]>(() => []),
  /** Parallel probes each add their item: merged by item id, so a re-run after a crash keeps the finished ones. */
  results: Annotation<Record<string, ItemResult>>({ reducer: (old, next) => ({ ...old, ...next }), default: () => ({}) }),
  recorded: value<number>(() => 0),
});
export type CalibrationStateT = typeof CalibrationState.State;

/** What a probe branch receives through `Send`. */
export interface ProbeInput {
  runId: string;
  expertId: string;
  item: SuiteItem;
}
