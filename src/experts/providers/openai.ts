// Any OpenAI-compatible endpoint, through @langchain/openai's ChatOpenAI.
import { ChatOpenAI, ChatOpenAICompletions, wrapOpenAIClientError, type ChatOpenAIFields, type OpenAIClient as OpenAI } from "@langchain/openai";
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
    const { maxRetries, ...sdkOptions } = requestOptions ?? {};
    const clientOptions = this._getClientOptions(sdkOptions);
    return this.caller.callWithOptions({ maxRetries }, async () => {
      try {
        return await this.client.chat.completions.create(request, clientOptions);
      } catch (e) {
        throw wrapOpenAIClientError(e);
      }
    });
  }
}

/** Clients are reused across requests with the same expert, key and sampling parameters (building one costs ~0.15 ms). */
const clients = new ModelCache<ChatOpenAI>();

export const openaiProvider: Provider = {
  chatModel(expert, params, env) {
    // An unset or empty key still builds a client: a keyless local endpoint accepts any, a real one answers 401.
    const apiKey = env[expert.apiKeyEnv ?? "OPENAI_API_KEY"] || "no-key";
    const key = JSON.stringify([expert.id, expert.model, expert.baseURL, apiKey, params.temperature, params.maxTokens, params.stop]);
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
      };
      return new ChatOpenAI({ ...fields, completions: new UnparsedCompletions(fields) });
    });
    const rf = params.responseFormat && params.responseFormat.type !== "text" ? params.responseFormat : undefined;
    if (params.tools?.length) {
      return model.bindTools(params.tools, { tool_choice: params.toolChoice, ...(rf ? { response_format: rf as never } : {}) });
    }
    return rf ? model.withConfig({ response_format: rf as never }) : model;
  },
};
