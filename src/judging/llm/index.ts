// The LLM judges by kind: factories that build a judge over judging experts (they need models, so they are built per use).
import { multiRubricJudge, rubricJudge } from "./rubric-judge.js";
import { pairwiseJudge } from "./pairwise-judge.js";

export { rubricJudge, multiRubricJudge, pairwiseJudge };
export { TOKENS_PER_DIMENSION, type LlmJudge } from "./rubric-judge.js";
export { RUBRIC_DIMENSIONS, RUBRICS, type Rubric, type RubricDimension } from "./rubrics.js";
export { POSITION_BIAS, combine, type PairInput, type PairVerdict, type PairwiseJudge, type PairwiseOptions, type PairwiseResult } from "./pairwise-judge.js";
export { providerJudgeModel, type JudgeModel, type JudgeModelSettings, type ModelAnswer, type StructuredRequest } from "./judge-model.js";
export { type LlmJudgeOptions } from "./judge-experts.js";
export { type PairLabel } from "./schemas.js";

/** Every LLM judge factory by kind: one line per kind. */
export const LLM_JUDGES = {
  rubric: rubricJudge,
  "multi-rubric": multiRubricJudge,
  pairwise: pairwiseJudge,
} as const;
export type LlmJudgeKind = keyof typeof LLM_JUDGES;
