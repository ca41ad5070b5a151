// A DAG of three subtasks: two independent ones run at the same time, the third gets both outputs in its prompt.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultReply, isPlannerRequest, newRun, startGraphHarness, type Harness } from "./harness.js";

const PLAN = {
  subtasks: [
    { id: "a", instruction: "Summarize the physics of photosynthesis.", domain: "science", dependsOn: [], expectedOutput: "a paragraph" },
    { id: "b", instruction: "Summarize the chemistry of photosynthesis.", domain: "science", dependsOn: [], expectedOutput: "a paragraph" },
    { id: "c", instruction: "Compare the two summaries.", domain: "science", dependsOn: ["a", "b"], expectedOutput: "a paragraph" },
  ],
};
const LATENCY_MS = 300;

describe("orchestrator: parallel DAG", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startGraphHarness([
      // Plans, judges and synthesizes (OpenAI protocol, no latency); its plan is scripted.
      { id: "brain", provider: "openai", model: "brain-1", domains: ["reasoning", "writing", "general"], skills: { reasoning: 0.9, writing: 0.9 },
        script: { reply: (req) => (isPlannerRequest(req) ? JSON.stringify(PLAN) : defaultReply(req)) } },
      // The science specialist (Ollama protocol) takes 300 ms per answer.
      { id: "scientist", provider: "ollama", model: "sci-7b", domains: ["science"], skills: { science: 0.9 }, script: { latencyMs: LATENCY_MS } },
    ]);
  });
  afterAll(() => h.close());

  it("runs a and b concurrently, then c with both outputs in its prompt", async () => {
    const run = newRun(h);
    const out = await run.graph.invoke(run.input({ input: "Explain photosynthesis from physics and chemistry, then compare." }), run.config);
    expect(out.error).toBeNull();

    const started = (id: string) => run.of("subtask.started").find((e) => e.data.subtaskId === id)!;
    const completed = (id: string) => run.of("subtask.completed").find((e) => e.data.subtaskId === id)!;
    // Two 300 ms calls finish within 550 ms of the first start: they overlapped.
    expect(Math.abs(started("a").at - started("b").at)).toBeLessThan(100);
    expect(Math.max(completed("a").at, completed("b").at) - Math.min(started("a").at, started("b").at)).toBeLessThan(550);
    // c starts only after both were accepted.
    const accepted = run.of("verdict").filter((v) => v.data.action === "accept");
    expect(started("c").at).toBeGreaterThan(Math.max(...accepted.filter((v) => v.data.subtaskId !== "c").map((v) => v.at)));

    const toScientist = h.upstream.requests.filter((r) => r.model === "sci-7b");
    expect(toScientist).toHaveLength(3);
    const forC = toScientist.find((r) => r.messages.at(-1)!.content === "Compare the two summaries.")!;
    const prompt = forC.messages.map((m) => m.content).join("\n");
    expect(prompt).toContain(String(completed("a").data.output));
    expect(prompt).toContain(String(completed("b").data.output));
    expect(completed("a").data.expert).toBe("scientist");
    expect(out.result).toEqual(expect.any(String));
  });
});
