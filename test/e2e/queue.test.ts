// The concurrency limit: tasks past server.maxConcurrentTasks wait queued, then run in turn.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MIXED_CATALOG, json, startHarness, type Harness } from "./harness.js";

let h: Harness;
beforeAll(async () => {
  h = await startHarness(MIXED_CATALOG, { server: { maxConcurrentTasks: 1 } });
  // Slow every model a little so the first task is still running when the second is submitted.
  for (const m of ["gpt-4o", "gpt-4o-mini", "qwen2.5-coder:7b"]) h.upstream.script(m, { latencyMs: 150 });
});
afterAll(async () => h?.close());

const status = async (id: string) => ((await (await h.http(`/v1/tasks/${id}`)).json()) as { status: string }).status;

describe("maxConcurrentTasks", () => {
  it("queues the task past the limit until a slot is free; both complete", async () => {
    const a = ((await (await h.http("/v1/tasks", json({ input: "1. Write a haiku about rain. 2. Explain DNS." }))).json()) as { id: string }).id;
    const b = ((await (await h.http("/v1/tasks", json({ input: "Explain what a mutex is." }))).json()) as { id: string }).id;
    await new Promise((r) => setTimeout(r, 200));
    expect(await status(a)).not.toBe("queued");
    expect(await status(b)).toBe("queued");
    const t0 = Date.now();
    while (Date.now() - t0 < 20_000 && (await status(b)) !== "completed") await new Promise((r) => setTimeout(r, 50));
    expect(await status(a)).toBe("completed");
    expect(await status(b)).toBe("completed");
  });
});
