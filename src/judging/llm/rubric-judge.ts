// Rubric judges: an LLM scores an answer on one dimension (rubricJudge), or on several in one call (multiRubricJudge).
import type { z } from "zod";
import { EoError } from "../../errors.js";
import type { Expert } from "../../experts/expert.js";
import type { Judge, JudgeInput, Verdict } from "../judge.js";
import { canJudge, DEFAULT_PASS_MARK, eligible, judgingExperts, modelOf, type LlmJudgeOptions } from "./judge-experts.js";
import { rubricMessages } from "./rubric-prompt.js";
import { RUBRICS, rubricApplies, type RubricDimension } from "./rubrics.js";
import { multiVerdictSchema, rubricVerdictSchema, type DimensionReading } from "./schemas.js";
import { askVerdict } from "./structured.js";

/** A judge that reads through a model: always asynchronous, and it may fail (an outage of judging). */
export interface LlmJudge extends Judge {
  readonly kind: "llm";
  judge(input: JudgeInput, signal?: AbortSignal): Promise<Verdict>;
}

/** A judge of one dimension by its rubric: its verdict scores that dimension. `experts` are tried in order. */
export function rubricJudge(dimension: RubricDimension, experts: readonly Expert[], options: LlmJudgeOptions = {}): LlmJudge {
  return buildRubricJudge([dimension], experts, options, {
    name: `llm-${dimension}`,
    schemaName: `${dimension}_verdict`,
    schemaFor: () => rubricVerdictSchema(dimension),
    readingsOf: (v) => ({ [dimension]: v }),
  });
}

/**
 * One call that scores several dimensions at once (cheaper than one judge per dimension, e.g. for calibration).
 * Only the dimensions that apply to the answer's domain are asked for (all of them when none does). The verdict
 * passes only when the judge says so and every score reaches the pass mark.
 */
export function multiRubricJudge(dimensions: readonly RubricDimension[], experts: readonly Expert[], options: LlmJudgeOptions = {}): LlmJudge {
  const dims = [...new Set(dimensions)];
  if (dims.length === 0) throw new EoError("bad_request", "a multi-rubric judge needs at least one dimension");
  return buildRubricJudge(dims, experts, options, {
    name: `llm-rubric(${dims.join("+")})`,
    schemaName: "rubric_verdict",
    schemaFor: multiVerdictSchema,
    readingsOf: (v) => v,
  });
}

/** What differs between the one- and several-dimension judges: the verdict's schema and where its readings are. */
interface VerdictShape<T extends { pass: boolean }> {
  name: string;
  schemaName: string;
  schemaFor(dimensions: readonly RubricDimension[]): z.ZodType<T>;
  readingsOf(value: T): Record<string, DimensionReading>;
}

/** Output tokens a verdict may need per dimension scored (a few short reasons, a score). */
export const TOKENS_PER_DIMENSION = 400;

function buildRubricJudge<T extends { pass: boolean }>(
  dimensions: RubricDimension[], experts: readonly Expert[], options: LlmJudgeOptions, shape: VerdictShape<T>,
): LlmJudge {
  const name = options.name ?? shape.name;
  const judges = judgingExperts(name, experts, options.producer);
  const passMark = options.passMark ?? DEFAULT_PASS_MARK;
  const model = modelOf(options);
  const schemas = new Map<string, z.ZodType<T>>();
  const schemaFor = (dims: RubricDimension[]) => {
    let schema = schemas.get(dims.join());
    if (!schema) schemas.set(dims.join(), (schema = shape.schemaFor(dims)));
    return schema;
  };
  const applicable = (input: JudgeInput) => dimensions.filter((d) => rubricApplies(RUBRICS[d], input.domain));
  return {
    name,
    kind: "llm",
    dimensions,
    appliesTo: (input: JudgeInput) => applicable(input).length > 0 && canJudge(judges, [input.producer]),
    async judge(input: JudgeInput, signal?: AbortSignal): Promise<Verdict> {
      const who = eligible(name, judges, [input.producer]);
      const dims = applicable(input).length > 0 ? applicable(input) : dimensions;
      const ask = {
        judge: name, messages: rubricMessages(dims, input, passMark), name: shape.schemaName, schema: schemaFor(dims), maxTokens: TOKENS_PER_DIMENSION * dims.length,
      };
      const r = await askVerdict(model, who, ask, signal);
      return toVerdict(name, dims, { ...r, readings: shape.readingsOf(r.value), pass: r.value.pass }, passMark);
    },
  };
}

/** The judge's readings as a Verdict: a pass needs the judge's yes and every score at the pass mark. */
function toVerdict(
  name: string, dimensions: readonly RubricDimension[], r: { readings: Record<string, DimensionReading>; pass: boolean; expert: Expert; costUsd: number }, passMark: number,
): Verdict {
  const one = dimensions.length === 1;
  const scores: Verdict["scores"] = {};
  const reasons: string[] = [];
  const low: string[] = [];
  for (const d of dimensions) {
    const reading = r.readings[d]!;
    scores[d] = reading.score;
    if (reading.score < passMark) low.push(`${one ? "" : `${d} `}score ${reading.score}`);
    reasons.push(...reading.reasons.map((why) => (one ? why : `${d}: ${why}`)));
    reasons.push(...(reading.unsupportedClaims ?? []).map((c) => `unsupported claim: ${c}`));
  }
  if (r.pass && low.length > 0) reasons.push(`${low.join(", ")} under the pass mark ${passMark}`);
  if (reasons.length === 0) reasons.push(r.pass ? "the judge found no problem" : "the judge rejected it without reasons");
  return { judge: name, pass: r.pass && low.length === 0, scores, reasons, costUsd: r.costUsd, judgedBy: r.expert.id };
}
