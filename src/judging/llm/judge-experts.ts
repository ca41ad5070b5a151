// Who may judge: the judging experts in fallback order, never the expert whose answer is judged, never a model-free builtin.
import { EoError } from "../../errors.js";
import type { Expert } from "../../experts/expert.js";
import { providerJudgeModel, type JudgeModel, type JudgeModelSettings } from "./judge-model.js";

/** What every LLM judge factory takes besides its experts. */
export interface LlmJudgeOptions extends JudgeModelSettings {
  /** The judge's name in verdicts and panels (default: from its dimensions). */
  name?: string;
  /**
   * The expert whose answers this judge will read: left out of the judging experts for good. A per-answer
   * producer (`JudgeInput.producer`) is left out of that one verdict too.
   */
  producer?: string;
  /** The least score that passes (default 0.5); the judge must also say pass. */
  passMark?: number;
  /** How models are called (default: the provider registry, with `JudgeModelSettings`). */
  model?: JudgeModel;
}

export const DEFAULT_PASS_MARK = 0.5;

/** The experts that can judge at all: LLMs only (a builtin cannot read a rubric). */
export function judgingExperts(name: string, experts: readonly Expert[], producer?: string): Expert[] {
  const llms = experts.filter((e) => e.provider !== "builtin");
  return eligible(name, llms, producer ? [producer] : [], experts);
}

/** The judging experts less the producers of the answers judged; none left is `no_eligible_expert`, said plainly. */
export function eligible(name: string, experts: readonly Expert[], producers: readonly (string | undefined)[], asked = experts): Expert[] {
  const out = producers.filter((p): p is string => !!p);
  const left = experts.filter((e) => !out.includes(e.id));
  if (left.length > 0) return left;
  const named = asked.map((e) => e.id).join(", ") || "none";
  const why = out.length ? `; a judge never judges its own output (produced by ${out.join(", ")})` : "";
  throw new EoError("no_eligible_expert", `${name}: no expert can judge (judging experts: ${named})${why}`, {
    details: { judge: name, experts: asked.map((e) => e.id), producers: out },
  });
}

/** Whether any expert is left to judge an answer from these producers. */
export function canJudge(experts: readonly Expert[], producers: readonly (string | undefined)[]): boolean {
  return experts.some((e) => !producers.includes(e.id));
}

export const modelOf = (o: LlmJudgeOptions): JudgeModel => o.model ?? providerJudgeModel(o);
