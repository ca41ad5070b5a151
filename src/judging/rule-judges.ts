// Picks the rule judge for a prompt: multiple choice, Python code, or the plain "an answer was given" check.
import { choiceAnswerJudge, optionsOf } from "./choice-answer.js";
import { pythonCodeJudge } from "./python-code.js";
import { verdict, type RuleJudge } from "./judge.js";
import { describeRefusal, refusalIn } from "./rules/refusal.js";

const WANTS_PYTHON = /\b(?:python|function)\b/i;

/** Any answer that is not empty and not a refusal or abstention (the refusal judge's phrases); it extracts no comparable answer. */
export const answeredJudge: RuleJudge = {
  name: "answered",
  kind: "rule",
  extractsAnswers: false,
  dimensions: ["format"],
  appliesTo: () => true,
  judge({ response }) {
    const s = response.trim();
    if (!s) return verdict(this.name, false, this.dimensions, ["the answer is empty"]);
    const refused = refusalIn(s);
    if (refused) return verdict(this.name, false, this.dimensions, [describeRefusal(refused)]);
    return verdict(this.name, true, this.dimensions, ["an answer was given"]);
  },
};

/** The judge that can check an answer to this prompt: by its options, else its domain and wording. */
export function ruleJudgeFor(prompt: string, domain: string): RuleJudge {
  if (optionsOf(prompt).size > 0) return choiceAnswerJudge;
  if (domain === "code" && WANTS_PYTHON.test(prompt)) return pythonCodeJudge;
  return answeredJudge;
}
