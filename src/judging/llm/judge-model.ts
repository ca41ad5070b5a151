// How an LLM judge reaches a model: one structured-output call to the first judging expert that answers, priced from usage.
import type { BaseMessageLike } from "@langchain/core/messages";
import { countTokens } from "gpt-tokenizer";
import { DefaultsSchema } from "../../config.js";
import { costOf, type Expert } from "../../experts/expert.js";
import { withFallback, type Attempt, type LiveAttempt } from "../../experts/fallback.js";
import type { CallParams, ChatRunnable, SecretEnv } from "../../experts/providers/provider.js";
import { PROVIDERS } from "../../experts/providers/registry.js";
import { contentText, finishReasonOf, usageOf, type Usage } from "../../gateway/response.js";

/** One request for a JSON answer: the messages, and the JSON Schema the answer must match (sent strict). */
export interface StructuredRequest {
  messages: BaseMessageLike[];
  format: { name: string; schema: Record<string, unknown> };
  /** Output tokens the answer needs at most (its size): the cap unless the settings set one. */
  maxTokens?: number;
}

/** What one call returned, its usage and cost. `attempts` is the audit of the fallback (faults included). */
export interface ModelAnswer extends Usage {
  expert: Expert;
  text: string;
  /** The answer was cut off by its output-token cap. */
  truncated: boolean;
  costUsd: number;
  attempts: Attempt[];
}

/**
 * The seam between the judges and the models: call `experts` in order (falling back on faults) until one answers
 * `request`. Throws the EoError of `withFallback` when none does (`upstream_failed`, `upstream_timeout`, or
 * `bad_request` once `signal` aborted).
 */
export type JudgeModel = (experts: readonly Expert[], request: StructuredRequest, signal?: AbortSignal) => Promise<ModelAnswer>;

/** How the provider-backed judge model calls experts. Unset fields take the service defaults (config `defaults`). */
export interface JudgeModelSettings {
  /** Where API keys are read by name (`process.env` on Node, the Worker's env). */
  env?: SecretEnv;
  attemptsPerExpert?: number;
  maxRetryAfterMs?: number;
  /** Bounds what one verdict may cost (default: what the request says it needs, else `VERDICT_MAX_TOKENS`). */
  maxOutputTokens?: number;
  /** 0 by default: a judge should give the same verdict twice. */
  temperature?: number;
}

/** Output tokens a verdict may take unless the request or the settings say otherwise. */
export const VERDICT_MAX_TOKENS = 600;

const SERVICE_DEFAULTS = DefaultsSchema.parse({});

/** The judge model over the provider registry: the real LangChain clients, the same fallback as the gateway. */
export function providerJudgeModel(settings: JudgeModelSettings = {}): JudgeModel {
  const env = settings.env ?? {};
  const fallback = {
    attemptsPerExpert: settings.attemptsPerExpert ?? SERVICE_DEFAULTS.attemptsPerExpert,
    maxRetryAfterMs: settings.maxRetryAfterMs ?? SERVICE_DEFAULTS.maxRetryAfterMs,
  };
  return async (experts, request, signal) => {
    const params: CallParams = {
      temperature: settings.temperature ?? 0,
      maxTokens: settings.maxOutputTokens ?? request.maxTokens ?? VERDICT_MAX_TOKENS,
      responseFormat: { type: "json_schema", json_schema: { ...request.format, strict: true } },
    };
    const r = await withFallback(experts, (expert, live) => readWhole(PROVIDERS[expert.provider].chatModel(expert, params, env, live.signal), request, live), {
      ...fallback,
      signal,
    });
    r.live.done();
    const { text, usage, truncated } = r.value;
    // Usage as the upstream reported it; counted only when it reported none.
    const u = usage ?? { inputTokens: countedInput(request), outputTokens: countTokens(text) };
    return { expert: r.expert, text, truncated, ...u, costUsd: costOf(r.expert, u.inputTokens, u.outputTokens), attempts: r.attempts };
  };
}

/**
 * The whole answer, read as a stream, so the judge gets the text to repair and the usage to price whatever the
 * answer is. (ChatOpenAI's own non-streaming path parses json_schema content with the OpenAI SDK's `parse`, which
 * throws on invalid JSON or a cut-off answer; our OpenAI provider now avoids that path, see providers/openai.ts,
 * and a stream never took it.)
 */
async function readWhole(model: ChatRunnable, request: StructuredRequest, live: LiveAttempt): Promise<{ text: string; usage?: Usage; truncated: boolean }> {
  let text = "";
  let usage: Usage | undefined;
  let truncated = false;
  for await (const chunk of await model.stream(request.messages, { signal: live.signal })) {
    live.touch();
    text += contentText(chunk);
    if (finishReasonOf(chunk) === "length") truncated = true;
    const u = usageOf(chunk);
    if (u) usage = { inputTokens: (usage?.inputTokens ?? 0) + u.inputTokens, outputTokens: (usage?.outputTokens ?? 0) + u.outputTokens };
  }
  return { text, usage, truncated };
}

/** Input tokens as chat models count them: each message and its framing, plus the schema sent with it. */
function countedInput(request: StructuredRequest): number {
  let n = 3 + countTokens(JSON.stringify(request.format.schema));
  for (const m of request.messages) n += 4 + countTokens(Array.isArray(m) ? String(m[1]) : typeof m === "string" ? m : "");
  return n;
}
