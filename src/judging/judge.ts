// The one contract every judge meets (rule or LLM): it reads an answer and returns a verdict as data.
import type { Dimension, Domain } from "../vocabulary.js";

/** What a judge may ask for beyond the answer itself: checks the caller wants enforced. */
export interface Expectations {
  /** A JSON Schema the answer (as JSON) must satisfy; `{}` asks only for valid JSON. */
  jsonSchema?: Record<string, unknown>;
  /** Bounds on the answer's length, in characters and words. */
  minChars?: number;
  maxChars?: number;
  minWords?: number;
  maxWords?: number;
  /** A regular expression (source) the whole trimmed answer must match. */
  pattern?: string;
  /** The programming language code in the answer must parse as. */
  language?: string;
}

/** One answer to judge. A judge reads what it needs and ignores the rest. */
export interface JudgeInput {
  /** The prompt (its last user turn, or the whole conversation as text). */
  prompt: string;
  response: string;
  domain?: Domain;
  /**
   * The reference answer when one is known (calibration suites, labelled data). Judges that grade against
   * it never see it otherwise; a cascade's judges run without one.
   */
  reference?: string;
  expect?: Expectations;
  /** The expert that produced the answer: an LLM judge never judges its own output. */
  producer?: string;
}

/**
 * What a judge found. `scores` holds a score in [0, 1] for each dimension the judge measured on this
 * answer (it may measure fewer than it declares when the input lacks what a check needs); `pass` is the
 * judge's overall yes/no. A failed check is data, never an exception. `answer` is the answer in a
 * comparable form (an option letter, a number) when the judge extracts one, so agreement can be seen.
 */
export interface Verdict {
  judge: string;
  pass: boolean;
  scores: Partial<Record<Dimension, number>>;
  reasons: string[];
  answer?: string;
  /** What judging cost (an LLM judge's call); 0 or absent for rule judges. */
  costUsd?: number;
  /** The model that judged (LLM judges). */
  judgedBy?: string;
}

export interface Judge {
  readonly name: string;
  readonly kind: "rule" | "llm";
  /** The dimensions this judge scores. */
  readonly dimensions: readonly Dimension[];
  /** Whether this judge can say anything about this input (e.g. a reference judge needs a reference). */
  appliesTo(input: JudgeInput): boolean;
  /** Never throws for "the answer fails the check"; throws only when judging itself failed (an LLM judge's outage). */
  judge(input: JudgeInput, signal?: AbortSignal): Verdict | Promise<Verdict>;
}

/** A model-free judge: synchronous, free, usable offline and in a cascade's hot loop. */
export interface RuleJudge extends Judge {
  readonly kind: "rule";
  /**
   * Whether its passing verdicts carry a comparable `answer`: true, always (so answers can agree); false, never
   * (so an answer can only be taken alone); absent, it depends. A cascade uses it to stop asking early.
   */
  readonly extractsAnswers?: boolean;
  judge(input: JudgeInput): Verdict;
}

/** A verdict that scores every listed dimension `score`. */
export function verdict(judge: string, pass: boolean, dimensions: readonly Dimension[], reasons: string[], extra: Partial<Verdict> = {}): Verdict {
  const score = pass ? 1 : 0;
  return { judge, pass, scores: Object.fromEntries(dimensions.map((d) => [d, score])), reasons, ...extra };
}
