// The planner's structured output: a DAG of subtasks, as zod validates it and as the model is asked for it.
import { z } from "zod";
import { DOMAINS } from "../../src/vocabulary.js";

/** Ids appear in event keys and prompts: short, no spaces, no ":". */
export const SUBTASK_ID = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

export const PlannedSubtaskSchema = z.object({
  id: z.string().regex(SUBTASK_ID, "letters, digits and _ . - only, at most 64"),
  instruction: z.string().min(1),
  domain: z.enum(DOMAINS),
  dependsOn: z.array(z.string()),
  expectedOutput: z.string(),
});

export const PlanSchema = z.object({ subtasks: z.array(PlannedSubtaskSchema).min(1) });
export type Plan = z.infer<typeof PlanSchema>;
