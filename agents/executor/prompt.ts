// The executor's prompt: one subtask, what a good answer looks like, and the outputs it depends on.
import type { BaseMessageLike } from "@langchain/core/messages";
import type { DependencyOutput } from "./schema.js";

export interface ExecutorPromptInput {
  instruction: string;
  expectedOutput: string;
  dependencies: DependencyOutput[];
}

/**
 * The dependencies' outputs come as context in their own user message; the subtask's instruction is the
 * last user message, alone, so the expert answers exactly it.
 */
export function executorMessages(p: ExecutorPromptInput): BaseMessageLike[] {
  const system = [
    "You are a specialist expert answering one subtask of a larger task. Answer it directly and completely;",
    "do not describe the larger task or what others will do.",
    p.expectedOutput ? `Expected output: ${p.expectedOutput}` : "",
  ].filter(Boolean).join("\n");
  const messages: BaseMessageLike[] = [["system", system]];
  if (p.dependencies.length > 0) {
    const context = p.dependencies.map((d) => `### ${d.id}: ${d.instruction}\n${d.output}`).join("\n\n");
    messages.push(["human", `Outputs of the earlier subtasks this one builds on:\n\n${context}`]);
  }
  messages.push(["human", p.instruction]);
  return messages;
}

/** The whole prompt as one text, to size it for routing and estimating. */
export function promptText(messages: BaseMessageLike[]): string {
  return messages.map((m) => (Array.isArray(m) ? String(m[1]) : "")).join("\n\n");
}
