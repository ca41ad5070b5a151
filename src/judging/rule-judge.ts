// The contract of a rule judge: a model-free check of one answer to one prompt, run offline or live.

/**
 * What a rule judge found. A failed check is data (`pass: false` with reasons), never an exception.
 * `answer` is the answer in a comparable form (e.g. the option letter) when the judge can extract one, so
 * that a cascade can see whether two experts agree; judges of free-form answers leave it out.
 */
export interface RuleVerdict {
  judge: string;
  pass: boolean;
  answer?: string;
  reasons: string[];
}

/** A rule judge reads the prompt (for its options, its language) and the answer; never the reference answer. */
export interface RuleJudge {
  readonly name: string;
  judge(prompt: string, response: string): RuleVerdict;
}
