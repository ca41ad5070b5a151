// Runs the shared rule-judge contract over every judge in the registry.
import { describe, expect, it } from "vitest";
import { RULE_JUDGES } from "../../src/judging/registry.js";
import { verdict } from "../../src/judging/judge.js";
import { contractInputs, expectWellFormed, ruleJudgeContract } from "./contract.js";

const names = Object.values(RULE_JUDGES).map((j) => j.name);
for (const [key, judge] of Object.entries(RULE_JUDGES)) ruleJudgeContract(key, judge, names);

describe("the registry", () => {
  it("holds the rule judges of issue 4 beside the cascade's", () => {
    expect(Object.keys(RULE_JUDGES).sort()).toEqual(
      ["answered", "choice-answer", "code-parses", "json", "length-format", "pii", "python-code", "reference", "refusal"].sort(),
    );
  });

  it("has judges that decline some contract inputs (appliesTo false), which are still judged above", () => {
    for (const name of ["json", "reference", "length-format", "code-parses", "choice-answer"]) {
      expect(contractInputs().some((i) => !RULE_JUDGES[name]!.appliesTo(i)), name).toBe(true);
    }
  });
});

describe("the contract's verdict check", () => {
  const judge = RULE_JUDGES["pii"]!;
  it.each([
    ["another judge's name", { ...verdict("json", true, ["safety"], ["ok"]) }],
    ["no reasons", verdict("pii", true, ["safety"], [])],
    ["an undeclared dimension", verdict("pii", true, ["format"], ["ok"])],
    ["a score above 1", { ...verdict("pii", true, ["safety"], ["ok"]), scores: { safety: 1.5 } }],
    ["a NaN score", { ...verdict("pii", true, ["safety"], ["ok"]), scores: { safety: Number.NaN } }],
    ["a non-boolean pass", { ...verdict("pii", true, ["safety"], ["ok"]), pass: "yes" as unknown as boolean }],
  ])("rejects a verdict with %s", (_, bad) => {
    expect(() => expectWellFormed(judge, bad)).toThrow();
  });
});
