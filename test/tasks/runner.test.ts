// The runner's guarantees, against a scripted graph whose timing the test controls: one run per task at a time.
import { describe, expect, it } from "vitest";
import type { TaskContext } from "../../graphs/orchestrator/context.js";
import { openSqliteStore } from "../../src/store/sqlite.js";
import { TaskBus } from "../../src/tasks/bus.js";
import { TaskRunner, type OrchestratorGraph } from "../../src/tasks/runner.js";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Pauses for approval like the budget gate: announces the pause, then needs `pauseMs` before its run returns. */
class PausingGraph implements OrchestratorGraph {
  interrupted = false;
  running = 0;
  maxRunning = 0;
  invocations: string[] = [];
  constructor(private readonly pauseMs: number) {}

  async invoke(input: unknown, config: { configurable: { ctx: TaskContext } }) {
    this.running++;
    this.maxRunning = Math.max(this.maxRunning, this.running);
    try {
      const ctx = config.configurable.ctx;
      if (input && typeof input === "object" && "taskId" in input) {
        this.invocations.push("start");
        await ctx.patch({ status: "awaiting_approval" });
        await ctx.emit("status", { status: "awaiting_approval" }, "status:awaiting");
        await sleep(this.pauseMs); // the checkpoint and interrupt are still being saved
        this.interrupted = true;
        return {};
      }
      this.invocations.push(input === null ? "resume" : "approve");
      this.interrupted = false;
      await ctx.patch({ status: "completed", result: "done" });
      await ctx.emit("task.completed", { result: "done" }, "task.completed");
      return { result: "done" };
    } finally {
      this.running--;
    }
  }

  async getState() {
    return { createdAt: "now", next: [], tasks: this.interrupted ? [{ interrupts: [{}] }] : [] };
  }
}

async function setup(pauseMs = 150) {
  const store = await openSqliteStore(":memory:");
  const graph = new PausingGraph(pauseMs);
  const runner = new TaskRunner(store, graph, new TaskBus(), 4);
  const task = await store.createTask({ id: `t_${crypto.randomUUID()}`, input: "x", budgetUsd: 0, requireApproval: true, preferences: null });
  return { store, graph, runner, task };
}

async function until(check: () => Promise<boolean>, ms = 3000) {
  const t0 = Date.now();
  while (!(await check())) {
    if (Date.now() - t0 > ms) throw new Error("timed out");
    await sleep(5);
  }
}

describe("TaskRunner", () => {
  it("an approval that arrives while the pausing run is still returning waits for it, then resumes once", async () => {
    const { store, graph, runner, task } = await setup();
    runner.submit(task.id);
    await until(async () => (await store.getTask(task.id))?.status === "awaiting_approval");
    await runner.approve(task.id); // the start run is still inside invoke
    const done = await runner.waitForEnd(task.id);
    expect(done.status).toBe("completed");
    expect(graph.maxRunning).toBe(1);
    expect(graph.invocations).toEqual(["start", "approve"]);
  });

  it("a task submitted twice, or resumed while queued, runs once", async () => {
    const { graph, runner, task } = await setup(50);
    runner.submit(task.id);
    runner.submit(task.id);
    await sleep(120);
    expect(graph.invocations).toEqual(["start"]);
  });

  it("cancel while a run is in flight: cancelled, and the run's late writes are dropped", async () => {
    const { store, graph, runner, task } = await setup(150);
    runner.submit(task.id);
    await until(async () => graph.running === 1);
    const t = await runner.cancel(task.id);
    expect(t.status).toBe("cancelled");
    await sleep(200);
    expect((await store.getTask(task.id))?.status).toBe("cancelled");
    await expect(runner.cancel(task.id)).rejects.toThrow(/already cancelled/);
  });
});
