// Cancellation and resumption: aborting mid-executor aborts the upstream request; invoke(null) picks the task up again.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultReply, isPlannerRequest, newRun, startGraphHarness, type Harness } from "./harness.js";

async function until(cond: () => boolean, timeoutMs = 5_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe.each(["openai", "ollama"] as const)("orchestrator: cancel mid-executor (%s worker)", (provider) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startGraphHarness([
      { id: "brain", provider: "openai", model: "brain-1", domains: ["reasoning", "writing"], skills: { reasoning: 0.9, writing: 0.9 } },
      { id: "worker", provider, model: "worker-1", domains: ["general"], skills: { general: 0.9 } },
    ]);
  });
  afterAll(() => h.close());

  it("the executor's request hangs; aborting the run rejects invoke at once and the upstream sees the abort", async () => {
    h.upstream.fault("worker-1", { kind: "hang" });
    const ctl = new AbortController();
    const run = newRun(h, ctl.signal);
    const done = run.graph.invoke(run.input({ input: "Describe the history of tea." }), run.config).then(
      () => "completed",
      (err: unknown) => err,
    );
    await until(() => h.serverSignals.some((s) => s.model === "worker-1"));
    const t0 = performance.now();
    ctl.abort(new Error("cancelled by the user"));
    const outcome = await done;
    expect(outcome).not.toBe("completed");
    expect(performance.now() - t0).toBeLessThan(1_000);

    const upstreamSide = h.serverSignals.find((s) => s.model === "worker-1")!.signal;
    await until(() => upstreamSide.aborted, 2_000);
    expect(upstreamSide.aborted).toBe(true);
    // Nothing ran after the abort: no completion, no verdict, and exactly one call to the worker.
    expect(run.of("subtask.started")).toHaveLength(1);
    expect(run.of("subtask.completed")).toHaveLength(0);
    expect(run.of("verdict")).toHaveLength(0);
    expect(h.serverSignals.filter((s) => s.model === "worker-1")).toHaveLength(1);
  });
});

describe("orchestrator: resume after an interrupted run", () => {
  const PLAN = JSON.stringify({
    subtasks: [
      { id: "a", instruction: "Explain why the sky is blue.", domain: "science", dependsOn: [], expectedOutput: "a paragraph" },
      { id: "b", instruction: "Describe the history of tea.", domain: "general", dependsOn: [], expectedOutput: "a paragraph" },
    ],
  });
  let h: Harness;
  beforeAll(async () => {
    h = await startGraphHarness([
      { id: "brain", provider: "openai", model: "brain-1", domains: ["reasoning", "writing"], skills: { reasoning: 0.9, writing: 0.9 },
        script: { reply: (req) => (isPlannerRequest(req) ? PLAN : defaultReply(req)) } },
      { id: "scientist", provider: "ollama", model: "sci-1", domains: ["science"], skills: { science: 0.9 } },
      { id: "generalist", provider: "openai", model: "gen-1", domains: ["general"], skills: { general: 0.9 } },
    ]);
  });
  afterAll(() => h.close());

  it("invoke(null) continues from the checkpoint: the finished subtask is not run again, no event repeats", async () => {
    h.upstream.fault("gen-1", { kind: "hang" });
    const ctl = new AbortController();
    const run = newRun(h, ctl.signal);
    const first = run.graph.invoke(run.input({ input: "Two questions." }), run.config).catch((e: unknown) => e);
    await until(() => run.of("subtask.completed").some((e) => e.data.subtaskId === "a") && h.serverSignals.some((s) => s.model === "gen-1"));
    ctl.abort();
    await first;

    // A restarted runner: same thread and context, a fresh signal.
    const out = await run.graph.invoke(null, { configurable: run.config.configurable });
    expect(out.error).toBeNull();
    expect(out.result).toEqual(expect.any(String));
    expect(h.upstream.requests.filter((r) => r.model === "sci-1")).toHaveLength(1);
    expect(h.upstream.requests.filter(isPlannerRequest)).toHaveLength(1);
    expect(run.of("subtask.completed").map((e) => e.data.subtaskId).sort()).toEqual(["a", "b"]);
    expect(new Set(run.events.map((e) => e.key)).size).toBe(run.events.length);
  });
});
