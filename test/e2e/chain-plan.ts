// A fixed three-step plan and the upstream replies that drive it: shared by the restart tests on Node and on Workers.
import { instanceFromSchema, simulatedReply, type FakeRequest } from "../../src/experts/fakes/index.js";
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
