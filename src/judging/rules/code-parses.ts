// Rule judge "code-parses": the answer's code parses in its language (Python, JavaScript, TypeScript, JSX) through the Lezer grammars.
import { verdict, type JudgeInput, type RuleJudge, type Verdict } from "../judge.js";
import { asksForCode, languageAskedIn, parseableLanguage } from "./code-language.js";
import { codeBlocks } from "./fences.js";
import { parseAnswer, type ParsedBlock } from "./parse-blocks.js";

const DIMENSIONS = ["format"] as const;

const where = (p: ParsedBlock) => `${p.language} at answer line ${p.block.line + (p.problem?.line ?? 1) - 1}`;
/**
 * The blocks held to parse: those that define something when any does (the rest are usage examples), less a
 * last one that the answer's end cut off when an earlier one is whole.
 */
function solutionBlocks(parsed: ParsedBlock[]): ParsedBlock[] {
  const defining = parsed.some((p) => p.defines) ? parsed.filter((p) => p.defines) : parsed;
  const last = defining.at(-1)!;
  return defining.length > 1 && !last.block.closed && last.problem ? defining.slice(0, -1) : defining;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/**
 * Judges that the code in an answer parses (syntax only). The language is the caller's (`expect.language`),
 * else each fence's tag, else the one the prompt names, else the code's look. Code only in another language
 * than the one asked for fails; beside code in the asked language it is ignored, as are blocks of output or
 * shell commands. When some block defines a function or class, blocks that define nothing (usage examples,
 * formulas, `f(1) -> 2` lines) are examples: they are not held to parse. An answer without code fails when
 * code was asked for (by `expect.language` or the prompt's wording) and otherwise passes with nothing scored.
 * A cut-off block whose lines so far parse passes, with a note; a cut-off block after a complete solution
 * (the answer ran out of tokens in a second version) is not held to parse.
 */
export const codeParsesJudge: RuleJudge = {
  name: "code-parses",
  kind: "rule",
  dimensions: DIMENSIONS,
  appliesTo: ({ prompt, response, expect }) => Boolean(expect?.language) || codeBlocks(response).length > 0 || asksForCode(prompt),
  judge({ prompt, response, expect }: JudgeInput): Verdict {
    const fail = (why: string): Verdict => verdict(this.name, false, DIMENSIONS, [why]);
    if (expect?.language && !parseableLanguage(expect.language)) {
      return verdict(this.name, false, [], [`no parser for "${expect.language}" (parsed: python, javascript, typescript, jsx, tsx)`]);
    }
    const asked = parseableLanguage(expect?.language) ?? languageAskedIn(prompt);
    const wantsCode = Boolean(expect?.language) || asksForCode(prompt);
    const { blocks, parsed, others, outputs, unparsed } = parseAnswer(response, asked);
    const other = [...others].join(", ");
    if (parsed.length === 0) {
      if (others.size > 0) return fail(asked ? `the code is in ${other}, not ${asked}` : `no parser for the code's language (${other})`);
      const none = blocks === 0 ? "the answer has no code" : "the answer has only output or shell blocks";
      return wantsCode ? fail(`code was asked for, but ${none}`) : verdict(this.name, true, [], [`${none} to parse`]);
    }
    const solution = solutionBlocks(parsed);
    const broken = solution.find((p) => p.problem);
    if (broken) return fail(`the code does not parse (${where(broken)}): ${broken.problem!.message}`);
    const examples = parsed.filter((p) => !solution.includes(p));
    const badExamples = examples.filter((p) => p.problem).length;
    const languages = [...new Set(solution.map((p) => p.language))].join(", ");
    const reasons = [`${plural(solution.length, "code block")} ${solution.length === 1 ? "parses" : "parse"} (${languages})`];
    if (examples.length > 0) reasons.push(`${plural(examples.length, "example block")} beside the code${badExamples ? `, ${badExamples} of them not valid code` : ""}`);
    if (others.size > 0) reasons.push(`not parsed: blocks in ${other}`);
    if (outputs > 0) reasons.push(`not parsed: ${plural(outputs, "block")} of output (no statement)`);
    if (unparsed > 0) reasons.push(`not parsed: ${plural(unparsed, "more block")} (the answer has more code than one judging parses)`);
    if (solution.some((p) => p.proseSkipped)) reasons.push("prose lines between the code were skipped");
    if (solution.some((p) => !p.block.closed)) reasons.push("the answer is cut off inside a code block; what is there parses");
    else if (parsed.some((p) => !p.block.closed)) reasons.push("the answer is cut off inside a later code block, not counted");
    return verdict(this.name, true, DIMENSIONS, reasons, { answer: languages });
  },
};
