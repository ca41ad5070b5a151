// The planner's repair loop: an invalid plan goes back with its error; too many invalid plans fail the task.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FakeRequest } from "../../src/experts/fakes/index.js";
import { defaultReply, isPlannerRequest, newRun, startGraphHarness, type Harness } from "./harness.js";

const step = (id: string, dependsOn: string[]) => ({ id, instruction: `Write part ${id} of a tea guide.`, domain: "general", dependsOn, expectedOutput: "a paragraph" });
const CYCLE = JSON.stringify({ subtasks: [step("a", ["b"]), step("b", ["a"])] });
const DUPLICATE = JSON.stringify({ subtasks: [step("a", []), step("a", [])] });
const VALID = JSON.stringify({ subtasks: [step("a", []), step("b", ["a"])] });

describe("orchestrator: planner repair", () => {
  let h: Harness;
  /** Planner replies in turn; the last one repeats. */
  let replies: string[] = [];
  let planned = 0;
  beforeAll(async () => {
    const reply = (req: FakeRequest) => (isPlannerRequest(req) ? replies[Math.min(planned++, replies.length - 1)]! : defaultReply(req));
    h = await startGraphHarness(
      [{ id: "brain", provider: "openai", model: "brain-1", domains: ["general", "reasoning", "writing"], skills: { general: 0.9 }, script: { reply } },
        { id: "helper", provider: "ollama", model: "helper-1", domains: ["general"], skills: { general: 0.7 } }],
      { limits: { maxPlanRepairs: 1 } },
    );
  });
  afterAll(() => h.close());
  const plannerPrompts = () => h.upstream.requests.filter(isPlannerRequest).map((r) => r.messages.map((m) => m.content).join("\n"));

  it("a cyclic plan goes back to the planner with the error, and the corrected plan runs", async () => {
    h.upstream.reset();
    [replies, planned] = [[CYCLE, VALID], 0];
    const run = newRun(h);
    const out = await run.graph.invoke(run.input({ input: "Write a two-part guide to tea." }), run.config);
    expect(out.error).toBeNull();
    expect(out.plan!.map((p) => p.id)).toEqual(["a", "b"]);
    const prompts = plannerPrompts();
    expect(prompts).toHaveLength(2);
    expect(prompts[0]).not.toContain("rejected");
    expect(prompts[1]).toContain("Your previous plan was rejected: the dependencies form a cycle: a → b → a");
    expect(run.of("plan")).toHaveLength(1);
    expect(run.of("plan")[0]!.data.tries).toBe(2);
    // Both tries were paid for (here: a free local planner, so two zero entries).
    expect(Object.keys(out.ledger).filter((k) => k.startsWith("planner:"))).toEqual(["planner:g0:t1", "planner:g0:t2"]);
    expect(out.result).toEqual(expect.any(String));
  });

  it("fails the task with the last error when the repairs run out", async () => {
    h.upstream.reset();
    [replies, planned] = [[DUPLICATE], 0];
    const run = newRun(h);
    const out = await run.graph.invoke(run.input({ input: "Write a two-part guide to tea." }), run.config);
    expect(out.error).toMatchObject({ code: "upstream_failed", message: expect.stringMatching(/no valid plan in 2 tries; last error: duplicate subtask id "a"/) });
    expect(plannerPrompts()).toHaveLength(2);
    expect(run.of("plan")).toHaveLength(0);
    expect(out.result).toBeNull();
  });

  it("OpenAI protocol: an answer that is not JSON reaches the parser and goes back to the planner like any invalid plan", async () => {
    h.upstream.reset();
    [replies, planned] = [["Sure! Here is my plan: first a, then b.", VALID], 0];
    const run = newRun(h);
    const out = await run.graph.invoke(run.input({ input: "Write a two-part guide to tea." }), run.config);
    expect(out.error).toBeNull();
    expect(plannerPrompts()).toHaveLength(2);
    expect(plannerPrompts()[1]).toMatch(/rejected: the answer is not valid JSON/);
    expect(run.of("plan")[0]!.data.tries).toBe(2);
  });
});

describe("orchestrator: planner repair on the Ollama protocol", () => {
  let h: Harness;
  let planned = 0;
  beforeAll(async () => {
    const replies = ["Sure! Here is my plan: first a, then b.", VALID];
    const reply = (req: FakeRequest) => (isPlannerRequest(req) ? replies[Math.min(planned++, 1)]! : defaultReply(req));
    h = await startGraphHarness([{ id: "llama", provider: "ollama", model: "llama-1", domains: ["general", "reasoning", "writing"], skills: { general: 0.9 }, script: { reply } }]);
  });
  afterAll(() => h.close());

  it("an answer that is not JSON reaches the parser and goes back to the planner like any invalid plan", async () => {
    const run = newRun(h);
    const out = await run.graph.invoke(run.input({ input: "Write a two-part guide to tea." }), run.config);
    expect(out.error).toBeNull();
    const prompts = h.upstream.requests.filter(isPlannerRequest).map((r) => r.messages.map((m) => m.content).join("\n"));
    expect(prompts[1]).toMatch(/rejected: the answer is not valid JSON/);
    expect(run.of("plan")[0]!.data.tries).toBe(2);
  });
});
