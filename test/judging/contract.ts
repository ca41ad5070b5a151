// The shared contract every rule judge meets: its identity, verdicts as well-formed data, and no throw on any answer.
import { describe, expect, it } from "vitest";
import type { JudgeInput, RuleJudge, Verdict } from "../../src/judging/judge.js";
import { DIMENSIONS } from "../../src/vocabulary.js";
import { prng } from "./recorded.js";

const rand = prng(42);
/** Bytes 0–255 read as Latin-1 text: control characters, NULs, lone high bytes. */
const garbage = Array.from({ length: 20_000 }, () => String.fromCharCode(Math.floor(rand() * 256))).join("");
/** Random UTF-16 code units: lone surrogates, private use, right-to-left marks. */
const badUnicode = Array.from({ length: 5_000 }, () => String.fromCharCode(Math.floor(rand() * 0x10000))).join("");

/** Answers that stress a judge: empty, huge, binary garbage, odd Unicode, deep nesting, and ordinary ones. */
export const HOSTILE_ANSWERS: Record<string, string> = {
  empty: "",
  whitespace: " \n\t \r\n",
  letter: "B",
  code: "```python\ndef f(x):\n    return x + 1\n```",
  json: '```json\n{"answer": "B", "n": 1}\n```',
  refusal: "I'm sorry, but I can't help with that.",
  secrets: "mail a.b@gmail.com, card 4111 1111 1111 1111, key sk-proj-abc123DEF456ghi789JKL012mno345PQR",
  math: "So \\boxed{\\frac{1}{2}}. The answer is 0.5",
  unicode: "🙂 ünïcödé 中文 العربية \u202e reversed \u200b zero-width ﬁ ligature",
  badUnicode,
  garbage,
  huge: "word ".repeat(200_000),
  hugeLine: "9".repeat(200_000),
  deep: "[".repeat(50_000) + "```python\n" + "(".repeat(50_000),
  fences: "```\n".repeat(50_000),
  manyBlocks: "```python\nx = (\n```\n".repeat(10_000),
  backticks: "`".repeat(200_000),
  quotes: "\"'".repeat(100_000),
};

const PROMPTS = [
  "",
  "Which is a metal?\nA) wood\nB) iron\nC) glass\nD) wool\nAnswer with a single letter.",
  "Write a python function that adds one. Respond in JSON, in 50 words or fewer.",
];
const EXPECTS: Array<JudgeInput["expect"]> = [
  undefined,
  { jsonSchema: { type: "object", required: ["answer"] }, minChars: 1, maxChars: 50, minWords: 1, maxWords: 5, pattern: "[A-D]", language: "python" },
  { language: "cobol", pattern: "([", jsonSchema: { $ref: "#/nowhere" } },
];
const REFERENCES = [undefined, "B", "0.5", "Paris"];

/** Inputs pairing every answer with a rotating prompt, expectation and reference, and each answer bare. */
export function contractInputs(): JudgeInput[] {
  const inputs: JudgeInput[] = [];
  Object.values(HOSTILE_ANSWERS).forEach((response, i) => {
    inputs.push({ prompt: "Say something.", response });
    inputs.push({ prompt: PROMPTS[i % PROMPTS.length]!, response, expect: EXPECTS[i % EXPECTS.length], reference: REFERENCES[i % REFERENCES.length] });
    inputs.push({ prompt: response.slice(0, 2_000), response, expect: EXPECTS[(i + 1) % EXPECTS.length], reference: REFERENCES[(i + 1) % REFERENCES.length] });
  });
  return inputs;
}

/** Asserts a verdict is well-formed data for this judge. */
export function expectWellFormed(judge: RuleJudge, v: Verdict): void {
  expect(v.judge).toBe(judge.name);
  expect(typeof v.pass).toBe("boolean");
  expect(Array.isArray(v.reasons)).toBe(true);
  expect(v.reasons.length).toBeGreaterThan(0);
  for (const r of v.reasons) expect(typeof r === "string" && r.length > 0).toBe(true);
  for (const [dimension, score] of Object.entries(v.scores)) {
    expect(judge.dimensions).toContain(dimension);
    expect(Number.isFinite(score)).toBe(true);
    expect(score).toBeGreaterThanOrEqual(0);
    expect(score).toBeLessThanOrEqual(1);
  }
  if (v.answer !== undefined) expect(typeof v.answer).toBe("string");
}

/** The contract suite of one rule judge, registered under `key`. */
export function ruleJudgeContract(key: string, judge: RuleJudge, allNames: readonly string[]): void {
  describe(`rule judge contract: ${key}`, () => {
    it("is named as it is registered, uniquely, and is a rule judge over known dimensions", () => {
      expect(judge.name).toBe(key);
      expect(allNames.filter((n) => n === judge.name)).toHaveLength(1);
      expect(judge.kind).toBe("rule");
      expect(judge.dimensions.length).toBeGreaterThan(0);
      for (const d of judge.dimensions) expect(DIMENSIONS).toContain(d);
    });

    it("returns a well-formed verdict for every input, applicable or not, and never throws", () => {
      for (const input of contractInputs()) {
        expect(typeof judge.appliesTo(input)).toBe("boolean");
        let v: Verdict | undefined;
        expect(() => (v = judge.judge(input))).not.toThrow();
        expectWellFormed(judge, v!);
      }
    });

    it("is deterministic: the same input gives the same verdict", () => {
      for (const input of contractInputs().slice(0, 24)) expect(judge.judge(input)).toEqual(judge.judge(input));
    });

    // A liveness guard, not a speed claim (speed is for benchmarks): catastrophic backtracking on a hostile answer
    // once took 30 s; the test's timeout catches that while leaving room for a loaded machine.
    it("judges huge and hostile answers without hanging", { timeout: 60_000 }, () => {
      for (const name of ["huge", "hugeLine", "garbage", "deep", "fences", "manyBlocks", "backticks", "quotes"] as const) {
        const v = judge.judge({ prompt: "Write a python function. Respond in JSON.", response: HOSTILE_ANSWERS[name]!, reference: "42", expect: { language: "python", jsonSchema: {} } });
        expect(typeof v.pass, `${key} on ${name}`).toBe("boolean");
      }
    });
  });
}
