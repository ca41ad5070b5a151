// Rule judge "length-format": length bounds and a pattern from `input.expect`, and the format the prompt plainly asks for.
import { verdict, type Expectations, type JudgeInput, type RuleJudge, type Verdict } from "../judge.js";
import { charCount, formatDemands, wordCount, type FormatDemand } from "./format-demands.js";

const DIMENSIONS = ["format"] as const;

/** A caller's pattern must match the whole trimmed answer; an invalid one is reported, not thrown. */
function patternDemand(source: string): FormatDemand | string {
  let re: RegExp;
  try {
    re = new RegExp(`^(?:${source})$`, "u");
  } catch {
    try {
      re = new RegExp(`^(?:${source})$`);
    } catch (e) {
      return `the expected pattern is not a valid regular expression: ${(e as Error).message}`;
    }
  }
  return { says: `matches /${source}/`, problem: (a) => (re.test(a.trim()) ? null : `does not match the pattern /${source.slice(0, 60)}/`) };
}

/** The caller's bounds as demands. */
function expectedDemands(expect: Expectations): FormatDemand[] {
  const bound = (value: number | undefined, says: string, ok: (n: number, a: string) => boolean, measure: (a: string) => number, unit: string): FormatDemand[] =>
    value === undefined ? [] : [{ says: `${says} ${value} ${unit}${value === 1 ? "" : "s"}`, problem: (a) => (ok(value, a) ? null : `${says} ${value} ${unit}${value === 1 ? "" : "s"} expected, the answer has ${measure(a)}`) }];
  return [
    ...bound(expect.minChars, "at least", (n, a) => charCount(a) >= n, charCount, "character"),
    ...bound(expect.maxChars, "at most", (n, a) => charCount(a) <= n, charCount, "character"),
    ...bound(expect.minWords, "at least", (n, a) => wordCount(a) >= n, wordCount, "word"),
    ...bound(expect.maxWords, "at most", (n, a) => wordCount(a) <= n, wordCount, "word"),
  ];
}

const hasBounds = (e: Expectations | undefined) =>
  e !== undefined && [e.minChars, e.maxChars, e.minWords, e.maxWords, e.pattern].some((v) => v !== undefined);

/**
 * Checks `expect.minChars`, `maxChars`, `minWords`, `maxWords` (characters are code points of the trimmed
 * answer; words are whitespace-separated tokens with a letter or digit) and `expect.pattern` (a regular
 * expression the whole trimmed answer must match), and the formats the prompt states plainly: one word, a
 * single letter, yes or no, at most / at least N words, JSON. Passes when every demand holds; with no demand
 * it passes and scores nothing. An invalid pattern fails with no score (the caller's mistake).
 */
export const lengthFormatJudge: RuleJudge = {
  name: "length-format",
  kind: "rule",
  dimensions: DIMENSIONS,
  appliesTo: ({ prompt, expect }) => hasBounds(expect) || formatDemands(prompt).length > 0,
  judge({ prompt, response, expect }: JudgeInput): Verdict {
    const demands = [...(expect ? expectedDemands(expect) : []), ...formatDemands(prompt)];
    if (expect?.pattern !== undefined) {
      const p = patternDemand(expect.pattern);
      if (typeof p === "string") return verdict(this.name, false, [], [p]);
      demands.push(p);
    }
    if (demands.length === 0) return verdict(this.name, true, [], ["no length or format was asked for"]);
    const problems = demands.map((d) => d.problem(response)).filter((p): p is string => p !== null);
    if (problems.length > 0) return verdict(this.name, false, DIMENSIONS, problems);
    return verdict(this.name, true, DIMENSIONS, [`meets ${demands.map((d) => d.says).join(", ")}`]);
  },
};
