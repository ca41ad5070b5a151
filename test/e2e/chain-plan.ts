// A fixed three-step plan and the upstream replies that drive it: shared by the restart tests on Node and on Workers.
import { instanceFromSchema, simulatedReply, type FakeRequest } from "../../src/experts/fakes/index.js";
import { expect } from "vitest";
import { dataOf, type Followed } from "./sse-client.js";

/** A chain s1 → s2 → s3: s1 goes to `mathbot` (nothing else routes there), s2 and s3 to the slow `writer`. */
export const CHAIN_PLAN = {
  subtasks: [
    { id: "s1", instruction: "Compute the sum of the first ten prime numbers.", domain: "math", dependsOn: [], expectedOutput: "a number" },
    { id: "s2", instruction: "Write a four-line poem about that number.", domain: "writing", dependsOn: ["s1"], expectedOutput: "a poem" },
    { id: "s3", instruction: "Give the poem a short title.", domain: "writing", dependsOn: ["s2"], expectedOutput: "a title" },
  ],
};

/** Answers like the sandbox does, except that any planner request gets the fixed chain above. */
export function chainReply(req: FakeRequest): string {
  const last = req.messages.at(-1)?.content ?? "";
  if (req.schema && JSON.stringify(req.schema).includes("dependsOn")) return JSON.stringify(CHAIN_PLAN);
  if (req.schema) return JSON.stringify(instanceFromSchema(req.schema, last));
  return simulatedReply(req.model, last);
}

/**
 * A subtask's streamed runs: how many times it started, and the text of its latest run's deltas (in index order,
 * checked to be gap-free), which must be the accepted answer whatever ran before a crash.
 */
export function latestRun(events: Followed["events"], subtaskId: string): { starts: number; text: string; indexes: number[] } {
  const started = events.filter((e) => e.event === "subtask.started" && dataOf<{ subtaskId: string }>(e).subtaskId === subtaskId);
  const run = started.length ? dataOf<{ run: string }>(started.at(-1)!).run : undefined;
  const deltas = events
    .filter((e) => e.event === "subtask.delta")
    .map((e) => dataOf<{ subtaskId: string; run: string; index: number; text: string }>(e))
    .filter((d) => d.subtaskId === subtaskId && d.run === run);
  return { starts: started.length, text: deltas.map((d) => d.text).join(""), indexes: deltas.map((d) => d.index) };
}

/**
 * What a chain task that was cut mid-way (s1 done, s2 streaming) and resumed must show: every subtask completed once,
 * event ids 1..N, one task.completed, and s2 streamed again under its own run, whose deltas are exactly its answer.
 */
export function expectResumedCleanly(events: Followed["events"], subtasks: { id: string; status: string; output?: string | null }[]): void {
  expect(subtasks.map((s) => s.status)).toEqual(["completed", "completed", "completed"]);
  expect(events.map((e) => Number(e.id))).toEqual(events.map((_, i) => i + 1));
  const completed = events.filter((e) => e.event === "subtask.completed").map((e) => dataOf<{ subtaskId: string }>(e).subtaskId);
  expect(completed.sort()).toEqual(["s1", "s2", "s3"]);
  expect(events.filter((e) => e.event === "task.completed")).toHaveLength(1);
  const s2 = latestRun(events, "s2");
  expect(s2.starts).toBeGreaterThanOrEqual(2);
  expect(s2.indexes).toEqual(s2.indexes.map((_, k) => k));
  expect(s2.text).toBe(subtasks.find((s) => s.id === "s2")!.output);
}
