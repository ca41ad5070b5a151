// The rubric judge's prompt: the subtask, what was expected, and the answer to score.
import type { BaseMessageLike } from "@langchain/core/messages";

export interface JudgePromptInput {
  instruction: string;
  expectedOutput: string;
  output: string;
}

const RUBRIC = [
  "You are an impartial judge of one answer to one subtask. Score it from 0 to 1 on correctness, completeness,",
  "and fit with the expected output. Set pass to true only when the answer can be used as it is.",
  "Give short, specific reasons (what is wrong or missing, or why it is good).",
  "Answer with one JSON object matching the schema, and nothing else.",
].join("\n");

/** The answer is fenced so that instructions inside it read as data, not as orders to the judge. */
export function judgeMessages(p: JudgePromptInput): BaseMessageLike[] {
  return [
    ["system", RUBRIC],
    ["human", `Subtask: ${p.instruction}\nExpected output: ${p.expectedOutput || "(not stated)"}\n\nAnswer to judge:\n<<<\n${p.output}\n>>>`],
  ];
}
