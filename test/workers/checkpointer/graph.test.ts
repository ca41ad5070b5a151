// A real LangGraph run on DurableObjectCheckpointer in workerd: reset mid-superstep, resumed with no finished node re-run; interrupt and Command.
import { describe, expect, it } from "vitest";
import { useCheckpointerWorker } from "./client.js";

const w = useCheckpointerWorker();

type Run = { values: Record<string, unknown>; interrupts: { id?: string; value: unknown }[] };

describe("the graph plan → work×3 (Send) → gate (interrupt) → finish, with durability 'sync'", () => {
  const obj = "graph";
  const thread = { threadId: "task-1" };
  const runs = (): Promise<Record<string, number>> => w.ok(obj, "runs");

  it("survives a reset of the object in the middle of the fan-out: only the unfinished worker runs again", async () => {
    const first = (await w.ok(obj, "instance")).instanceId;
    // Worker c waits until a and b have stored their writes, then the object is reset under it.
    const crashed = await w.call(obj, "run", { ...thread, input: { items: ["b", "c", "a"] }, crash: { item: "c", afterSiblings: 2 } });
    expect(crashed.status).not.toBe(200);
    expect((await w.ok(obj, "instance")).instanceId).not.toBe(first);
    expect(await runs()).toEqual({
      "plan:start": 1, "plan:done": 1,
      "work:a:start": 1, "work:a:done": 1, "work:b:start": 1, "work:b:done": 1,
      "work:c:start": 1,
    });
    const stranded = await w.ok(obj, "state", thread);
    // The fan-out superstep is still pending, and only c's task lacks writes: a and b's were kept.
    expect(stranded.next).toEqual(["work"]);

    // A new instance resumes with null input, as the task DO's alarm would.
    const resumed: Run = await w.ok(obj, "run", { ...thread, input: null });
    expect(resumed.interrupts).toHaveLength(1);
    expect(resumed.interrupts[0]!.value).toEqual({ question: "approve?", results: ["done:a", "done:b", "done:c"] });
    expect(await runs()).toEqual({
      "plan:start": 1, "plan:done": 1,
      "work:a:start": 1, "work:a:done": 1, "work:b:start": 1, "work:b:done": 1,
      "work:c:start": 2, "work:c:done": 1,
      "gate:start": 1,
    });
  });

  it("waits at the interrupt through another reset, and a Command resumes it to the end", async () => {
    expect((await w.call(obj, "abort")).status).not.toBe(200);
    const waiting = await w.ok(obj, "state", thread);
    expect(waiting.next).toEqual(["gate"]);

    const done: Run = await w.ok(obj, "run", { ...thread, resume: { approved: true } });
    expect(done.interrupts).toEqual([]);
    expect(done.values.summary).toBe("approved: done:a,done:b,done:c");
    expect(await runs()).toEqual({
      "plan:start": 1, "plan:done": 1,
      "work:a:start": 1, "work:a:done": 1, "work:b:start": 1, "work:b:done": 1,
      "work:c:start": 2, "work:c:done": 1,
      // An interrupted node runs again from its start on resume: that is LangGraph's contract, not a re-run.
      "gate:start": 2, "gate:done": 1,
      "finish:start": 1, "finish:done": 1,
    });
    const final = await w.ok(obj, "state", thread);
    expect(final.next).toEqual([]);
    expect(final.values).toMatchObject({ items: ["a", "b", "c"], approved: true, summary: "approved: done:a,done:b,done:c" });
    expect([...(final.values.results as string[])].sort()).toEqual(["done:a", "done:b", "done:c"]);
  });

  it("keeps the history: one checkpoint per superstep, newest first, each pointing at its parent", async () => {
    const history = (await w.ok(obj, "list", { config: { configurable: { thread_id: "task-1", checkpoint_ns: "" } } })) as {
      config: { configurable: { checkpoint_id: string } };
      parentConfig?: { configurable: { checkpoint_id: string } };
      metadata: { source: string; step: number };
    }[];
    expect(history.map((t) => t.metadata.step)).toEqual([...history.map((t) => t.metadata.step)].sort((a, b) => b - a));
    expect(history.at(-1)!.metadata).toMatchObject({ source: "input", step: -1 });
    for (let i = 0; i + 1 < history.length; i++) expect(history[i]!.parentConfig!.configurable.checkpoint_id).toBe(history[i + 1]!.config.configurable.checkpoint_id);
    // input, plan, the fan-out, gate (interrupted, then resumed), finish.
    expect(history.length).toBeGreaterThanOrEqual(5);
  });
});
