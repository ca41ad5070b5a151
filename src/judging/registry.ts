// Every rule judge by name: one line per judge. LLM judges need a model, so they are built per use (src/judging/llm).
import { choiceAnswerJudge } from "./choice-answer.js";
import type { RuleJudge } from "./judge.js";
import { pythonCodeJudge } from "./python-code.js";
import { answeredJudge } from "./rule-judges.js";
import { codeParsesJudge } from "./rules/code-parses.js";
import { jsonJudge } from "./rules/json.js";
import { lengthFormatJudge } from "./rules/length-format.js";
import { piiJudge } from "./rules/pii.js";
import { referenceJudge } from "./rules/reference.js";
import { refusalJudge } from "./rules/refusal.js";

export const RULE_JUDGES: Readonly<Record<string, RuleJudge>> = {
  [answeredJudge.name]: answeredJudge,
  [choiceAnswerJudge.name]: choiceAnswerJudge,
  [pythonCodeJudge.name]: pythonCodeJudge,
  [jsonJudge.name]: jsonJudge,
  [refusalJudge.name]: refusalJudge,
  [codeParsesJudge.name]: codeParsesJudge,
  [piiJudge.name]: piiJudge,
  [referenceJudge.name]: referenceJudge,
  [lengthFormatJudge.name]: lengthFormatJudge,
};
