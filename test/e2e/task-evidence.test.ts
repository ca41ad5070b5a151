// On the real server, a finished task's judged attempts are in the leaderboard: the executors' profiles learned from them.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MIXED_CATALOG, json, startHarness, type Harness } from "./harness.js";

let h: Harness;
beforeAll(async () => {
  h = await startHarness(MIXED_CATALOG);
});
afterAll(async () => h?.close());

type Entry = { expert: string; n: number; mean: number; source: string };

async function finished(id: string): Promise<{ status: string }> {
  for (const t0 = Date.now(); Date.now() - t0 < 20_000; await new Promise((r) => setTimeout(r, 50))) {
    const t = (await (await h.http(`/v1/tasks/${id}`)).json()) as { status: string };
    if (["completed", "failed", "cancelled"].includes(t.status)) return t;
  }
  throw new Error(`task ${id} did not finish`);
}

describe("task verdicts feed the profiles", () => {
  it("after a task completes, the leaderboard counts the judged executor output for its expert in its domain", async () => {
    const r = await h.http("/v1/tasks", json({ input: "Explain what a hash table is." }));
    expect(r.status).toBe(202);
    const { id } = (await r.json()) as { id: string };
    expect((await finished(id)).status).toBe("completed");

    const task = (await (await h.http(`/v1/tasks/${id}`)).json()) as { subtasks: { id: string; domain: string; expert: string; verdicts: { judge: string }[] }[] };
    // An LLM judge (never the producer) scored the accepted output; its score is now a sample in the producer's profile.
    const judged = task.subtasks.filter((s) => s.verdicts.some((v) => v.judge !== "rules"));
    expect(judged.length).toBeGreaterThan(0);
    for (const s of judged) {
      const [board] = ((await (await h.http(`/v1/leaderboard?domain=${s.domain}&dimension=correctness`)).json()) as { data: { entries: Entry[] }[] }).data;
      const entry = board!.entries.find((e) => e.expert === s.expert)!;
      expect(entry.n, `${s.expert} in ${s.domain}`).toBeGreaterThanOrEqual(1);
      expect(entry.source).toBe("judged");
    }
  });

  it("feedback on a one-step task (its answer is the subtask's output, no synthesizer ran) credits the subtask's producer", async () => {
    const r = await h.http("/v1/tasks", json({ input: "Explain what a binary search tree is." }));
    const { id } = (await r.json()) as { id: string };
    expect((await finished(id)).status).toBe("completed");
    const task = (await (await h.http(`/v1/tasks/${id}`)).json()) as { result: string; subtasks: { id: string; domain: string; expert: string; output: string }[] };
    expect(task.subtasks).toHaveLength(1);
    expect(task.result).toBe(task.subtasks[0]!.output);
    const fb = await h.http("/v1/feedback", json({ taskId: id, dimension: "correctness", score: 0.9 }));
    expect(fb.status).toBe(201);
    expect(await fb.json()).toMatchObject({ recorded: true, expert: task.subtasks[0]!.expert, domain: task.subtasks[0]!.domain, ref: id });
  });
});
