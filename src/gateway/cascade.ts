// The cascade on live calls: cheaper experts are asked first (whole answers), and a rule judge decides whether one is enough.
import type { AIMessageChunk } from "@langchain/core/messages";
import type { BaseMessage } from "@langchain/core/messages";
import { EoError } from "../errors.js";
import type { Catalog } from "../experts/catalog.js";
import type { Expert } from "../experts/expert.js";
import { withFallback, type FallbackOptions } from "../experts/fallback.js";
import type { CallParams, SecretEnv } from "../experts/providers/provider.js";
import { PROVIDERS } from "../experts/providers/registry.js";
import type { RuleJudge, Verdict } from "../judging/judge.js";
import { RULE_JUDGES } from "../judging/registry.js";
import { ruleJudgeFor } from "../judging/rule-judges.js";
import { DEFAULT_CASCADE, passingFallback, planCascade, runStages, type CascadeKnobs, type CascadeLimits, type CascadePlan, type StagesResult } from "../routing/cascade.js";
import type { Decision } from "../routing/router.js";
import type { CascadeAudit } from "../store/store.js";
import { clip } from "./audit.js";
import type { CascadePreference, ChatRequest } from "./request.js";
import { contentText, costUsd, usageOf, type Usage } from "./response.js";

/** One stage's whole answer, kept so that it can be delivered. */
export interface StageAnswer {
  expert: Expert;
  message: AIMessageChunk;
  usage: Usage;
  costUsd: number;
}

/** What the stages did: the judge's decision, and every answer (the accepted one, or a passing one to fall back on). */
export interface LiveStages {
  plan: CascadePlan;
  judge: RuleJudge;
  result: StagesResult;
  answers: Map<string, StageAnswer>;
  /** Tokens of every stage that answered (what was paid for). */
  usage: Usage;
  /** The stage to deliver when the routed expert and its fallbacks all fail: the best-predicted passing one. */
  fallback?: StageAnswer;
}

/** `eo.cascade` as knobs over the defaults; undefined when no cascade is asked for. */
export function knobsOf(c: CascadePreference | undefined): CascadeKnobs | undefined {
  if (!c) return undefined;
  return c === true ? DEFAULT_CASCADE : { ...DEFAULT_CASCADE, ...c };
}

/** What a chat request's `eo.cascade` says, as knobs; undefined when it does not ask for a cascade. */
export function cascadeKnobs(req: ChatRequest): CascadeKnobs | undefined {
  const knobs = knobsOf(req.eo?.cascade);
  if (knobs && req.tools?.length) throw new EoError("validation_failed", "eo.cascade: a cascade judges text answers; it does not apply to requests with tools", { param: "eo.cascade" });
  return knobs;
}

export type JsonFormat = { type: "json_object" } | { type: "json_schema"; schema?: Record<string, unknown> };

/**
 * The judge of the stages' answers: for a request that asks for JSON, the JSON judge (valid JSON, and the schema when
 * one is given), which extracts no comparable answer, so a stage answers alone only if predicted nearly as good as
 * the target; otherwise the prompt's rule judge (a choice, Python code, or any answer that is not a refusal).
 */
export function cascadeJudge(prompt: string, domain: string, format?: JsonFormat): RuleJudge {
  if (!format) return ruleJudgeFor(prompt, domain);
  const json = RULE_JUDGES.json!;
  const expect = { jsonSchema: format.type === "json_schema" ? (format.schema ?? {}) : {} };
  return { ...json, extractsAnswers: false, judge: (input) => json.judge({ ...input, expect }) as Verdict };
}

/** The text the judge reads as the prompt: the last user message (where a choice question lists its options). */
export function promptText(messages: readonly { role: string; content: string }[]): string {
  for (let i = messages.length - 1; i >= 0; i--) if (messages[i]!.role === "user") return messages[i]!.content;
  return messages.at(-1)?.content ?? "";
}

export interface StageDeps {
  catalog: Catalog;
  env: SecretEnv;
  fallback: FallbackOptions;
}

/**
 * Plans the cascade from the router's decision (ranked over every eligible expert) and asks its stages in
 * turn, each as one whole call with its retries but no fallback (a stage that fails is skipped). Aborts when
 * the client goes away. Returns null when there is nothing cheaper to ask.
 */
export async function askStages(
  decision: Decision,
  knobs: CascadeKnobs,
  chat: {
    plain: { role: string; content: string }[]; messages: BaseMessage[]; params: CallParams;
    /** The caller's cost and latency limits: they bound the stages and the target together. */
    limits?: CascadeLimits;
    /** The request's response_format, when it asks for JSON. */
    format?: JsonFormat;
  },
  deps: StageDeps,
): Promise<LiveStages | null> {
  const plan = planCascade(decision, knobs, chat.limits);
  if (!plan || plan.stages.length === 0) return null;
  const prompt = promptText(chat.plain);
  const judge = cascadeJudge(prompt, decision.domain, chat.format);
  const answers = new Map<string, StageAnswer>();
  const usage: Usage = { inputTokens: 0, outputTokens: 0 };
  const ask = async (id: string) => {
    const expert = deps.catalog.require(id);
    let r;
    try {
      r = await withFallback(
        [expert],
        async (e, live) => (await PROVIDERS[e.provider].chatModel(e, chat.params, deps.env, live.signal).invoke(chat.messages, { signal: live.signal })) as AIMessageChunk,
        deps.fallback,
      );
    } catch (err) {
      if (deps.fallback.signal?.aborted) throw err;
      return undefined; // the stage gave no answer: the cascade moves on
    }
    r.live.done();
    const u = usageOf(r.value) ?? { inputTokens: 0, outputTokens: 0 };
    usage.inputTokens += u.inputTokens;
    usage.outputTokens += u.outputTokens;
    const answer = { expert, message: r.value, usage: u, costUsd: costUsd(expert, u) };
    answers.set(id, answer);
    return { response: contentText(r.value), costUsd: answer.costUsd };
  };
  const result = await runStages(plan, prompt, judge, ask, knobs);
  const passing = passingFallback(plan, result.steps);
  return { plan, judge, result, answers, usage, fallback: passing ? answers.get(passing) : undefined };
}

/** One stage as reported and audited: who, what it cost, whether its answer passed, and the answer the judge read. */
function stepView(x: LiveStages["result"]["steps"][number]) {
  return { expert: x.expert, costUsd: x.costUsd, pass: x.verdict.pass, ...(x.verdict.answer !== undefined ? { answer: x.verdict.answer } : {}) };
}

/** The cascade as the answer's `eo.cascade` shows it: each stage asked, what it cost, and what the judge said. */
export function cascadeReport(s: LiveStages) {
  return {
    reason: s.result.reason,
    accepted: s.result.accepted,
    target: s.plan.target.expert,
    stagesCostUsd: s.result.costUsd,
    steps: s.result.steps.map((x) => ({ ...stepView(x), judge: x.verdict.judge })),
  };
}

/**
 * The cascade as the audit record keeps it: the stages, plus the answer the judge reads in the delivered one (none
 * when nothing was delivered), so that feedback on it can be carried over to the stages that gave the same answer;
 * with `withText`, each stage's answer text too.
 */
export function cascadeAudit(s: LiveStages, delivered: { expert: string; text: string } | null, prompt: string, withText: boolean): CascadeAudit {
  const own = delivered && (s.result.steps.find((x) => x.expert === delivered.expert)?.verdict ?? s.judge.judge({ prompt, response: delivered.text }));
  return {
    target: s.plan.target.expert,
    accepted: s.result.accepted,
    reason: s.result.reason,
    judge: s.judge.name,
    ...(own?.pass && own.answer !== undefined ? { answer: own.answer } : {}),
    steps: s.result.steps.map((x) => ({ ...stepView(x), ...(withText ? { response: clip(contentText(s.answers.get(x.expert)!.message)) } : {}) })),
  };
}
