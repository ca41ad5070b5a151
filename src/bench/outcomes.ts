// Outcome data (CONTRACT "Outcome data"): one prompt a line, with each expert's recorded score, cost and answer.
import { z } from "zod";
import { parseJsonl } from "./jsonl.js";

/** One expert's recorded outcome on one prompt. */
export const OutcomeSchema = z.object({
  score: z.number().min(0).max(1),
  costUsd: z.number().nonnegative(),
  response: z.string().optional(),
});
export type Outcome = z.infer<typeof OutcomeSchema>;

/**
 * One prompt with the outcomes of the experts that answered it. An expert that is absent (or null) has no
 * recorded outcome for this prompt: it is missing, never a zero. `task` names the benchmark it came from.
 */
export const OutcomeRecordSchema = z.object({
  id: z.string().min(1),
  prompt: z.string(),
  domain: z.string().min(1).default("general"),
  task: z.string().optional(),
  outcomes: z.record(z.string().min(1), OutcomeSchema.nullable()),
});
export type OutcomeRecord = z.infer<typeof OutcomeRecordSchema>;

/**
 * Parses JSONL outcome data. Blank lines are skipped. Every bad line (invalid JSON or a field that fails
 * the schema) is reported with its line number and the path of the bad field, in one `bad_request` error.
 */
export function parseOutcomesJsonl(text: string, source = "outcomes"): OutcomeRecord[] {
  return parseJsonl(text, OutcomeRecordSchema, source);
}

/** Outcome records as JSONL text (one record a line, a final newline); missing outcomes are left out. */
export function formatOutcomesJsonl(records: readonly OutcomeRecord[]): string {
  return records.map((r) => JSON.stringify(r)).join("\n") + (records.length ? "\n" : "");
}

/** The recorded outcome of an expert on a record, or undefined when it is missing. */
export function outcomeOf(record: OutcomeRecord, expert: string): Outcome | undefined {
  return record.outcomes[expert] ?? undefined;
}

/** Every expert that has at least one outcome, in first-seen order. */
export function expertsOf(records: readonly OutcomeRecord[]): string[] {
  const seen = new Set<string>();
  for (const r of records) for (const [k, v] of Object.entries(r.outcomes)) if (v) seen.add(k);
  return [...seen];
}
