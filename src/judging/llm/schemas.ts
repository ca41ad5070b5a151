// The structured output of the LLM judges (zod, sent as JSON Schema): reasons first, so a model reasons before it scores.
import { z } from "zod";
import type { RubricDimension } from "./rubrics.js";

export const ScoreSchema = z.number().min(0).max(1).describe("0 = worst, 1 = best, per the rubric");
const ReasonsSchema = z.array(z.string()).describe("short, specific reasons, quoting the answer where it helps");

/** One dimension's reading of an answer; factuality also lists the claims it found unsupported. */
export function dimensionSchema(dimension: RubricDimension) {
  const base = z.object({ reasons: ReasonsSchema, score: ScoreSchema });
  return dimension === "factuality"
    ? z.object({ unsupportedClaims: z.array(z.string()).describe("each claim not supported, quoted briefly; empty when none"), ...base.shape })
    : base;
}

export interface DimensionReading {
  reasons: string[];
  score: number;
  unsupportedClaims?: string[];
}

/** A one-dimension rubric verdict. */
export function rubricVerdictSchema(dimension: RubricDimension): z.ZodType<DimensionReading & { pass: boolean }> {
  return z.object({ ...dimensionSchema(dimension).shape, pass: z.boolean().describe("acceptable on this dimension") });
}

/** A several-dimension verdict in one answer: one reading per dimension, and the overall pass. */
export function multiVerdictSchema(dimensions: readonly RubricDimension[]): z.ZodType<Record<string, DimensionReading> & { pass: boolean }> {
  const readings = Object.fromEntries(dimensions.map((d) => [d, dimensionSchema(d)]));
  return z.object({ ...readings, pass: z.boolean().describe("acceptable on every dimension") }) as never;
}

/** The labels of a pairwise verdict, as CONTRACT's judge-verdict data has them. */
export const PAIR_LABELS = ["A", "B", "tie"] as const;
export type PairLabel = (typeof PAIR_LABELS)[number];

export const PairVerdictSchema = z.object({
  reasons: ReasonsSchema,
  winner: z.enum(PAIR_LABELS).describe("the better answer, or tie when neither is better"),
});
export type PairVerdictAnswer = z.infer<typeof PairVerdictSchema>;
