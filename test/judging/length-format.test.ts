// The length-format rule judge: expect bounds and pattern, and formats the prompt plainly asks for; then on ARC and Winogrande answers.
import { describe, expect, it } from "vitest";
import type { Expectations } from "../../src/judging/judge.js";
import { choiceAnswerJudge } from "../../src/judging/choice-answer.js";
import { charCount, formatDemands, wordCount } from "../../src/judging/rules/format-demands.js";
import { lengthFormatJudge } from "../../src/judging/rules/length-format.js";
import { HAVE_ROUTERBENCH, NO_DATA, routerbench } from "./recorded.js";

const run = (response: string, prompt = "Say something.", expect?: Expectations) => lengthFormatJudge.judge({ prompt, response, ...(expect ? { expect } : {}) });

describe("length-format judge", () => {
  it("counts words with letters or digits and characters as code points", () => {
    expect(wordCount("  Hello,   world — **42** ")).toBe(3);
    expect(charCount(" 🙂ab ")).toBe(3);
  });

  it("checks expect's bounds and pattern, listing every problem", () => {
    expect(run("hello world", "x", { minChars: 5, maxChars: 20, minWords: 2, maxWords: 2, pattern: "[a-z ]+" })).toMatchObject({ pass: true, scores: { format: 1 } });
    const v = run("hello world", "x", { minChars: 20, maxWords: 1, pattern: "\\d+" });
    expect(v).toMatchObject({ pass: false, scores: { format: 0 } });
    expect(v.reasons).toEqual([
      "at least 20 characters expected, the answer has 11",
      "at most 1 word expected, the answer has 2",
      "does not match the pattern /\\d+/",
    ]);
    expect(run("abc", "x", { pattern: "a|b" }).pass).toBe(false);
  });

  it("reports an invalid pattern without scoring", () => {
    expect(run("x", "x", { pattern: "([" })).toMatchObject({ pass: false, scores: {}, reasons: [expect.stringMatching(/not a valid regular expression/)] });
  });

  it.each([
    ["Answer in one word: what color is the sky?", "Blue.", true],
    ["Answer in one word: what color is the sky?", "It is blue.", false],
    ["Answer with a single letter.", "**B**", true],
    ["Answer with a single letter.", "B) iron", false],
    ["Answer yes or no: is it raining?", "Yes, it is.", true],
    ["Answer yes or no: is it raining?", "Maybe.", false],
    ["Summarize in 10 words or fewer.", "This is a short summary of the text.", true],
    ["Summarize in fewer than 5 words.", "one two three four five", false],
    ["Summarize in no more than twenty words.", "word ".repeat(21), false],
    ["Write at least 5 words.", "too short", false],
    ["Respond in JSON.", '```json\n{"a": 1}\n```', true],
    ["Respond in JSON.", "a: 1", false],
  ])("reads %j and judges %j", (prompt, answer, pass) => {
    const v = run(answer, prompt);
    expect(v.pass).toBe(pass);
    expect(v.scores).toEqual({ format: pass ? 1 : 0 });
  });

  it("asks nothing of prompts that state no format, and then passes with no score", () => {
    for (const p of ["Tell me a story", "Explain it in one word or two", "What is JSON?", "Describe the word 'one'"]) expect(formatDemands(p), p).toEqual([]);
    expect(lengthFormatJudge.appliesTo({ prompt: "Tell me a story", response: "x" })).toBe(false);
    expect(run("Once upon a time", "Tell me a story")).toMatchObject({ pass: true, scores: {}, reasons: ["no length or format was asked for"] });
  });
});

describe.skipIf(!HAVE_ROUTERBENCH)("length-format judge on ARC and Winogrande answers", () => {
  /** RouterBench's prompts say "Print only a single choice from "A" or "B" … without explanation". */
  function passRate(task: "arc_challenge" | "winograde", model: string) {
    let n = 0, pass = 0;
    for (const r of routerbench(task)) {
      const o = r.outcomes[model];
      if (!o) continue;
      const input = { prompt: r.prompt, response: o.response ?? "" };
      expect(lengthFormatJudge.appliesTo(input)).toBe(true);
      const v = lengthFormatJudge.judge(input);
      n++;
      if (v.pass) pass++;
      // Where it and the choice judge differ, the format is the reason: a letter that is no option
      // ("K" for Kayla) has the asked format; an option's text ("Kayla", "B) Kayla") names an option but is not a letter.
      const choice = choiceAnswerJudge.judge(input);
      if (v.pass && !choice.pass) expect(input.response.trim()).toMatch(/^[A-Z]$/);
      if (!v.pass && choice.pass) expect(input.response.trim().length).toBeGreaterThan(1);
    }
    return { n, pass: pass / n };
  }

  it("passes gpt-4's letters, fails claude-v2's cut-off sentences and mixtral's option texts", () => {
    const rows = {
      gpt4arc: passRate("arc_challenge", "gpt-4-1106-preview"),
      gpt4wino: passRate("winograde", "gpt-4-1106-preview"),
      claudeArc: passRate("arc_challenge", "claude-v2"),
      mixtralWino: passRate("winograde", "mistralai/mixtral-8x7b-chat"),
    };
    console.log("length-format pass rates on 'Print only a single choice' prompts:", JSON.stringify(rows));
    expect(rows.gpt4arc.pass).toBeGreaterThan(0.99);
    expect(rows.gpt4wino.pass).toBeGreaterThan(0.99);
    expect(rows.claudeArc.pass).toBeLessThan(0.7);
    expect(rows.mixtralWino.pass).toBeLessThan(rows.gpt4wino.pass);
  });
});
if (!HAVE_ROUTERBENCH) it.skip(NO_DATA, () => {});
