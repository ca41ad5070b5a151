// The pairwise judge: which of two answers is better, asked in both orders so that a position-biased verdict becomes a tie.
import type { Expert } from "../../experts/expert.js";
import type { Domain } from "../../vocabulary.js";
import { eligible, judgingExperts, modelOf, type LlmJudgeOptions } from "./judge-experts.js";
import { pairwiseMessages } from "./pairwise-prompt.js";
import type { RubricDimension } from "./rubrics.js";
import { PairVerdictSchema, type PairLabel } from "./schemas.js";
import { askVerdict } from "./structured.js";

/** Two answers to one prompt. `producers` are the experts that wrote them: neither may judge. */
export interface PairInput {
  prompt: string;
  answerA: string;
  answerB: string;
  reference?: string;
  domain?: Domain;
  producers?: readonly string[];
}

/**
 * One call's verdict, mapped back to the input's labels: `winner` "A" is always `answerA`. `shown` is the order
 * the answers were shown in; the reasons are the model's own words, so under ["B", "A"] its "Answer A" is `answerB`.
 */
export interface PairVerdict {
  winner: PairLabel;
  shown: ["A", "B"] | ["B", "A"];
  reasons: string[];
  judgedBy: string;
  costUsd: number;
}

/** The combined verdict: `consistent` when both orders agree; otherwise a tie, blamed on position bias. */
export interface PairwiseResult {
  judge: string;
  winner: PairLabel;
  /** The verdict with A shown first, then the one with B shown first. */
  verdicts: [PairVerdict, PairVerdict];
  consistent: boolean;
  reasons: string[];
  costUsd: number;
}

export interface PairwiseJudge {
  readonly name: string;
  readonly kind: "llm-pairwise";
  /** Throws only when judging failed (`judge_failed`, an upstream outage, no eligible expert, aborted). */
  compare(input: PairInput, signal?: AbortSignal): Promise<PairwiseResult>;
}

export interface PairwiseOptions extends LlmJudgeOptions {
  /** Compare on one dimension's rubric; absent: overall quality. */
  dimension?: RubricDimension;
}

export const POSITION_BIAS = "position bias: the verdict flipped with the order";

const SWAP: Record<PairLabel, PairLabel> = { A: "B", B: "A", tie: "tie" };

/** A pairwise judge over `experts` (tried in order). Both orders are asked at once; either failing fails both. */
export function pairwiseJudge(experts: readonly Expert[], options: PairwiseOptions = {}): PairwiseJudge {
  const name = options.name ?? `llm-pairwise${options.dimension ? `-${options.dimension}` : ""}`;
  const judges = judgingExperts(name, experts, options.producer);
  const model = modelOf(options);
  return {
    name,
    kind: "llm-pairwise",
    async compare(input, signal) {
      const who = eligible(name, judges, input.producers ?? []);
      const ctl = new AbortController();
      const both = signal ? AbortSignal.any([signal, ctl.signal]) : ctl.signal;
      const ask = async (swapped: boolean): Promise<PairVerdict> => {
        const [first, second] = swapped ? [input.answerB, input.answerA] : [input.answerA, input.answerB];
        const messages = pairwiseMessages({ prompt: input.prompt, first, second, reference: input.reference, domain: input.domain }, options.dimension);
        const r = await askVerdict(model, who, { judge: name, messages, name: "pairwise_verdict", schema: PairVerdictSchema }, both);
        return {
          winner: swapped ? SWAP[r.value.winner] : r.value.winner,
          shown: swapped ? ["B", "A"] : ["A", "B"],
          reasons: r.value.reasons,
          judgedBy: r.expert.id,
          costUsd: r.costUsd,
        };
      };
      // The first failure stops the other call: its verdict would be of no use alone.
      const settle = (p: Promise<PairVerdict>) => p.catch((err: unknown) => { ctl.abort(err); throw err; });
      const [ab, ba] = await Promise.all([settle(ask(false)), settle(ask(true))]);
      return combine(name, ab, ba);
    },
  };
}

/** Agreeing verdicts stand; disagreeing ones (one order's winner is not the other's) are a tie. */
export function combine(judge: string, ab: PairVerdict, ba: PairVerdict): PairwiseResult {
  const consistent = ab.winner === ba.winner;
  const reasons = consistent
    ? [`both orders chose ${ab.winner === "tie" ? "a tie" : ab.winner}`, ...ab.reasons]
    : [POSITION_BIAS, `with A shown first: ${ab.winner}; with B shown first: ${ba.winner}`];
  return { judge, winner: consistent ? ab.winner : "tie", verdicts: [ab, ba], consistent, reasons, costUsd: ab.costUsd + ba.costUsd };
}
