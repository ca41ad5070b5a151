// The synthesizer's prompt: the user's request and every subtask's accepted output, to be turned into one answer.
import type { BaseMessageLike } from "@langchain/core/messages";

export interface SynthesisPart {
  id: string;
  instruction: string;
  output: string;
}

/** The request is the last user message, so the answer is written to it; the results come before it as material. */
export function synthesizerMessages(input: string, parts: SynthesisPart[]): BaseMessageLike[] {
  const material = parts.map((p) => `### ${p.id}: ${p.instruction}\n${p.output}`).join("\n\n");
  return [
    [
      "system",
      "You write the final answer to the user's request from the results of its subtasks. Use their content faithfully, " +
        "resolve overlaps, keep what the user asked for, and do not mention subtasks, experts or the process.",
    ],
    ["human", `Results of the subtasks:\n\n${material}`],
    ["human", input],
  ];
}
