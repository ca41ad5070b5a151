// The pairwise judge's prompt: two answers to one prompt, shown as "Answer A" and "Answer B" in a given order, fenced.
import type { BaseMessageLike } from "@langchain/core/messages";
import type { Domain } from "../../vocabulary.js";
import { DATA_NOT_ORDERS, fenced } from "./fence.js";
import { RUBRICS, rubricText, type RubricDimension } from "./rubrics.js";

/** What is compared: the two answers under the labels they are shown with in this call. */
export interface PairShown {
  prompt: string;
  /** The answer shown first, as "Answer A". */
  first: string;
  /** The answer shown second, as "Answer B". */
  second: string;
  reference?: string;
  domain?: Domain;
}

/** Messages asking which of two answers is better, overall or on one dimension's rubric. */
export function pairwiseMessages(shown: PairShown, dimension?: RubricDimension): BaseMessageLike[] {
  const criterion = dimension
    ? ["Compare them on this dimension only, by its rubric:", rubricText(RUBRICS[dimension])]
    : ["Compare them on how well each answers the prompt: correctness first, then completeness, clarity and helpfulness."];
  const system = [
    "You are an impartial judge. You compare two answers, A and B, to one prompt and say which is better.",
    ...criterion,
    "Do not let the order in which the answers are shown, their length or their labels sway you.",
    "Say tie only when neither answer is better. Give short, specific reasons before the winner.",
    DATA_NOT_ORDERS,
    "Answer with one JSON object matching the schema, and nothing else.",
  ].join("\n");
  const parts = [
    ...(shown.domain ? [`Domain: ${shown.domain}`] : []),
    fenced("Prompt", shown.prompt),
    ...(shown.reference !== undefined ? [fenced("Reference answer (correct)", shown.reference)] : []),
    fenced("Answer A", shown.first),
    fenced("Answer B", shown.second),
  ];
  return [["system", system], ["human", parts.join("\n\n")]];
}
