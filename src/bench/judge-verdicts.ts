// Judge-verdict data (CONTRACT "Judge verdicts"): one answer pair a line, its known label and each judge's verdict.
import { z } from "zod";
import { PairVerdictSchema } from "../judging/panel.js";
import { formatJsonl, parseJsonl } from "./jsonl.js";

/**
 * One answer pair: which answer is better (`label`) and what each judge said. A judge absent from
 * `verdicts` did not judge this pair (it abstains; it is not counted wrong). `source` and `responseModel`
 * say where an imported pair came from (JudgeBench: `mmlu-pro-law`, `gpt-4o-2024-05-13`).
 */
export const JudgeVerdictRecordSchema = z.object({
  id: z.string().min(1),
  domain: z.string().min(1).default("general"),
  label: PairVerdictSchema,
  verdicts: z.record(z.string().min(1), PairVerdictSchema),
  source: z.string().optional(),
  responseModel: z.string().optional(),
});
export type JudgeVerdictRecord = z.infer<typeof JudgeVerdictRecordSchema>;

/** Parses judge-verdict JSONL; every bad line is reported with its number and bad field, in one `bad_request` error. */
export function parseJudgeVerdictsJsonl(text: string, source = "verdicts"): JudgeVerdictRecord[] {
  return parseJsonl(text, JudgeVerdictRecordSchema, source);
}

export function formatJudgeVerdictsJsonl(records: readonly JudgeVerdictRecord[]): string {
  return formatJsonl(records);
}

/** Every judge with at least one verdict, in first-seen order. */
export function judgesOf(records: readonly JudgeVerdictRecord[]): string[] {
  const seen = new Set<string>();
  for (const r of records) for (const j of Object.keys(r.verdicts)) seen.add(j);
  return [...seen];
}
