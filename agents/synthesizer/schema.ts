// What the synthesizer produces: the task's final answer and what the whole task cost (the `task.completed` event).
import { z } from "zod";
import type { Domain } from "../../src/vocabulary.js";

export const TaskCompletedSchema = z.object({
  result: z.string(),
  costUsd: z.number().nonnegative(),
  /** The expert that wrote the answer (after any fallback); null when a one-step plan's output was passed through. */
  answeredBy: z.string().nullable().optional(),
});
export type TaskCompleted = z.infer<typeof TaskCompletedSchema>;

/** The synthesizer writes prose for a reader: it is routed as writing. */
export const SYNTHESIS_DOMAIN: Domain = "writing";
