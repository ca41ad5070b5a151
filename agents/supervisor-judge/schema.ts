// The LLM judge's structured verdict on one subtask output, and the bar a verdict must clear.
import { z } from "zod";

export const JudgeVerdictSchema = z.object({
  score: z.number().min(0).max(1),
  pass: z.boolean(),
  reasons: z.array(z.string()),
});
export type JudgeVerdict = z.infer<typeof JudgeVerdictSchema>;

/** A judge that says "pass" with a low score is not believed: both must agree. */
export const PASS_SCORE = 0.5;

/** Output tokens a verdict takes (a score, a flag and a few reasons): what judge calls are priced at. */
export const JUDGE_OUTPUT_TOKENS = 150;
