// The supervisor-judge: a rejected output escalates to a stronger expert; the judge is never the producer.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultReply, isJudgeRequest, isPlannerRequest, judgesNeverProduce, newRun, startGraphHarness, type Harness } from "./harness.js";

describe("orchestrator: a judge rejection escalates", () => {
  let h: Harness;
  let judged = 0;
  beforeAll(async () => {
    h = await startGraphHarness([
      // Cost-aware routing picks "cheap" for general work; "strong" is better but dear; "referee" is a free local judge.
      { id: "cheap", provider: "openai", model: "cheap-1", local: false, pricing: { inputPerMTok: 0.1, outputPerMTok: 0.4 }, domains: ["general"], skills: { general: 0.7 } },
      { id: "strong", provider: "openai", model: "strong-1", local: false, pricing: { inputPerMTok: 30, outputPerMTok: 60 },
        domains: ["general", "reasoning", "writing"], skills: { general: 0.95, reasoning: 0.95, writing: 0.95 } },
      { id: "referee", provider: "ollama", model: "referee-3b", domains: ["general", "reasoning", "writing"], skills: { general: 0.6, reasoning: 0.6, writing: 0.6 },
        // The first verdict it gives fails the output; later ones are the fake's default (a pass).
        script: { reply: (req) => (isJudgeRequest(req) && judged++ === 0 ? JSON.stringify({ score: 0.2, pass: false, reasons: ["it restates the question instead of answering it"] }) : defaultReply(req)) } },
    ]);
  });
  afterAll(() => h.close());

  it("rejects attempt 1 on cheap, escalates to strong, accepts attempt 2; the verdicts carry the actions", async () => {
    const run = newRun(h);
    const out = await run.graph.invoke(run.input({ input: "Describe the history of tea." }), run.config);
    expect(out.error).toBeNull();

    const completed = run.of("subtask.completed").map((e) => [e.data.attempt, e.data.expert]);
    expect(completed).toEqual([[1, "cheap"], [2, "strong"]]);
    const verdicts = run.of("verdict").map((e) => e.data);
    expect(verdicts.map((v) => [v.attempt, v.action, v.pass])).toEqual([[1, "escalate", false], [2, "accept", true]]);
    expect(verdicts[0]!.judge).toBe("referee");
    expect(verdicts[0]!.reasons).toEqual(expect.arrayContaining(["it restates the question instead of answering it", expect.stringMatching(/^escalated to strong/)]));
    expect(judgesNeverProduce(run.of("verdict"))).toBe(true);
    // The escalation is a routing decision too, with its reason.
    expect(run.of("route").find((e) => e.key === "route:executor:g0:s1:a2")!.data).toMatchObject({ expert: "strong", reason: expect.stringMatching(/escalated/) });

    const s1 = out.subtasks.s1!;
    expect(s1).toMatchObject({ attempts: 2, expert: "strong", status: "completed" });
    expect(s1.verdicts.map((v) => v.action)).toEqual(["escalate", "accept"]);
    expect(out.result).toBe(s1.output);
    // The subtask's cost is both attempts.
    expect(s1.costUsd).toBeCloseTo(out.ledger["executor:g0:s1:a1"]! + out.ledger["executor:g0:s1:a2"]!, 12);
  });
});

describe("orchestrator: the judge is never the producer", () => {
  let h: Harness;
  beforeAll(async () => {
    // One LLM does everything it can: it may plan and synthesize, but not judge its own output.
    h = await startGraphHarness([{ id: "solo", provider: "openai", model: "solo-1", domains: ["general", "reasoning", "writing"], skills: { general: 0.9 } }]);
  });
  afterAll(() => h.close());

  it("excludes the producer from the judge's candidates, saying why, and judges by rules alone when no one else can", async () => {
    const run = newRun(h);
    const out = await run.graph.invoke(run.input({ input: "Describe the history of tea." }), run.config);
    expect(out.error).toBeNull();
    const route = run.of("route").find((e) => e.data.role === "judge")!.data as { expert: string | null; candidates: { expert: string; excludedBecause?: string }[] };
    expect(route.expert).toBeNull();
    expect(route.candidates).toContainEqual(expect.objectContaining({ expert: "solo", excludedBecause: "excluded by the caller (it produced the output being judged)" }));
    const verdict = run.of("verdict")[0]!.data;
    expect(verdict).toMatchObject({ judge: "rules", action: "accept", expert: "solo" });
    expect(verdict.reasons).toEqual([expect.stringMatching(/no LLM judge was eligible/)]);
    expect(h.upstream.requests.filter((r) => isJudgeRequest(r))).toHaveLength(0);
  });
});

describe("orchestrator: re-plan when a subtask cannot be done", () => {
  let h: Harness;
  let executed = 0;
  beforeAll(async () => {
    h = await startGraphHarness(
      [
        { id: "brain", provider: "openai", model: "brain-1", domains: ["reasoning", "writing"], skills: { reasoning: 0.9, writing: 0.9 } },
        // Refuses its first subtask; answers normally after that.
        { id: "worker", provider: "ollama", model: "worker-1", domains: ["general"], skills: { general: 0.9 },
          script: { reply: (req) => (!req.schema && executed++ === 0 ? "I'm sorry, but I can't help with that." : defaultReply(req)) } },
      ],
      { limits: { maxAttemptsPerSubtask: 1, maxReplans: 1 } },
    );
  });
  afterAll(() => h.close());

  it("no usable attempt and no attempts left: the planner gets the supervisor's feedback, and generation 1 completes", async () => {
    const run = newRun(h);
    const out = await run.graph.invoke(run.input({ input: "Describe the history of tea." }), run.config);
    expect(out.error).toBeNull();
    expect(out.generation).toBe(1);
    expect(run.of("verdict").map((e) => [e.key, e.data.action])).toEqual([["verdict:g0:s1:a1", "replan"], ["verdict:g1:s1:a1", "accept"]]);
    expect(run.of("status").map((e) => e.data.status)).toEqual(["planning", "running", "planning", "running", "completed"]);
    const second = h.upstream.requests.filter(isPlannerRequest)[1]!;
    expect(second.messages[0]!.content).toMatch(/the supervisor asked for a new one: subtask s1 .* the expert refused/);
    expect(out.subtasks.s1).toMatchObject({ status: "completed", attempts: 1, verdicts: [expect.objectContaining({ action: "accept" })] });
  });
});
