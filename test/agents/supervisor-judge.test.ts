// The supervisor's rule checks and its decision policy (accept, retry, escalate, re-plan, give up), without models.
import { describe, expect, it } from "vitest";
import type { Judgement } from "../../agents/supervisor-judge/judge.js";
import { decide, type PolicyInput } from "../../agents/supervisor-judge/policy.js";
import { checkRules } from "../../agents/supervisor-judge/rules.js";

describe("checkRules", () => {
  it("passes a plain answer", () => expect(checkRules("Tea comes from China.", "a paragraph")).toEqual({ pass: true, kind: "ok", reasons: [] }));
  it.each([
    ["an executor error", null, "a paragraph", "boom", "fault", /no expert answered: boom/],
    ["an empty output", "  \n", "a paragraph", undefined, "fault", /empty/],
    ["a refusal", "I'm sorry, but I can't help with that.", "a paragraph", undefined, "fault", /refused/],
    ["bad JSON when JSON is expected", "{name: tea}", "a JSON object with a name", undefined, "format", /JSON was expected/],
    ["no number when a number is expected", "about a dozen", "a number", undefined, "format", /a number was expected/],
  ])("fails %s", (_n, output, expected, error, kind, reason) => {
    const r = checkRules(output, expected, error);
    expect(r).toMatchObject({ pass: false, kind });
    expect(r.reasons[0]).toMatch(reason);
  });
  it("accepts fenced JSON when JSON is expected", () => expect(checkRules('```json\n{"a":1}\n```', "JSON").pass).toBe(true));
});

const ranked = [
  { expert: "mid", quality: 0.7, costUsd: 0.001 },
  { expert: "low", quality: 0.6, costUsd: 0 },
  { expert: "top", quality: 0.9, costUsd: 0.01 },
];
const judged = (over: Partial<Judgement>): Judgement => ({ pass: false, score: 0.2, reasons: ["wrong"], kind: "quality", judge: "j", costUsd: 0, ...over });
const input = (over: Partial<PolicyInput>): PolicyInput => ({
  judgement: judged({}), history: [{ attempt: 1, expert: "mid", output: "x", costUsd: 0, score: 0.2, usable: true }],
  ranked, attempts: 1, maxAttempts: 3, replansLeft: 1, affordable: () => true, ...over,
});

describe("decide", () => {
  it("accepts a pass", () => expect(decide(input({ judgement: judged({ pass: true, kind: "ok" }) }))).toEqual({ action: "accept" }));
  it("escalates a quality rejection to the strongest untried expert", () => {
    expect(decide(input({}))).toMatchObject({ action: "escalate", expert: "top" });
  });
  it("retries a fault on the next-best untried expert, not a stronger one", () => {
    expect(decide(input({ judgement: judged({ kind: "fault" }) }))).toMatchObject({ action: "retry", expert: "low" });
  });
  it("retries when no stronger expert is affordable", () => {
    expect(decide(input({ affordable: (c) => c.expert !== "top" }))).toMatchObject({ action: "retry", expert: "low" });
  });
  it("gives up with the best usable attempt when attempts run out", () => {
    const history = [
      { attempt: 1, expert: "mid", output: "first", costUsd: 0, score: 0.4, usable: true },
      { attempt: 2, expert: "top", output: "second", costUsd: 0, score: 0.3, usable: true },
      { attempt: 3, expert: "low", output: "", costUsd: 0, score: 0, usable: false },
    ];
    expect(decide(input({ history, attempts: 3 }))).toMatchObject({ action: "give_up", best: { attempt: 1, output: "first" } });
  });
  it("re-plans when nothing usable came out and re-plans remain, else fails", () => {
    const history = [{ attempt: 3, expert: "mid", output: null, costUsd: 0, error: "down", usable: false }];
    expect(decide(input({ history, attempts: 3, judgement: judged({ kind: "fault" }) }))).toMatchObject({ action: "replan" });
    expect(decide(input({ history, attempts: 3, replansLeft: 0, judgement: judged({ kind: "fault" }) }))).toMatchObject({ action: "fail" });
  });
});
