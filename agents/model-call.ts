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
import type { Decision } from "../src/routing/router.js";
import type { Domain } from "../src/vocabulary.js";
import type { AgentDeps } from "./runtime.js";
import type { RankedExpert, Role } from "./task.js";

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
}

export function textOf(m: AIMessageChunk): string {
  const c = m.content;
  if (typeof c === "string") return c;
  return c.map((p) => (typeof p === "string" ? p : p.type === "text" ? String((p as { text?: string }).text ?? "") : "")).join("");
}

/** Usage as reported, else counted (a builtin expert reports none; it is free anyway). */
function priced(expert: Expert, messages: BaseMessageLike[], text: string, m: { input?: number; output?: number }) {
  const inputTokens = m.input ?? countTokens(messages.map((x) => (Array.isArray(x) ? String(x[1]) : "")).join("\n"));
  const outputTokens = m.output ?? countTokens(text);
  return { inputTokens, outputTokens, costUsd: costOf(expert, inputTokens, outputTokens) };
}

const fallbackOptions = (deps: AgentDeps, signal?: AbortSignal) => ({
  attemptsPerExpert: deps.defaults.attemptsPerExpert,
  maxRetryAfterMs: deps.defaults.maxRetryAfterMs,
  signal,
});

/** Errors that mean "no expert gave an answer" (as opposed to a cancelled run or a bug): agents may recover from them. */
export function isUpstreamFailure(err: unknown): boolean {
  return err instanceof EoError && ["upstream_failed", "upstream_timeout", "no_eligible_expert", "expert_declined"].includes(err.code);
}

/** One whole answer from the first expert that gives one; throws EoError when none does. */
export async function callModel(
  deps: AgentDeps, experts: Expert[], messages: BaseMessageLike[], params: CallParams, signal?: AbortSignal,
): Promise<CallResult> {
  if (experts.length === 0) throw new EoError("no_eligible_expert", "no expert is eligible for this call");
  const r = await withFallback(
    experts,
    async (expert, live) => {
      const model = PROVIDERS[expert.provider].chatModel(expert, params, deps.env, live.signal);
      return (await model.invoke(messages, { signal: live.signal })) as AIMessageChunk;
    },
    fallbackOptions(deps, signal),
  );
  r.live.done();
  const text = textOf(r.value);
  const u = r.value.usage_metadata;
  return { expert: r.expert, text, attempts: r.attempts, ...priced(r.expert, messages, text, { input: u?.input_tokens, output: u?.output_tokens }) };
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
 * hands each piece of text to `onText`. A stream cut after that is an `upstream_failed` error.
 */
export async function streamModel(
  deps: AgentDeps, experts: Expert[], messages: BaseMessageLike[], signal: AbortSignal | undefined,
  onText: (text: string) => Promise<void>,
): Promise<CallResult> {
  if (experts.length === 0) throw new EoError("no_eligible_expert", "no expert is eligible for this call");
  const opened = await withFallback(
    experts,
    async (expert, live) => {
      return openStream(PROVIDERS[expert.provider].chatModel(expert, {}, deps.env, live.signal), messages, live.signal);
    },
    fallbackOptions(deps, signal),
  );
  const { expert, live, value } = opened;
  // A failure of `onText` (the event sink) is ours, not the expert's: it must not pass for a broken stream.
  let sinkFailure: { err: unknown } | undefined;
  let text = "";
  let input: number | undefined;
  let output: number | undefined;
  const take = async (m: AIMessageChunk) => {
    const u = m.usage_metadata;
    if (u) {
      input = (input ?? 0) + (u.input_tokens ?? 0);
      output = (output ?? 0) + (u.output_tokens ?? 0);
    }
    const t = textOf(m);
    if (t) {
      text += t;
      await onText(t).catch((err: unknown) => {
        sinkFailure = { err };
        throw err;
      });
    }
  };
  try {
    for (const m of value.held) await take(m);
    if (!value.ended) {
      for (let step = await value.iter.next(); !step.done; step = await value.iter.next()) {
        live.touch();
        await take(step.value as AIMessageChunk);
      }
    }
  } catch (err) {
    live.abort();
    if (signal?.aborted || sinkFailure) throw err;
    const why = live.timedOut() ? "stopped answering" : `failed (${(err as Error)?.message ?? String(err)})`;
    throw new EoError(live.timedOut() ? "upstream_timeout" : "upstream_failed", `${expert.id} ${why} mid-stream`, { cause: err });
  } finally {
    live.done();
  }
  return { expert, text, attempts: opened.attempts, ...priced(expert, messages, text, { input, output }) };
}
