// How an agent reaches a model: ask the router for its role and domain, then call the ranked experts with fallback.
import type { AIMessageChunk, BaseMessageLike } from "@langchain/core/messages";
import { countTokens } from "gpt-tokenizer";
import { z } from "zod";
import type { Preferences } from "../src/config.js";
import { EoError } from "../src/errors.js";
import { costOf, type Expert } from "../src/experts/expert.js";
import { openStream } from "../src/experts/open-stream.js";
import { withFallback, type Attempt } from "../src/experts/fallback.js";
import type { CallParams } from "../src/experts/providers/provider.js";
import { PROVIDERS } from "../src/experts/providers/registry.js";
import { finishReasonOf, usageOf } from "../src/gateway/response.js";
import type { Decision } from "../src/routing/router.js";
import type { Domain } from "../src/vocabulary.js";
import { withCostCap, type AgentDeps } from "./runtime.js";
import type { RankedExpert, Role, TaskFailure } from "./task.js";

export interface RoleQuery {
  role: Role;
  domain: Domain;
  /** The prompt the call will send (it sizes the predicted cost). */
  prompt: string;
  prefs: Preferences;
  /** Output tokens the predicted cost assumes (default: the router's domain prior). */
  outputTokens?: number;
  exclude?: string[];
  excludeReason?: string;
  /** Least number of ranked candidates wanted (downgrades look further down the list). */
  ranked?: number;
}

/** Candidates shown in a `route` event: enough to see the runner-up and why others were left out. */
const SHOWN = 5;

/** The router's decision for one role; calls no model. */
export function routeRole(deps: AgentDeps, q: RoleQuery): Decision {
  return deps.router.route(
    { messages: [{ role: "user", content: q.prompt }], domain: q.domain, maxOutputTokens: q.outputTokens },
    q.prefs,
    { limit: SHOWN, ranked: Math.max(q.ranked ?? 10, deps.defaults.fallbacks), exclude: q.exclude, excludeReason: q.excludeReason },
  );
}

/**
 * The router's decision within what the budget leaves (`remainingUsd`, and the caller's own per-call cap). When
 * no expert fits, routing again without the cap says why: `budget_exceeded` (one exists, but costs more than
 * is left) or `no_eligible_expert`. `what` names the call in the failure's message ("the synthesis").
 */
export function routeWithinBudget(
  deps: AgentDeps, q: Omit<RoleQuery, "prefs">, prefs: Preferences | null, budget: { remainingUsd: number; capUsd: number; what: string },
): { decision: Decision; failure?: TaskFailure } {
  const decision = routeRole(deps, { ...q, prefs: withCostCap(prefs, budget.remainingUsd) });
  if (decision.expert) return { decision };
  const withoutCap = routeRole(deps, { ...q, prefs: prefs ?? {} });
  const failure: TaskFailure = withoutCap.expert
    ? {
      code: "budget_exceeded",
      message: `${budget.what} would cost about $${withoutCap.predicted!.costUsd.toFixed(6)} but only $${Math.max(0, budget.remainingUsd).toFixed(6)} of the $${budget.capUsd} budget is left`,
    }
    : { code: "no_eligible_expert", message: `no expert can take on ${budget.what}: ${decision.explanation}` };
  return { decision, failure };
}

/** The data of a `route` event. */
export function routeEvent(role: Role, d: Decision, extra: { subtaskId?: string; expert?: string; reason?: string } = {}) {
  return {
    role,
    ...(extra.subtaskId === undefined ? {} : { subtaskId: extra.subtaskId }),
    expert: extra.expert ?? d.expert,
    reason: extra.reason ?? d.explanation,
    candidates: d.candidates,
  };
}

export const rankedOf = (d: Decision): RankedExpert[] => d.ranked.map(({ expert, quality, costUsd }) => ({ expert, quality, costUsd }));

/** The experts to call in order: the preferred one (when given), then the ranking, capped at the fallback count. */
export function fallbackExperts(deps: AgentDeps, ranked: readonly { expert: string }[], preferred?: string | null): Expert[] {
  const ids = [...(preferred ? [preferred] : []), ...ranked.map((c) => c.expert).filter((id) => id !== preferred)];
  return ids.slice(0, deps.defaults.fallbacks).flatMap((id) => deps.catalog.get(id) ?? []);
}

export interface CallResult {
  expert: Expert;
  text: string;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  attempts: Attempt[];
  /** The answer was cut short by its output-token cap (finish reason "length") or stopped at its cost cap. */
  truncated: boolean;
}

/**
 * What one model call may spend, and how it spends it.
 *
 * The cap rule: every call is given `capUsd`, what it may spend — the task's remaining budget, or its share of it
 * when calls run in parallel (executors: in proportion to their p50 predictions; judges: equal shares), never more
 * than the caller's own per-call `maxCostUsd`. For each candidate expert the call then asks for at most
 * `maxTokens = floor((capUsd − input cost) / output price per token)` output tokens (the input counted as the
 * chat API frames it, see `requestInputTokens`); a candidate left fewer than `MIN_OUTPUT_TOKENS` is not called,
 * and when none is left the call throws `budget_exceeded` without calling anyone. A candidate whose output is free
 * gets no token cap. A stream is also metered as it arrives and aborted as soon as its running cost (input +
 * output so far, at the expert's prices) passes `capUsd`: the chunk that crossed the line has been paid for, so a
 * stream may overshoot its cap by at most the cost of one streamed chunk. Partial answers (stopped at the cap, or
 * cut by the upstream) are priced from what arrived and counted like any other.
 */
export interface CallLimits {
  capUsd: number;
  signal?: AbortSignal;
}

/** Below this many output tokens a call is not worth making: the budget is treated as spent. */
export const MIN_OUTPUT_TOKENS = 16;

export function textOf(m: AIMessageChunk): string {
  const c = m.content;
  if (typeof c === "string") return c;
  return c.map((p) => (typeof p === "string" ? p : p.type === "text" ? String((p as { text?: string }).text ?? "") : "")).join("");
}

/**
 * Input tokens of a request as OpenAI's chat format counts them (gpt-tokenizer): each message's text plus its
 * framing, plus the response schema and tools sent with it. Used for the output cap and when no usage is reported.
 */
export function requestInputTokens(messages: BaseMessageLike[], params: CallParams = {}): number {
  let n = 3;
  for (const m of messages) n += 4 + countTokens(Array.isArray(m) ? String(m[1]) : "");
  const rf = params.responseFormat;
  if (rf?.type === "json_schema" && rf.json_schema.schema) n += countTokens(JSON.stringify(rf.json_schema.schema));
  if (params.tools?.length) n += countTokens(JSON.stringify(params.tools));
  return n;
}

/**
 * Output tokens `expert` may write within `capUsd` after `inputTokens` of input:
 * `floor((capUsd − input cost) / output price per token)`; Infinity when its output is free and the input fits.
 */
export function outputTokenCap(expert: Pick<Expert, "pricing">, inputTokens: number, capUsd: number): number {
  const left = capUsd - costOf(expert, inputTokens, 0);
  if (left < 0) return 0;
  const perToken = costOf(expert, 0, 1);
  return perToken > 0 ? Math.floor(left / perToken) : Infinity;
}

/** The candidates that can write at least `MIN_OUTPUT_TOKENS` within the cap, each with its own `maxTokens`. */
function withinCap(experts: Expert[], messages: BaseMessageLike[], params: CallParams, capUsd: number) {
  if (experts.length === 0) throw new EoError("no_eligible_expert", "no expert is eligible for this call");
  const inputTokens = requestInputTokens(messages, params);
  const paramsOf = new Map<string, CallParams>();
  for (const e of experts) {
    const cap = outputTokenCap(e, inputTokens, capUsd);
    if (cap < MIN_OUTPUT_TOKENS) continue;
    paramsOf.set(e.id, Number.isFinite(cap) ? { ...params, maxTokens: Math.min(params.maxTokens ?? cap, cap) } : params);
  }
  if (paramsOf.size === 0) {
    throw new EoError("budget_exceeded",
      `no expert can answer within $${Math.max(0, capUsd).toFixed(6)}: after ${inputTokens} input tokens none is left ${MIN_OUTPUT_TOKENS} output tokens (${experts.map((e) => e.id).join(", ")})`);
  }
  return { inputTokens, experts: experts.filter((e) => paramsOf.has(e.id)), paramsOf: (e: Expert) => paramsOf.get(e.id)! };
}

/** Usage as reported, else as counted (a builtin expert reports none; it is free anyway). */
function priced(expert: Expert, counted: { input: number; output: number }, reported: { input?: number; output?: number }) {
  const inputTokens = reported.input ?? counted.input;
  const outputTokens = reported.output ?? counted.output;
  return { inputTokens, outputTokens, costUsd: costOf(expert, inputTokens, outputTokens) };
}

/** What an error from `streamModel` had already cost (a stream cut after some output); 0 for any other error. */
export function spentBy(err: unknown): number {
  const partial = err instanceof EoError ? (err.details as { partial?: { costUsd?: number } } | undefined)?.partial : undefined;
  return partial?.costUsd ?? 0;
}

const fallbackOptions = (deps: AgentDeps, signal?: AbortSignal) => ({
  attemptsPerExpert: deps.defaults.attemptsPerExpert,
  maxRetryAfterMs: deps.defaults.maxRetryAfterMs,
  signal,
});

/**
 * Errors that mean "no expert gave an answer" (as opposed to a cancelled run or a bug): agents may recover from
 * them. `budget_exceeded` is one: no candidate could be called within the call's cap.
 */
export function isUpstreamFailure(err: unknown): boolean {
  return err instanceof EoError && ["upstream_failed", "upstream_timeout", "no_eligible_expert", "expert_declined", "budget_exceeded"].includes(err.code);
}

/** The task's failure when a call threw because nothing could be called within its cap; undefined for any other error. */
export function budgetFailureOf(err: unknown): TaskFailure | undefined {
  return err instanceof EoError && err.code === "budget_exceeded" ? { code: "budget_exceeded", message: err.message } : undefined;
}

/** One whole answer from the first expert that gives one within `limits.capUsd`; throws EoError when none does. */
export async function callModel(
  deps: AgentDeps, experts: Expert[], messages: BaseMessageLike[], params: CallParams, limits: CallLimits,
): Promise<CallResult> {
  const fit = withinCap(experts, messages, params, limits.capUsd);
  const r = await withFallback(
    fit.experts,
    async (expert, live) => {
      const model = PROVIDERS[expert.provider].chatModel(expert, fit.paramsOf(expert), deps.env, live.signal);
      return (await model.invoke(messages, { signal: live.signal })) as AIMessageChunk;
    },
    fallbackOptions(deps, limits.signal),
  );
  r.live.done();
  const text = textOf(r.value);
  const u = usageOf(r.value);
  return {
    expert: r.expert, text, attempts: r.attempts, truncated: finishReasonOf(r.value) === "length",
    ...priced(r.expert, { input: fit.inputTokens, output: countTokens(text) }, { input: u?.inputTokens, output: u?.outputTokens }),
  };
}

/** The request parameters of a JSON-schema answer: understood by every LLM provider (builtins decline it). */
export function jsonSchemaParams(name: string, schema: z.ZodType): CallParams {
  return { responseFormat: { type: "json_schema", json_schema: { name, schema: z.toJSONSchema(schema) as Record<string, unknown>, strict: true } } };
}

/** Parses a model's JSON answer (tolerating a fenced block) against a schema; the error is for the model to read. */
export function parseJsonAnswer<T>(text: string, schema: z.ZodType<T>): { ok: true; value: T } | { ok: false; error: string } {
  const fenced = /```(?:json)?\s*([\s\S]*?)```/.exec(text);
  const body = (fenced ? fenced[1]! : text).trim();
  let raw: unknown;
  try {
    raw = JSON.parse(body);
  } catch (e) {
    return { ok: false, error: `the answer is not valid JSON (${(e as Error).message})` };
  }
  const r = schema.safeParse(raw);
  return r.success ? { ok: true, value: r.data } : { ok: false, error: z.prettifyError(r.error) };
}

/**
 * A streamed answer: falls back until an expert produced its first content (as the gateway does), then
 * hands each piece of text to `onText`. The stream is metered against `limits.capUsd` (see `CallLimits`) and
 * aborted once its running cost passes it: the answer so far is returned, `truncated`. A stream cut after that
 * is an `upstream_failed` error whose `details.partial` says what it had cost (see `spentBy`).
 */
export async function streamModel(
  deps: AgentDeps, experts: Expert[], messages: BaseMessageLike[], limits: CallLimits,
  onText: (text: string) => Promise<void>,
): Promise<CallResult> {
  const { signal, capUsd } = limits;
  const fit = withinCap(experts, messages, {}, capUsd);
  const opened = await withFallback(
    fit.experts,
    async (expert, live) => openStream(PROVIDERS[expert.provider].chatModel(expert, fit.paramsOf(expert), deps.env, live.signal), messages, live.signal),
    fallbackOptions(deps, signal),
  );
  const { expert, live, value } = opened;
  // A failure of `onText` (the event sink) is ours, not the expert's: it must not pass for a broken stream.
  let sinkFailure: { err: unknown } | undefined;
  let text = "";
  let input: number | undefined;
  let output: number | undefined;
  let truncated = false;
  // Output tokens so far: chunk by chunk (an upper bound: a split word counts twice), recounted over the whole
  // text when that bound reaches the cap, so the meter stops a stream at its real cost, not an overcount.
  let counted = 0;
  const overCap = () => costOf(expert, fit.inputTokens, counted) > capUsd;
  const take = async (m: AIMessageChunk): Promise<boolean> => {
    const u = usageOf(m);
    if (u) {
      input = (input ?? 0) + u.inputTokens;
      output = (output ?? 0) + u.outputTokens;
    }
    if (finishReasonOf(m) === "length") truncated = true;
    const t = textOf(m);
    if (!t) return true;
    text += t;
    counted += countTokens(t);
    if (overCap()) counted = countTokens(text);
    await onText(t).catch((err: unknown) => {
      sinkFailure = { err };
      throw err;
    });
    return !overCap();
  };
  const stopAtCap = () => {
    truncated = true;
    live.abort();
    void value.iter.return?.().catch(() => {});
  };
  try {
    let going = true;
    for (const m of value.held) if (going) going = await take(m);
    if (!going) stopAtCap();
    else if (!value.ended) {
      for (let step = await value.iter.next(); !step.done; step = await value.iter.next()) {
        live.touch();
        if (!(await take(step.value as AIMessageChunk))) {
          stopAtCap();
          break;
        }
      }
    }
  } catch (err) {
    live.abort();
    if (signal?.aborted || sinkFailure) throw err;
    const why = live.timedOut() ? "stopped answering" : `failed (${(err as Error)?.message ?? String(err)})`;
    const partial = { expert: expert.id, ...priced(expert, { input: fit.inputTokens, output: countTokens(text) }, { input, output }) };
    throw new EoError(live.timedOut() ? "upstream_timeout" : "upstream_failed", `${expert.id} ${why} mid-stream`, { cause: err, details: { partial } });
  } finally {
    live.done();
  }
  // Usage as reported; a stream stopped at its cap reports none, and the text received is what was paid for.
  return { expert, text, attempts: opened.attempts, truncated, ...priced(expert, { input: fit.inputTokens, output: countTokens(text) }, { input, output }) };
}
