// The cascade's rule judges: option letters for multiple choice, Python functions for code; then on real recorded answers.
import { describe, expect, it } from "vitest";
import { choiceAnswerJudge, namedOption, optionsOf } from "../../src/judging/choice-answer.js";
import { pythonCodeJudge, pythonCodeOf } from "../../src/judging/python-code.js";
import { syntaxProblem } from "../../src/judging/rules/parse-code.js";
import { answeredJudge, ruleJudgeFor } from "../../src/judging/rule-judges.js";
import { loadOutcomes } from "../../src/bench/load-outcomes.js";
import { HAVE_ROUTERBENCH, NO_DATA, split } from "../bench/data.js";
import type { RuleJudge } from "../../src/judging/judge.js";

const run = (j: RuleJudge, prompt: string, response: string) => j.judge({ prompt, response });

const FEW_SHOT = `Which is a metal?\nA) wood\nB) iron\nC) glass\nD) wool\nAnswer:\nB\n\nWhich surface makes the most heat?\nA) dry palms\nB) wet palms\nC) A chart of palms\nPrint only a single choice from "A" or "B" or "C" without explanation.\nAnswer:`;

describe("choice-answer judge", () => {
  it("reads the last question's options, not the examples'", () => {
    expect([...optionsOf(FEW_SHOT)]).toEqual([["A", "dry palms"], ["B", "wet palms"], ["C", "A chart of palms"]]);
    expect(optionsOf("no options here").size).toBe(0);
  });

  it.each([
    ["B", "B"], ["B\n", "B"], ["(C)", "C"], ["A) dry palms", "A"], ["B. because water", "B"],
    ["wet palms", "B"], ["A chart of palms", "C"], ["The answer is C.", "C"],
  ])("passes %j as option %s", (answer, letter) => {
    expect(run(choiceAnswerJudge, FEW_SHOT, answer)).toMatchObject({ pass: true, answer: letter });
  });

  it.each([["", /empty/], ["E", /not an option/], ["I do not know", /names none/], ["The answer is A or the answer is B", /several/]])(
    "fails %j",
    (answer, why) => {
      const v = run(choiceAnswerJudge, FEW_SHOT, answer);
      expect(v.pass).toBe(false);
      expect(v.answer).toBeUndefined();
      expect(v.reasons[0]).toMatch(why);
    },
  );

  it("is a function of the prompt and the answer only", () => {
    expect(namedOption("B", optionsOf(FEW_SHOT))).toEqual({ letter: "B", why: "answers B" });
  });
});

describe("python-code judge", () => {
  const ask = "Write a function to reverse a list.";
  it("passes a fenced or bare Python function that parses", () => {
    expect(run(pythonCodeJudge, ask, "Sure:\n```python\ndef rev(xs):\n    return xs[::-1]\n```\nDone.").pass).toBe(true);
    expect(run(pythonCodeJudge, ask, "def rev(xs): return list(reversed(xs))").pass).toBe(true);
    expect(run(pythonCodeJudge, ask, "```\ndef rev(xs):\n    s = 'a (paren in a string'\n    return xs[::-1]  # ) in a comment\n```").pass).toBe(true);
  });

  it.each([
    ["```javascript\nfunction rev(xs) { return xs.reverse(); }\n```", /not Python \(javascript\)/],
    ["#include <vector>\nint main() { return 0; }", /no Python function/],
    ["```python\nprint('no function')\n```", /no Python function/],
    ["```python\ndef rev(xs):\n    return xs[::-1\n```", /does not parse/],
    ["```python\ndef rev(xs):\nreturn xs\n```", /no indented body/],
    ["```python\ndef rev(xs)\n    return xs\n```", /colon/],
    ["```python\ndef f(x):\n    return x\nfunction g(y) { return y; }\n```", /another language/],
  ])("fails %j", (answer, why) => {
    const v = run(pythonCodeJudge, ask, answer);
    expect(v.pass).toBe(false);
    expect(v.reasons[0]).toMatch(why);
  });

  it("finds Python blocks, and bracket and string problems through the Python grammar", () => {
    expect(pythonCodeOf("```py\nx=1\n```\n```cpp\nint x;\n```")).toEqual({ code: "x=1\n", otherLanguages: ["cpp"] });
    expect(syntaxProblem("f(a[1], {'k': (2)})", "python")).toBeNull();
    expect(syntaxProblem("f(a]", "python")?.message).toMatch(/syntax error/);
    expect(syntaxProblem("x = '''open", "python")?.message).toMatch(/never closes|syntax error/);
    expect(syntaxProblem("x = 'open\ny = 1", "python")?.message).toMatch(/never closes/);
  });
});

describe("ruleJudgeFor", () => {
  it("picks by the prompt's options, then its domain", () => {
    expect(ruleJudgeFor(FEW_SHOT, "science")).toBe(choiceAnswerJudge);
    expect(ruleJudgeFor("Write a python function to add", "code")).toBe(pythonCodeJudge);
    expect(ruleJudgeFor("Tell me a story", "writing")).toBe(answeredJudge);
    expect(run(answeredJudge, "x", "I'm sorry, I can't")).toMatchObject({ pass: false });
  });
});

describe.skipIf(!HAVE_ROUTERBENCH)("on real recorded answers (RouterBench train splits)", () => {
  /** For each file: how often the judge passes gpt-4's answers, and how often it rejects answers that were scored correct. */
  const measure = (task: string, expert: string) => {
    const records = loadOutcomes([split(task, "train")]);
    let n = 0, pass = 0, wronglyRejected = 0, correct = 0;
    for (const r of records) {
      const o = r.outcomes[expert];
      if (!o) continue;
      const v = run(ruleJudgeFor(r.prompt, r.domain), r.prompt, o.response ?? "");
      n++;
      if (v.pass) pass++;
      if (o.score === 1) {
        correct++;
        if (!v.pass) wronglyRejected++;
      }
    }
    return { n, pass: pass / n, wronglyRejected: wronglyRejected / correct };
  };

  it("passes nearly all of gpt-4's ARC, Winogrande and MBPP answers, and almost never rejects a correct one", () => {
    for (const task of ["arc_challenge", "winograde", "mbpp"]) {
      const m = measure(task, "gpt-4-1106-preview");
      expect(m.pass).toBeGreaterThan(0.99);
      expect(m.wronglyRejected).toBeLessThan(0.005);
    }
  });

  it("catches claude-v2's refusals on multiple choice, and the non-Python answers on MBPP", () => {
    const arc = measure("arc_challenge", "claude-v2");
    expect(arc.pass).toBeLessThan(0.7); // "I do not have enough context…" answers name no option
    expect(arc.wronglyRejected).toBeLessThan(0.005);
    const records = loadOutcomes([split("mbpp", "train")]);
    const js = records.find((r) => /```javascript|function \w+\(/.test(r.outcomes["gpt-3.5-turbo-1106"]?.response ?? ""));
    expect(js).toBeDefined();
    expect(run(pythonCodeJudge, js!.prompt, js!.outcomes["gpt-3.5-turbo-1106"]!.response!).pass).toBe(false);
  });
});
if (!HAVE_ROUTERBENCH) it.skip(NO_DATA, () => {});
