// Any OpenAI-compatible endpoint, through @langchain/openai's ChatOpenAI: Chat Completions or the Responses API (per expert, `openaiApi`).
import type { CallbackManagerForLLMRun } from "@langchain/core/callbacks/manager";
import type { BaseMessage } from "@langchain/core/messages";
import type { ChatGenerationChunk, ChatResult } from "@langchain/core/outputs";
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
 * The Responses API, fixed in three ways. (1) Its non-streaming json_schema path calls `responses.parse`, which
 * throws on a completed answer that is not valid JSON (text and usage lost, as above): the request goes out through
 * `create`. (2) 1.5.8 drops a tool choice given as a string (see invocationParams). (3) A Response has no finish
 * reason (it has `status` and `incomplete_details`), which the gateway and the agents read to tell an answer cut at
 * its token cap: it is added to the answer's metadata as Chat Completions names it. The Responses API has no `stop`:
 * stop sequences are not sent on this path. ChatOpenAI takes this as its `responses` field (internal in 1.5.8, like
 * `completions`; test/experts/openai-responses.test.ts fails if an upgrade stops using it).
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
    for (const g of result.generations) addFinishReason(g.message.response_metadata);
    return result;
  }

  override async *_streamResponseChunks(messages: BaseMessage[], options: this["ParsedCallOptions"], runManager?: CallbackManagerForLLMRun): AsyncGenerator<ChatGenerationChunk> {
    for await (const chunk of super._streamResponseChunks(messages, options, runManager)) {
      addFinishReason(chunk.message.response_metadata);
      yield chunk;
    }
  }
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
