// The reference rule judge: option letters, numeric equivalence, normalized text, final-answer extraction; then ARC/Winogrande gold letters and JudgeBench.
import { describe, expect, it } from "vitest";
import { namedOption, optionsOf } from "../../src/judging/choice-answer.js";
import { finalAnswer } from "../../src/judging/rules/final-answer.js";
import { normalizeText } from "../../src/judging/rules/normalize-text.js";
import { lastNumber, parseNumber, sameNumber } from "../../src/judging/rules/numbers.js";
import { referenceJudge } from "../../src/judging/rules/reference.js";
import { HAVE_JUDGEBENCH, HAVE_ROUTERBENCH, judgebench, JUDGEBENCH_MODELS, NO_DATA, routerbench } from "./recorded.js";

const run = (response: string, reference: string | undefined, prompt = "Question?") => referenceJudge.judge({ prompt, response, ...(reference === undefined ? {} : { reference }) });
const Q = "Which is a metal?\nA) wood\nB) iron\nC) glass\nD) wool";
const same = (a: string, b: string) => sameNumber(parseNumber(a)!, parseNumber(b)!);

describe("numbers", () => {
  it("reads fractions, decimals, percentages, thousands, exponents, currency, LaTeX and scale words", () => {
    expect(parseNumber("1/2")?.value).toBe(0.5);
    expect(parseNumber("50%")).toMatchObject({ value: 0.5, percent: true });
    expect(parseNumber("1,000")?.value).toBe(1000);
    expect(parseNumber("1e3")?.value).toBe(1000);
    expect(parseNumber("$1,000.00")).toMatchObject({ value: 1000, decimals: 2 });
    expect(parseNumber("\\frac{3}{4}")?.value).toBe(0.75);
    expect(parseNumber("2\\sqrt{2}")?.value).toBeCloseTo(2.8284271, 6);
    expect(parseNumber("π/2")?.value).toBeCloseTo(1.5707963, 6);
    expect(parseNumber("−5")?.value).toBe(-5);
    expect(parseNumber("3 million")?.value).toBe(3e6);
  });

  it("refuses what is not a number: words, equations, dates, times, code", () => {
    for (const s of ["abc", "x = 5", "2024-01-01", "12:30", "import('fs')", "1,2", "", "5 apples and 6 pears", "sqrt"]) expect(parseNumber(s), s).toBeUndefined();
  });

  it("equates 1/2 = 0.5 = 50%, 1,000 = 1e3 = $1,000.00, a rounded decimal with the exact value, and no more", () => {
    expect(same("1/2", "0.5")).toBe(true);
    expect(same("0.5", "50%")).toBe(true);
    expect(same("50%", "50")).toBe(true);
    expect(same("1,000", "1e3")).toBe(true);
    expect(same("$1,000.00", "1000")).toBe(true);
    expect(same("0.33", "1/3")).toBe(true);
    expect(same("3.14", "\\pi")).toBe(true);
    expect(same("2", "2.0000001")).toBe(true);
    expect(same("0.3", "1/3")).toBe(false);
    expect(same("2", "2.01")).toBe(false);
    expect(same("0", "0.4")).toBe(false);
    expect(same("42", "-42")).toBe(false);
  });

  it("takes the last number of a text", () => {
    expect(lastNumber("so the total is 1,250.")).toBe("1,250");
    expect(lastNumber("3/4 of 12 is 9")).toBe("9");
    expect(lastNumber("none")).toBeUndefined();
  });
});

describe("final answer extraction", () => {
  it.each([
    ["The answer is 42.", "42", "stated"],
    ["**Answer:** B", "B", "stated"],
    ["Work...\n\\boxed{\\frac{1}{2}}", "\\frac{1}{2}", "boxed"],
    ["steps\n#### 1,250", "1,250", "####"],
    ["Therefore, the final answer is: $\\frac{3}{4}$. Hope this helps.", "\\frac{3}{4}", "stated"],
    ["Final Answer: The final answer is 7. I hope it is correct.", "7", "stated"],
    ["the correct answer is:\n```D```\n\nAs a string:\n```DDDDD```", "D", "repeated letter"],
    ["So it is \\boxed{198.7}, and the option is:\nBBBBB", "B", "repeated letter"],
  ])("finds %j", (response, text, how) => {
    expect(finalAnswer(response)).toEqual({ text, how });
  });

  it("finds nothing in an answer that marks none", () => {
    expect(finalAnswer("It depends on the weather.")).toBeUndefined();
  });

  it("normalizes case, punctuation, articles, markup and whitespace", () => {
    expect(normalizeText("  The **Eiffel**   Tower! ")).toBe("eiffel tower");
    expect(normalizeText("An apple, a day")).toBe("apple day");
  });
});

describe("reference judge", () => {
  it.each([
    ["B", "B"], ["iron", "B"], ["B", "iron"], ["**Answer:** B", "B) iron"], ["Let me think. Iron conducts.\n\nBBBBB", "(B)"],
  ])("matches the option of %j to the reference %j", (answer, reference) => {
    expect(run(answer, reference, Q)).toMatchObject({ pass: true, scores: { correctness: 1 }, answer: "B" });
  });

  it("fails another option, or none, and says which the reference is", () => {
    expect(run("A", "B", Q)).toMatchObject({ pass: false, scores: { correctness: 0 }, answer: "A", reasons: ["answers A; the reference is B"] });
    expect(run("I am not sure", "B", Q).reasons[0]).toMatch(/names none of the options.*the reference is B/);
  });

  it.each([
    ["0.5", "1/2"], ["The answer is 50%.", "0.5"], ["It costs $1,000.00 in total.", "1000"], ["Step 1: 3+4=7. Step 2: 7*6 = 42", "42"],
    ["so \\boxed{\\frac{1}{2}}", "0.5"], ["1e3", "1,000"], ["About 0.33", "1/3"],
  ])("matches the number of %j to %j", (answer, reference) => {
    expect(run(answer, reference)).toMatchObject({ pass: true, scores: { correctness: 1 } });
  });

  it("fails a different number and gives the number it read", () => {
    expect(run("The answer is 41.", "42")).toMatchObject({ pass: false, answer: "41" });
    expect(run("No number here", "42").reasons[0]).toMatch(/gives no number/);
  });

  it("matches normalized text: a marked answer, the whole answer, a yes/no, or the end of a short answer", () => {
    expect(run("The answer is Paris.", "paris")).toMatchObject({ pass: true, answer: "paris" });
    expect(run("The Eiffel Tower!", "eiffel tower").pass).toBe(true);
    expect(run("Yes, because it rains.", "yes").pass).toBe(true);
    expect(run("The capital of France is Paris.", "Paris").pass).toBe(true);
    expect(run("It is not Paris.", "Paris").pass).toBe(false);
    expect(run("Lyon", "Paris")).toMatchObject({ pass: false, answer: "lyon" });
  });

  it("applies only with a reference; without one it scores nothing and fails", () => {
    expect(referenceJudge.appliesTo({ prompt: "q", response: "a" })).toBe(false);
    expect(referenceJudge.appliesTo({ prompt: "q", response: "a", reference: "a" })).toBe(true);
    expect(run("a", undefined)).toMatchObject({ pass: false, scores: {}, reasons: ["no reference to compare with"] });
    expect(run("", "a")).toMatchObject({ pass: false, scores: { correctness: 0 } });
  });
});

describe.skipIf(!HAVE_ROUTERBENCH)("reference judge on ARC and Winogrande answers (RouterBench, both splits)", () => {
  /**
   * RouterBench has no gold column: a prompt's gold letter is the one option named by the answers recorded
   * correct (score 1) of the other models — leaving the judged model out, so its own answer does not make the key.
   */
  function agreement(task: "arc_challenge" | "winograde", model: string) {
    let n = 0, agree = 0, noGold = 0;
    for (const r of routerbench(task)) {
      const o = r.outcomes[model];
      if (!o) continue;
      const options = optionsOf(r.prompt);
      const letters = new Set<string>();
      for (const [m, other] of Object.entries(r.outcomes)) {
        if (m === model || other?.score !== 1) continue;
        const l = namedOption(other.response ?? "", options).letter;
        if (l) letters.add(l);
      }
      if (letters.size !== 1) {
        noGold++;
        continue;
      }
      const v = referenceJudge.judge({ prompt: r.prompt, response: o.response ?? "", reference: [...letters][0]! });
      n++;
      if (v.pass === (o.score === 1)) agree++;
    }
    return { n, rate: agree / n, noGold };
  }

  it.each([
    ["arc_challenge", "gpt-4-1106-preview"], ["arc_challenge", "mistralai/mixtral-8x7b-chat"],
    ["winograde", "gpt-4-1106-preview"], ["winograde", "mistralai/mixtral-8x7b-chat"],
  ] as const)("on %s, its verdicts on %s agree with the recorded scores", (task, model) => {
    const { n, rate, noGold } = agreement(task, model);
    console.log(`reference judge on ${task} / ${model}: agrees with the recorded score on ${(rate * 100).toFixed(2)}% of ${n} answers (${noGold} prompts without a gold letter)`);
    expect(n).toBeGreaterThan(task === "arc_challenge" ? 1400 : 1200);
    expect(rate).toBeGreaterThanOrEqual(0.95);
  });
});

describe.skipIf(!HAVE_JUDGEBENCH)("reference judge on JudgeBench MMLU-Pro pairs", () => {
  it("extracts an option letter from nearly every long response, and two responses judged unequal name different letters", () => {
    for (const model of JUDGEBENCH_MODELS) {
      const pairs = judgebench(model).filter((p) => p.source.startsWith("mmlu-pro") && /^[AB]>[AB]$/.test(p.label));
      let extracted = 0, both = 0, differ = 0;
      for (const p of pairs) {
        const [a, b] = [p.response_A, p.response_B].map((r) => referenceJudge.judge({ prompt: p.question, response: r, reference: "A" }).answer);
        extracted += Number(Boolean(a)) + Number(Boolean(b));
        if (a && b) {
          both++;
          if (a !== b) differ++;
        }
      }
      console.log(`reference judge on JudgeBench ${model}: a letter from ${extracted}/${pairs.length * 2} responses; different letters in ${differ}/${both} pairs`);
      expect(extracted / (pairs.length * 2)).toBeGreaterThan(0.95);
      expect(differ / both).toBeGreaterThan(0.95);
    }
  });
});
if (!HAVE_ROUTERBENCH || !HAVE_JUDGEBENCH) it.skip(NO_DATA, () => {});
