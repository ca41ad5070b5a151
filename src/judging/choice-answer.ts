// Rule judge for multiple-choice prompts (ARC, Winogrande): does the answer name exactly one of the options?
import { verdict, type RuleJudge } from "./judge.js";

/** An option line of a question: "A) text", "(B) text", "C. text", "D: text". */
const OPTION = /^\s*\(?([A-J])[).:]\s*(.+?)\s*$/gm;
const ONLY_LETTER = /^\(?([A-J])\)?[.:]?$/;
const LEADING_LETTER = /^\(?([A-J])(?:\)|[.:](?=\s|$))/;
const STATED = /\banswer(?: is|:)\s*\(?([A-J])\b/gi;

/** The options of the prompt's last question, letter → text (the last occurrence of a letter wins: few-shot examples come first). */
export function optionsOf(prompt: string): Map<string, string> {
  const options = new Map<string, string>();
  for (const m of prompt.matchAll(OPTION)) {
    if (m[1] === "A") options.clear(); // a new question starts: forget the example's options
    options.set(m[1]!, m[2]!);
  }
  return options.size >= 2 ? options : new Map();
}

const norm = (s: string) => s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, " ").trim();

/**
 * The option an answer names, or why it names none: exactly a letter; else the text of exactly one option
 * (answers such as "A chart" quote the option, and their "A" is an article); else a leading "B)" or "B.";
 * else "the answer is B". Letters that are not options of the prompt do not count.
 */
export function namedOption(response: string, options: Map<string, string>): { letter?: string; why: string } {
  const s = response.trim();
  if (!s) return { why: "the answer is empty" };
  const only = ONLY_LETTER.exec(s)?.[1];
  if (only) return options.has(only) ? { letter: only, why: `answers ${only}` } : { why: `answers ${only}, which is not an option` };
  const text = norm(s);
  const byText = [...options].filter(([, t]) => {
    const o = norm(t);
    return o.length > 0 && (text === o || text.startsWith(`${o} `) || (o.startsWith(`${text} `) && text.length >= 3));
  });
  if (byText.length === 1) return { letter: byText[0]![0], why: `quotes option ${byText[0]![0]}` };
  const lead = LEADING_LETTER.exec(s)?.[1];
  if (lead && options.has(lead)) return { letter: lead, why: `answers ${lead}` };
  const stated = new Set([...s.matchAll(STATED)].map((m) => m[1]!.toUpperCase()).filter((l) => options.has(l)));
  if (stated.size === 1) return { letter: [...stated][0]!, why: `states the answer ${[...stated][0]}` };
  if (stated.size > 1) return { why: `names several options (${[...stated].join(", ")})` };
  return { why: `names none of the options ${[...options.keys()].join(", ")}: "${s.slice(0, 60)}"` };
}

export const choiceAnswerJudge: RuleJudge = {
  name: "choice-answer",
  kind: "rule",
  extractsAnswers: true,
  dimensions: ["format"],
  appliesTo: ({ prompt }) => optionsOf(prompt).size > 0,
  judge({ prompt, response }) {
    const options = optionsOf(prompt);
    if (options.size === 0) return verdict(this.name, false, this.dimensions, ["the prompt lists no options"]);
    const { letter, why } = namedOption(response, options);
    return letter ? verdict(this.name, true, this.dimensions, [why], { answer: letter }) : verdict(this.name, false, this.dimensions, [why]);
  },
};
