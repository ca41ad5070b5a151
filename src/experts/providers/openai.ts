// Any OpenAI-compatible endpoint, through @langchain/openai's ChatOpenAI: Chat Completions or the Responses API (per expert, `openaiApi`).
import type { CallbackManagerForLLMRun } from "@langchain/core/callbacks/manager";
import { BaseChatModel } from "@langchain/core/language_models/chat_models";
import type { ChatModelStreamEvent } from "@langchain/core/language_models/event";
import { AIMessage, AIMessageChunk, type BaseMessage, type UsageMetadata } from "@langchain/core/messages";
import { ChatGenerationChunk, type ChatGeneration, type ChatResult } from "@langchain/core/outputs";
import {
  ChatOpenAI,
  ChatOpenAICompletions,
  ChatOpenAIResponses,
  wrapOpenAIClientError,
  type BaseChatOpenAI,
  type ChatOpenAICallOptions,
  type ChatOpenAIFields,
  type OpenAIClient as OpenAI,
} from "@langchain/openai";
import type { ExpertConfig } from "../../config.js";
import { ModelCache } from "./model-cache.js";
import type { Provider } from "./provider.js";
import { estimatedUsage, StopCutter, stopIndex, stopSequences } from "./stop-sequences.js";
import type { ChatText } from "../../routing/features.js";

/**
 * Chat Completions whose answer is never parsed by the client. For a json_schema response format, ChatOpenAI's
 * non-streaming path calls the OpenAI SDK's `chat.completions.parse`, which throws on content that is not valid
 * JSON, and on finish reason "length" or "content_filter": the answer and its usage are lost, and the call passes
 * for a malformed reply (retried, paid again). Reading the answer is the caller's business (agents repair it, the
 * gateway passes it through), so the same request goes out through `create` and the answer comes back as text.
 * The request body is unchanged: LangChain builds it (strict json_schema included) before this point.
 * ChatOpenAI takes it as its `completions` field (marked internal in 1.5.8; test/experts/json-schema-invalid.test.ts
 * fails if an upgrade stops using it).
 */
class UnparsedCompletions extends ChatOpenAICompletions {
  override completionWithRetry(request: OpenAI.Chat.ChatCompletionCreateParamsStreaming, requestOptions?: OpenAI.RequestOptions): Promise<AsyncIterable<OpenAI.Chat.Completions.ChatCompletionChunk>>;
  override completionWithRetry(request: OpenAI.Chat.ChatCompletionCreateParamsNonStreaming, requestOptions?: OpenAI.RequestOptions): Promise<OpenAI.Chat.Completions.ChatCompletion>;
  override async completionWithRetry(request: OpenAI.Chat.ChatCompletionCreateParams, requestOptions?: OpenAI.RequestOptions) {
    if (request.stream || request.response_format?.type !== "json_schema") return super.completionWithRetry(request as OpenAI.Chat.ChatCompletionCreateParamsStreaming, requestOptions);
    return sendUnparsed(this, requestOptions, (client, options) => client.chat.completions.create(request, options));
  }
}

/**
 * The Responses API, fixed in four ways. (1) Its non-streaming json_schema path calls `responses.parse`, which
 * throws on a completed answer that is not valid JSON (text and usage lost, as above): the request goes out through
 * `create`. (2) 1.5.8 drops a tool choice given as a string (see invocationParams). (3) A Response has no finish
 * reason (it has `status` and `incomplete_details`), which the gateway and the agents read to tell an answer cut at
 * its token cap: it is added to the answer's metadata as Chat Completions names it. (4) The Responses API has no `stop`,
 * so the stop sequences (the call's `stop`, else the model's) are applied here, to the answer's text only, as Chat
 * Completions applies them: the text ends just before the first sequence, finish reason "stop". A stream holds back any
 * ending that may begin a sequence, and when one completes it ends there and stops reading (closing the upstream request),
 * with a usage estimate (see stop-sequences.ts), since the upstream reports usage only in its last event. ChatOpenAI takes
 * this as its `responses` field (internal in 1.5.8, like `completions`; test/experts/openai-responses.test.ts fails if an
 * upgrade stops using it).
 */
class UnparsedResponses extends ChatOpenAIResponses {
  override completionWithRetry(request: OpenAI.Responses.ResponseCreateParamsStreaming, requestOptions?: OpenAI.RequestOptions): Promise<AsyncIterable<OpenAI.Responses.ResponseStreamEvent>>;
  override completionWithRetry(request: OpenAI.Responses.ResponseCreateParamsNonStreaming, requestOptions?: OpenAI.RequestOptions): Promise<OpenAI.Responses.Response>;
  override async completionWithRetry(request: OpenAI.Responses.ResponseCreateParams, requestOptions?: OpenAI.RequestOptions) {
    if (request.stream || request.text?.format?.type !== "json_schema") return super.completionWithRetry(request as OpenAI.Responses.ResponseCreateParamsStreaming, requestOptions);
    return sendUnparsed(this, requestOptions, (client, options) => client.responses.create({ ...request, stream: false }, options));
  }

  /** 1.5.8 keeps only an object tool choice here and drops "required", "none" and "auto" (the call then answers in text): put them back. */
  override invocationParams(options?: this["ParsedCallOptions"]): ReturnType<ChatOpenAIResponses["invocationParams"]> {
    const params = super.invocationParams(options);
    const choice = options?.tool_choice === "any" ? "required" : options?.tool_choice;
    if (params.tool_choice === undefined && (choice === "required" || choice === "none" || choice === "auto")) params.tool_choice = choice;
    return params;
  }

  override async _generate(messages: BaseMessage[], options: this["ParsedCallOptions"], runManager?: CallbackManagerForLLMRun): Promise<ChatResult> {
    const result = await super._generate(messages, options, runManager);
    const stops = this.stopsOf(options);
    result.generations = result.generations.map((g) => {
      addFinishReason(g.message.response_metadata);
      return stops.length ? cutGeneration(g, stops) : g;
    });
    return result;
  }

  override async *_streamResponseChunks(messages: BaseMessage[], options: this["ParsedCallOptions"], runManager?: CallbackManagerForLLMRun): AsyncGenerator<ChatGenerationChunk> {
    const stops = this.stopsOf(options);
    if (stops.length) {
      // The tokens reach the callbacks (LangGraph's message streams) once cut, not as the upstream sent them.
      const estimate = (received: string) => estimatedUsage(messages.map(chatText), extraInput(options), received);
      for await (const chunk of cutStream(super._streamResponseChunks(messages, options), stops, estimate)) {
        yield chunk;
        await runManager?.handleLLMNewToken(chunk.text, { prompt: options.promptIndex ?? 0, completion: 0 }, undefined, undefined, undefined, { chunk });
      }
      return;
    }
    for await (const chunk of super._streamResponseChunks(messages, options, runManager)) {
      addFinishReason(chunk.message.response_metadata);
      yield chunk;
    }
  }

  /** ChatOpenAIResponses streams these events from the SDK's directly; with stop sequences they come from the cut chunks. */
  override async *_streamChatModelEvents(messages: BaseMessage[], options: this["ParsedCallOptions"], runManager?: CallbackManagerForLLMRun): AsyncGenerator<ChatModelStreamEvent> {
    if (this.stopsOf(options).length) yield* BaseChatModel.prototype._streamChatModelEvents.call(this, messages, options, runManager);
    else yield* super._streamChatModelEvents(messages, options, runManager);
  }

  /** The call's stop sequences, else the model's own (its `stop` field). */
  private stopsOf(options?: this["ParsedCallOptions"]): string[] {
    return stopSequences(options?.stop ?? this.stop);
  }
}

/** A message's text as the router counts it, for the usage estimate of a cut stream. */
const chatText = (m: BaseMessage): ChatText => ({ role: m.getType(), content: m.text });

/** The rest of the prompt that costs input tokens: the tools and the response format, as sent. */
function extraInput(options: ChatOpenAICallOptions): string {
  const parts = [options.tools?.length ? JSON.stringify(options.tools) : "", options.response_format ? JSON.stringify(options.response_format) : ""];
  return parts.join("");
}

/** The text blocks of a message's content, joined. */
function textOf(content: BaseMessage["content"]): string {
  if (typeof content === "string") return content;
  return content.map((p) => (typeof p !== "string" && p.type === "text" ? String((p as { text?: unknown }).text ?? "") : typeof p === "string" ? p : "")).join("");
}

/**
 * A whole answer cut at its first stop sequence: the content stops just before it; output after it (later content blocks,
 * function calls the Response lists after the message that holds the stop) goes, as generation would have ended there.
 * The usage stays as the upstream reported it: it is what was paid.
 */
function cutGeneration(g: ChatGeneration, stops: string[]): ChatGeneration {
  const m = g.message as AIMessage;
  const at = stopIndex(textOf(m.content), stops);
  if (at < 0) return g;
  let left = at;
  const content = typeof m.content === "string" ? m.content.slice(0, at) : [];
  for (const p of typeof m.content === "string" ? [] : m.content) {
    const text = typeof p !== "string" && p.type === "text" ? String((p as { text?: unknown }).text ?? "") : undefined;
    (content as unknown[]).push(text === undefined ? p : { ...(p as object), text: text.slice(0, left) });
    if (text !== undefined && (left -= text.length) <= 0) break;
  }
  const dropped = callsAfter(m.response_metadata.output, at);
  const tool_calls = (m.tool_calls ?? []).filter((c) => !dropped.has(c.id ?? ""));
  const invalid_tool_calls = (m.invalid_tool_calls ?? []).filter((c) => !dropped.has(c.id ?? ""));
  const response_metadata = { ...m.response_metadata, finish_reason: tool_calls.length ? "tool_calls" : "stop" };
  const message = new AIMessage({ id: m.id, content: content as AIMessage["content"], tool_calls, invalid_tool_calls, usage_metadata: m.usage_metadata, additional_kwargs: m.additional_kwargs, response_metadata });
  return { ...g, text: textOf(message.content), message };
}

/** The call ids of the function calls a Response's `output` lists after the message item whose text reaches offset `at`. */
function callsAfter(output: unknown, at: number): Set<string> {
  const items = (Array.isArray(output) ? output : []) as { type?: string; call_id?: string; content?: { type?: string; text?: string }[] }[];
  let seen = 0;
  const cut = items.findIndex((o) => o.type === "message" && (seen += (o.content ?? []).reduce((n, p) => n + (p.type === "output_text" ? (p.text ?? "").length : 0), 0)) > at);
  return new Set(cut < 0 ? [] : items.slice(cut + 1).flatMap((o) => (o.type === "function_call" && o.call_id ? [o.call_id] : [])));
}

/**
 * A Responses stream with stop sequences applied to its text: each text delta shows what the cutter releases (a held
 * ending comes out with the next delta, or before the last event); when a sequence completes, one last chunk carries
 * finish reason "stop" and the estimated usage, and the upstream is no longer read (leaving the loop closes the request).
 * Tool-call chunks and the other events pass as they come.
 */
async function* cutStream(chunks: AsyncGenerator<ChatGenerationChunk>, stops: string[], estimate: (received: string) => UsageMetadata): AsyncGenerator<ChatGenerationChunk> {
  const cutter = new StopCutter(stops);
  let received = "";
  let lastText: ChatGenerationChunk | undefined;
  for await (const chunk of chunks) {
    const m = chunk.message as AIMessageChunk;
    addFinishReason(m.response_metadata);
    const text = textOf(m.content);
    received += text + (m.tool_call_chunks ?? []).map((c) => c.args ?? "").join("");
    if (text === "") {
      const held = lastText && m.response_metadata.finish_reason ? cutter.flush() : "";
      if (held) yield withText(lastText!, held, []);
      yield chunk;
      continue;
    }
    lastText = chunk;
    const shown = cutter.push(text);
    if (shown || (m.tool_call_chunks?.length ?? 0) > 0) yield withText(chunk, shown);
    if (cutter.stopped) {
      const message = new AIMessageChunk({ content: [], response_metadata: { model_provider: "openai", finish_reason: "stop" }, usage_metadata: estimate(received) });
      yield new ChatGenerationChunk({ text: "", message });
      return;
    }
  }
  const held = cutter.flush();
  if (held && lastText) yield withText(lastText, held, []);
}

/** A copy of a streamed chunk whose text is `text` (in its first text block; its other text blocks dropped), with `calls` as its tool-call chunks. */
function withText(chunk: ChatGenerationChunk, text: string, calls = (chunk.message as AIMessageChunk).tool_call_chunks): ChatGenerationChunk {
  const m = chunk.message as AIMessageChunk;
  let placed = false;
  const content =
    typeof m.content === "string"
      ? text
      : m.content.flatMap((p) => (typeof p === "string" || p.type !== "text" ? [p] : placed ? [] : ((placed = true), [{ ...p, text }])));
  const message = new AIMessageChunk({ id: m.id, content: content as AIMessageChunk["content"], additional_kwargs: m.additional_kwargs, response_metadata: m.response_metadata, tool_call_chunks: calls, usage_metadata: m.usage_metadata });
  return new ChatGenerationChunk({ text, message, generationInfo: chunk.generationInfo });
}

/** Sends one request through the model's SDK client under its retry policy, as LangChain does, but without parsing the answer. */
function sendUnparsed<T>(model: Pick<BaseChatOpenAI<ChatOpenAICallOptions>, "_getClientOptions" | "caller" | "client">, requestOptions: OpenAI.RequestOptions | undefined, send: (client: OpenAI, options: OpenAI.RequestOptions) => Promise<T>): Promise<T> {
  const { maxRetries, ...sdkOptions } = requestOptions ?? {};
  const clientOptions = model._getClientOptions(sdkOptions); // also builds `model.client` on first use
  return model.caller.callWithOptions({ maxRetries }, async () => {
    try {
      return await send(model.client, clientOptions);
    } catch (e) {
      throw wrapOpenAIClientError(e);
    }
  });
}

/**
 * `finish_reason` from a finished Response's metadata (the whole response, or the stream's `response.completed` /
 * `response.incomplete` chunk; earlier chunks have no status and are left alone): "length" when cut at
 * `max_output_tokens`, "content_filter" when filtered, "tool_calls" after a function call, otherwise "stop".
 */
function addFinishReason(md: Record<string, unknown>): void {
  const status = md.status;
  if (status !== "completed" && status !== "incomplete") return;
  const reason = (md.incomplete_details as { reason?: string } | null | undefined)?.reason;
  const called = Array.isArray(md.output) && md.output.some((o: { type?: string }) => o?.type === "function_call");
  md.finish_reason = reason === "max_output_tokens" ? "length" : reason === "content_filter" ? "content_filter" : called ? "tool_calls" : "stop";
}

/**
 * ChatOpenAI that always speaks Chat Completions (`openaiApi: "chat"`): `useResponsesApi: false` alone does not
 * do it, because ChatOpenAI also switches to the Responses API by model name (`_modelPrefersResponsesAPI`:
 * "codex", "gpt-5.2-pro", …), which an OpenAI-compatible endpoint without /responses cannot serve. The gateway
 * sends no Responses-only options (built-in tools, `previous_response_id`…), so nothing here needs that API.
 * `withConfig` (which `bindTools` uses too) builds a plain ChatOpenAI in 1.5.8, so it is overridden to keep the class.
 */
class ChatCompletionsOnly extends ChatOpenAI {
  protected override _useResponsesApi(): boolean {
    return false;
  }

  override withConfig(config: Partial<ChatOpenAICallOptions>): ChatCompletionsOnly {
    const model = new ChatCompletionsOnly(this.fields);
    model.defaultOptions = { ...this.defaultOptions, ...config };
    return model;
  }
}

/** The API an expert speaks: its `openaiApi` (see ExpertConfigSchema), `auto` when unset. */
export type OpenAIApi = NonNullable<ExpertConfig["openaiApi"]>;

/** Clients are reused across requests with the same expert, key and sampling parameters (building one costs ~0.15 ms). */
const clients = new ModelCache<ChatOpenAI>();

export const openaiProvider: Provider = {
  chatModel(expert, params, env) {
    // An unset or empty key still builds a client: a keyless local endpoint accepts any, a real one answers 401.
    const apiKey = env[expert.apiKeyEnv ?? "OPENAI_API_KEY"] || "no-key";
    const api: OpenAIApi = expert.openaiApi ?? "auto";
    const key = JSON.stringify([expert.id, expert.model, expert.baseURL, api, apiKey, params.temperature, params.maxTokens, params.stop]);
    const model = clients.get(key, () => {
      const fields: ChatOpenAIFields = {
        model: expert.model,
        apiKey,
        configuration: { baseURL: expert.baseURL },
        // The gateway retries and falls back itself, honouring Retry-After across candidates.
        maxRetries: 0,
        streamUsage: true,
        temperature: params.temperature,
        maxTokens: params.maxTokens,
        stop: params.stop,
        // "auto" leaves the choice to ChatOpenAI (false = only when the model or the call needs the Responses API).
        useResponsesApi: api === "responses",
      };
      const parts = { completions: new UnparsedCompletions(fields), responses: new UnparsedResponses(fields) };
      return api === "chat" ? new ChatCompletionsOnly({ ...fields, ...parts }) : new ChatOpenAI({ ...fields, ...parts });
    });
    const rf = params.responseFormat && params.responseFormat.type !== "text" ? params.responseFormat : undefined;
    if (params.tools?.length) {
      return model.bindTools(params.tools, { tool_choice: params.toolChoice, ...(rf ? { response_format: rf as never } : {}) });
    }
    return rf ? model.withConfig({ response_format: rf as never }) : model;
  },
};
