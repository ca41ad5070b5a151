// The planner's checks beyond its schema, and the prompt that carries a rejected plan's error back to it.
import { describe, expect, it } from "vitest";
import { plannerMessages } from "../../agents/planner/prompt.js";
import { PlanSchema } from "../../agents/planner/schema.js";
import { validatePlan } from "../../agents/planner/validate.js";
import { parseJsonAnswer } from "../../agents/model-call.js";

const s = (id: string, dependsOn: string[] = []) => ({ id, instruction: `do ${id}`, domain: "general" as const, dependsOn, expectedOutput: "text" });

describe("validatePlan", () => {
  it("accepts a DAG and removes repeated dependencies", () => {
    const r = validatePlan([s("a"), s("b"), s("c", ["a", "b", "a"])], 12);
    expect(r).toEqual({ ok: true, subtasks: [s("a"), s("b"), s("c", ["a", "b"])] });
  });

  it.each([
    ["duplicate ids", [s("a"), s("a")], 'duplicate subtask id "a"'],
    ["a missing dependency", [s("a", ["zz"])], 'subtask "a" depends on "zz", which is not in the plan'],
    ["a self-dependency", [s("a", ["a"])], 'subtask "a" depends on itself'],
    ["a cycle", [s("a", ["c"]), s("b", ["a"]), s("c", ["b"])], "the dependencies form a cycle: a → c → b → a"],
    ["too many subtasks", [s("a"), s("b"), s("c")], "the plan has 3 subtasks; it must have between 1 and 2"],
    ["no subtasks", [], "the plan has 0 subtasks"],
  ])("rejects %s, saying so", (_name, plan, message) => {
    const r = validatePlan(plan, 2);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toContain(message);
  });
});

describe("the planner's schema and prompt", () => {
  it("parses fenced JSON and explains schema errors", () => {
    expect(parseJsonAnswer('```json\n{"subtasks":[{"id":"a","instruction":"x","domain":"general","dependsOn":[],"expectedOutput":"y"}]}\n```', PlanSchema).ok).toBe(true);
    const bad = parseJsonAnswer('{"subtasks":[{"id":"a b","instruction":"x","domain":"cooking","dependsOn":[],"expectedOutput":"y"}]}', PlanSchema);
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.error).toMatch(/subtasks\[0\]\.id[\s\S]*subtasks\[0\]\.domain/);
  });

  it("keeps the request as the last user message and puts the repair context in the system message", () => {
    const m = plannerMessages({ input: "Plan a trip.", maxSubtasks: 5, rejected: { error: "a cycle", reply: "{}" }, feedback: "s2 failed" });
    expect(m.at(-1)).toEqual(["human", "Plan a trip."]);
    const system = String((m[0] as [string, string])[1]);
    expect(system).toContain("Your previous plan was rejected: a cycle");
    expect(system).toContain("the supervisor asked for a new one: s2 failed");
    expect(system).toContain("At most 5 subtasks");
  });
});
