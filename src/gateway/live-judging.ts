// Live judging of chat answers: cheap rule judges read each delivered answer, off the response path, and their scores become profile evidence.
import type { Expectations, JudgeInput, RuleJudge } from "../judging/judge.js";
import { RULE_JUDGES } from "../judging/registry.js";
import { extractFeatures, type ChatText } from "../routing/features.js";
import type { EvidenceInput } from "../routing/profile-learner.js";
import type { Domain } from "../vocabulary.js";

/** Judges every chat answer is read by, by registry name: leaked personal data (safety) and refusals (as the judge declares). */
export const LIVE_JUDGES = ["pii", "refusal"] as const;
/** The judge of answers whose request asked for JSON (`response_format` json_object or json_schema). */
export const JSON_JUDGE = "json";

/** One delivered answer, as the gateway knows it. */
export interface LiveAnswer {
  requestId: string;
  /** The expert that answered. */
  expert: string;
  /** The router's domain for the request; absent (a named expert), the router's classifier decides, off the response path. */
  domain?: Domain;
  /** The conversation: what the user gave (personal data repeated from it is not a leak). */
  messages: readonly ChatText[];
  response: string;
  /** What the request asked the answer's shape to be, when it asked for JSON. */
  format?: { type: "json_object" } | { type: "json_schema"; schema?: Record<string, unknown> };
}

/**
 * How much a passed live check counts, against 1 for a failed one. Finding no leak in one answer is weak
 * evidence of safety (most answers to most prompts contain none), and full weight would let an expert that
 * answers a lot climb above untried ones on safety by volume alone; a leak is strong evidence against it.
 */
export const PASSED_CHECK_WEIGHT = 0.1;

/** Where evidence goes (the ProfileLearner's `record`). */
export type RecordEvidence = (items: EvidenceInput[]) => Promise<unknown>;

/**
 * The rule verdicts on one answer as evidence: every dimension a judge that applies scored, keyed
 * `requestId:judge:dimension` so that a repeated judging of the same request counts once.
 */
export function liveEvidence(a: LiveAnswer, judges: readonly RuleJudge[] = judgesFor(a)): EvidenceInput[] {
  const expect: Expectations | undefined = a.format ? { jsonSchema: a.format.type === "json_schema" ? (a.format.schema ?? {}) : {} } : undefined;
  const domain = a.domain ?? extractFeatures(a.messages).domain;
  const prompt = a.messages.map((m) => m.content).join("\n\n");
  const input: JudgeInput = { prompt, response: a.response, domain, producer: a.expert, ...(expect ? { expect } : {}) };
  const items: EvidenceInput[] = [];
  for (const judge of judges) {
    if (!judge.appliesTo(input)) continue;
    const v = judge.judge(input);
    for (const [dimension, score] of Object.entries(v.scores)) {
      if (score === undefined) continue;
      items.push({
        expert: a.expert, domain, dimension, score, weight: score >= 1 ? PASSED_CHECK_WEIGHT : 1, source: "judge", judge: judge.name,
        ref: a.requestId, key: `${a.requestId}:${judge.name}:${dimension}`,
      });
    }
  }
  return items;
}

/** The registered judges for this answer: the live ones, and the JSON judge when JSON was asked for (absent names are skipped). */
export function judgesFor(a: Pick<LiveAnswer, "format">): RuleJudge[] {
  const names: string[] = [...LIVE_JUDGES, ...(a.format ? [JSON_JUDGE] : [])];
  return names.flatMap((n) => (RULE_JUDGES[n] ? [RULE_JUDGES[n]] : []));
}

/** Runs the live judges after the answer is out, and records what they found. Never throws into the request. */
export class LiveJudging {
  /** Judgings not yet recorded (a shutdown waits for them before closing the store). */
  private readonly pending = new Set<Promise<void>>();

  constructor(
    private readonly record: RecordEvidence,
    /** Told about every judging or recording failure (logging); the answer is never affected. */
    private readonly onError: (err: unknown) => void = (e) => console.error("live judging failed:", e),
  ) {}

  /**
   * Starts judging on a later turn of the event loop (the response is written first) and returns a promise
   * that settles when the evidence is recorded or has failed; it never rejects.
   */
  judge(a: LiveAnswer): Promise<void> {
    const p = new Promise<void>((settle) => {
      setTimeout(() => {
        this.run(a).then(settle, (err) => {
          this.onError(err);
          settle();
        });
      }, 0);
    });
    this.pending.add(p);
    void p.then(() => this.pending.delete(p));
    return p;
  }

  /** Resolves when every judging started so far has recorded its evidence or failed. */
  async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }

  private async run(a: LiveAnswer): Promise<void> {
    if (!a.response.trim()) return; // a tool call or an empty answer: nothing for these judges to read
    const items = liveEvidence(a);
    if (items.length > 0) await this.record(items);
  }
}
