// Rule judge "reference": the answer matches `input.reference` as an option letter, as a number, or as normalized text.
import { namedOption, optionsOf } from "../choice-answer.js";
import { verdict, type RuleJudge, type Verdict } from "../judge.js";
import { finalAnswer } from "./final-answer.js";
import { normalizeText } from "./normalize-text.js";
import { lastNumber, parseNumber, sameNumber, type WrittenNumber } from "./numbers.js";

const DIMENSIONS = ["correctness"] as const;
/** A paragraph longer than this is an explanation: its last number is not taken for the answer. */
const SHORT = 500;
const YES_NO = new Set(["yes", "no", "true", "false"]);

/** The option letter a reference names: the letter itself ("B", "(B)", "B)"), or an option's text ("iron", "B) iron"). */
function referenceLetter(reference: string, options: Map<string, string>): string | undefined {
  const letter = /^\(?([A-J])\)?[.:]?$/i.exec(reference.trim())?.[1]?.toUpperCase();
  if (letter) return options.has(letter) ? letter : undefined;
  return namedOption(reference, options).letter;
}

/** The option an answer names: directly, else through its marked final answer ("**Answer:** B", "BBBBB"). */
function answerLetter(response: string, options: Map<string, string>): { letter?: string; why: string } {
  const direct = namedOption(response, options);
  if (direct.letter) return direct;
  const final = finalAnswer(response);
  if (!final) return direct;
  const viaFinal = namedOption(final.text, options);
  return viaFinal.letter ? { letter: viaFinal.letter, why: `${viaFinal.why} (${final.how})` } : direct;
}

/** The number an answer gives: its marked final answer, else the whole answer, else the last number of its last paragraph when that is short. */
function answerNumber(response: string): { n: WrittenNumber; text: string } | undefined {
  const final = finalAnswer(response);
  const lastParagraph = response.trim().split(/\n\s*\n/).at(-1) ?? "";
  const candidates = [final?.text, response, final ? lastNumber(final.text) : undefined, lastParagraph.length <= SHORT ? lastNumber(lastParagraph) : undefined];
  for (const text of candidates) {
    const n = text === undefined ? undefined : parseNumber(text);
    if (n) return { n, text: text!.trim() };
  }
  return undefined;
}

/**
 * A short answer (at most 12 words, no negation) that ends with a short reference (at most 3 words):
 * "The capital is Paris." for "Paris". Longer answers must mark their final answer instead.
 */
function endsWith(answer: string, reference: string): boolean {
  const words = answer.split(" ");
  const ref = reference.split(" ");
  return words.length <= 12 && ref.length <= 3 && !/\b(?:not|no|never|nor|isn|aren|wasn|t)\b/.test(answer) && words.slice(-ref.length).join(" ") === reference;
}

const show = (n: WrittenNumber) => String(Number(n.value.toPrecision(12)));

/**
 * Compares an answer with `input.reference`. With options in the prompt and a reference that names one (by
 * letter or text), the answer must name the same option. Else, when the reference is a number ("1/2",
 * "50%", "$1,000.00"), the answer's number must be equal (relative 1e-6, or the reference rounded to the
 * places the answer writes). Else the normalized texts must be equal: the answer's marked final answer or
 * the whole answer (for a yes/no reference, its first word; for a short one, the end of a short answer
 * without negation: "The capital is Paris." matches "Paris"). Scores "correctness"; `answer` is what was
 * extracted (the letter, the number, or the normalized text). Without a reference it scores nothing and fails.
 */
export const referenceJudge: RuleJudge = {
  name: "reference",
  kind: "rule",
  dimensions: DIMENSIONS,
  appliesTo: ({ reference }) => Boolean(reference?.trim()),
  judge({ prompt, response, reference }): Verdict {
    const ref = reference?.trim() ?? "";
    if (!ref) return verdict(this.name, false, [], ["no reference to compare with"]);
    if (!response.trim()) return verdict(this.name, false, DIMENSIONS, ["the answer is empty"]);
    const judged = (pass: boolean, why: string, answer?: string) => verdict(this.name, pass, DIMENSIONS, [why], answer === undefined ? {} : { answer });

    const options = optionsOf(prompt);
    const refLetter = options.size > 0 ? referenceLetter(ref, options) : undefined;
    if (refLetter) {
      const got = answerLetter(response, options);
      if (!got.letter) return judged(false, `${got.why}; the reference is ${refLetter}`);
      return judged(got.letter === refLetter, `${got.why}; the reference is ${refLetter}`, got.letter);
    }

    const refNumber = parseNumber(ref);
    if (refNumber) {
      const got = answerNumber(response);
      if (!got) return judged(false, `the answer gives no number; the reference is ${ref}`);
      const same = sameNumber(got.n, refNumber);
      return judged(same, `the answer's number ${got.text.slice(0, 40)} ${same ? "equals" : "differs from"} the reference ${ref}`, show(got.n));
    }

    const want = normalizeText(ref);
    const final = finalAnswer(response);
    const whole = normalizeText(response);
    const candidates = [final ? normalizeText(final.text) : undefined, whole, YES_NO.has(want) ? whole.split(" ")[0] : undefined];
    const match = candidates.find((c) => c !== undefined && c === want) ?? (endsWith(whole, want) ? whole : undefined);
    const answer = match ?? candidates[0] ?? whole.slice(0, 200);
    return judged(match !== undefined, match !== undefined ? `the answer matches the reference "${ref.slice(0, 60)}"` : `"${answer.slice(0, 60)}" does not match the reference "${ref.slice(0, 60)}"`, answer);
  },
};
