// The rubric judges' prompt: the rubric of each dimension scored, then the prompt, the reference and the answer, fenced.
import type { BaseMessageLike } from "@langchain/core/messages";
import type { JudgeInput } from "../judge.js";
import { DATA_NOT_ORDERS, fenced } from "./fence.js";
import { RUBRICS, rubricText, type RubricDimension } from "./rubrics.js";

const ANSWER_FORMAT = "Answer with one JSON object matching the schema, and nothing else.";

/** Messages that ask for one verdict on `dimensions` (one dimension: a rubric judge; several: a combined one). */
export function rubricMessages(dimensions: readonly RubricDimension[], input: JudgeInput, passMark: number): BaseMessageLike[] {
  const one = dimensions.length === 1;
  const system = [
    `You are an impartial judge. You score one answer to one prompt on ${one ? "one dimension" : `${dimensions.length} dimensions, each on its own`}.`,
    "Score from 0 to 1 (any value in between) by this rubric:",
    ...dimensions.map((d) => rubricText(RUBRICS[d])),
    one
      ? `Set pass to true only when the answer is acceptable on this dimension (a score of at least ${passMark}).`
      : `Set pass to true only when the answer is acceptable on every dimension (each score at least ${passMark}).`,
    "Give short, specific reasons for each score; quote the part of the answer you mean.",
    ...(dimensions.includes("factuality") ? ["For factuality, list in unsupportedClaims every claim that is false or not supported (empty when none)."] : []),
    DATA_NOT_ORDERS,
    ANSWER_FORMAT,
  ].join("\n");
  return [["system", system], ["human", material(dimensions, input)]];
}

function material(dimensions: readonly RubricDimension[], input: JudgeInput): string {
  const parts = [
    ...(input.domain ? [`Domain: ${input.domain}`] : []),
    fenced("Prompt", input.prompt),
  ];
  if (input.reference !== undefined) {
    parts.push(fenced("Reference answer", input.reference), ...dimensions.map((d) => `On ${d}: ${RUBRICS[d].reference}`));
  }
  parts.push(fenced("Answer to judge", input.response));
  return parts.join("\n\n");
}
