// The planner's prompt: how to split a request into a DAG of subtasks, plus what went wrong last time.
import type { BaseMessageLike } from "@langchain/core/messages";
import { DOMAINS } from "../../src/vocabulary.js";

export interface PlannerPromptInput {
  input: string;
  maxSubtasks: number;
  /** Why the previous answer was rejected, and that answer (the repair loop). */
  rejected?: { error: string; reply: string } | null;
  /** Why the supervisor sent the task back for a new plan. */
  feedback?: string | null;
}

/** Long previous answers are cut: the planner needs the gist of its mistake, not the whole text again. */
const MAX_QUOTED = 2_000;

/**
 * The request stays the last user message, alone: the planner plans exactly what the user asked, and the
 * repair context travels in the system message.
 */
export function plannerMessages(p: PlannerPromptInput): BaseMessageLike[] {
  const lines = [
    "You are the planner of an expert orchestration service. Split the user's request into the smallest set of subtasks",
    "that specialist experts can each answer on their own. The subtasks form a DAG: independent ones run in parallel.",
    "",
    "Rules:",
    "- A simple request that needs one step becomes exactly one subtask.",
    `- At most ${p.maxSubtasks} subtasks.`,
    "- id: short and unique (letters, digits, _ . -), e.g. s1, s2.",
    "- instruction: self-contained; the expert sees only it and the outputs of the subtasks it depends on.",
    `- domain: one of ${DOMAINS.join(", ")}.`,
    "- dependsOn: ids of the subtasks whose outputs this one needs; [] when it needs none. No cycles.",
    '- expectedOutput: what a good answer looks like, e.g. "a paragraph", "a JSON object with fields a and b".',
    "Answer with one JSON object matching the schema, and nothing else.",
  ];
  if (p.feedback) lines.push("", `A previous plan was carried out and the supervisor asked for a new one: ${p.feedback}`);
  if (p.rejected) {
    lines.push(
      "",
      `Your previous plan was rejected: ${p.rejected.error}`,
      `It was: ${p.rejected.reply.slice(0, MAX_QUOTED)}`,
      "Return a corrected plan for the same request.",
    );
  }
  return [
    ["system", lines.join("\n")],
    ["human", p.input],
  ];
}
