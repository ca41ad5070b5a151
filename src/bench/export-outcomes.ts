// Learning from traffic: a deployment's judged subtasks and scored chat answers as outcome records, so `eo train router` can retrain on them.
import type { Store } from "../store/store.js";
import type { TaskEvent, TaskRecord } from "../store/tasks.js";
import { exportChatOutcomes } from "./export-chat-outcomes.js";
import type { Outcome, OutcomeRecord } from "./outcomes.js";

/** Tasks read per page while walking the store. */
const PAGE = 200;

interface Attempt {
  generation: number;
  subtaskId: string;
  attempt: number;
  expert: string | null;
  output: string | null;
  costUsd: number;
}

/** Everything a deployment has judged: its tasks' subtasks, then its chat requests scored by feedback (export-chat-outcomes.ts). */
export async function exportOutcomes(store: Store): Promise<OutcomeRecord[]> {
  return [...(await exportTaskOutcomes(store)), ...(await exportChatOutcomes(store))];
}

/**
 * The judged history of every completed task: one record per subtask (per plan generation), with the
 * instruction as prompt, its domain, and for each expert that attempted it the supervisor-judge's score
 * and the attempt's cost (and answer). Several attempts by different experts give several outcomes for
 * the same prompt; an expert's later attempt replaces its earlier one. Attempts no expert answered, and
 * unjudged ones, are left out. Records come newest task first.
 */
export async function exportTaskOutcomes(store: Store): Promise<OutcomeRecord[]> {
  const records: OutcomeRecord[] = [];
  let before: string | undefined;
  for (;;) {
    const page = await store.listTasks({ limit: PAGE, before });
    for (const task of page) if (task.status === "completed") records.push(...outcomesOf(task, await store.listEvents(task.id)));
    if (page.length < PAGE) return records;
    before = page.at(-1)!.createdAt;
  }
}

/** The outcome records of one task, from its plan events (instructions per generation), attempts and verdicts. */
export function outcomesOf(task: TaskRecord, events: readonly TaskEvent[]): OutcomeRecord[] {
  const plans = new Map<number, Map<string, { instruction: string; domain: string }>>();
  const attempts = new Map<string, Attempt>();
  const byKey = new Map<string, OutcomeRecord>();
  const key = (g: number, s: string) => `${g}:${s}`;
  for (const e of events) {
    const d = (e.data ?? {}) as Record<string, unknown>;
    const generation = typeof d.generation === "number" ? d.generation : 0;
    if (e.type === "plan" && Array.isArray(d.subtasks)) {
      plans.set(generation, new Map((d.subtasks as { id: string; instruction: string; domain: string }[]).map((s) => [s.id, s])));
    } else if (e.type === "subtask.completed" && typeof d.subtaskId === "string") {
      const a: Attempt = {
        generation, subtaskId: d.subtaskId, attempt: Number(d.attempt ?? 0),
        expert: typeof d.expert === "string" ? d.expert : null,
        output: typeof d.output === "string" ? d.output : null,
        costUsd: Number(d.costUsd ?? 0),
      };
      attempts.set(`${key(generation, a.subtaskId)}:${a.attempt}`, a);
    } else if (e.type === "verdict" && typeof d.subtaskId === "string" && typeof d.score === "number") {
      const attempt = attempts.get(`${key(generation, d.subtaskId)}:${Number(d.attempt ?? 0)}`);
      if (!attempt?.expert) continue; // nobody answered: there is no expert's outcome to learn from
      // The instruction as planned in that generation; the task's final subtasks when no plan event names it.
      const planned = plans.get(generation)?.get(d.subtaskId) ?? task.subtasks.find((s) => s.id === d.subtaskId);
      if (!planned) continue;
      const k = key(generation, d.subtaskId);
      let record = byKey.get(k);
      if (!record) {
        record = { id: `${task.id}:g${generation}:${d.subtaskId}`, prompt: planned.instruction, domain: planned.domain, task: "traffic", outcomes: {} };
        byKey.set(k, record);
      }
      const outcome: Outcome = { score: Math.min(1, Math.max(0, d.score)), costUsd: Math.max(0, attempt.costUsd) };
      if (attempt.output !== null) outcome.response = attempt.output;
      record.outcomes[attempt.expert] = outcome;
    }
  }
  return [...byKey.values()];
}
