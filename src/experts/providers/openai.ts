// Any OpenAI-compatible endpoint, through @langchain/openai's ChatOpenAI.
import { ChatOpenAI } from "@langchain/openai";
import { ModelCache } from "./model-cache.js";
import type { Provider } from "./provider.js";

/** Clients are reused across requests with the same expert, key and sampling parameters (building one costs ~0.15 ms). */
const clients = new ModelCache<ChatOpenAI>();

export const openaiProvider: Provider = {
  chatModel(expert, params, env) {
    // An unset or empty key still builds a client: a keyless local endpoint accepts any, a real one answers 401.
    const apiKey = env[expert.apiKeyEnv ?? "OPENAI_API_KEY"] || "no-key";
    const key = JSON.stringify([expert.id, expert.model, expert.baseURL, apiKey, params.temperature, params.maxTokens, params.stop]);
    const model = clients.get(key, () => new ChatOpenAI({
      model: expert.model,
      apiKey,
      configuration: { baseURL: expert.baseURL },
      // The gateway retries and falls back itself, honouring Retry-After across candidates.
      maxRetries: 0,
      streamUsage: true,
      temperature: params.temperature,
      maxTokens: params.maxTokens,
      stop: params.stop,
    }));
    const rf = params.responseFormat && params.responseFormat.type !== "text" ? params.responseFormat : undefined;
    if (params.tools?.length) {
      return model.bindTools(params.tools, { tool_choice: params.toolChoice, ...(rf ? { response_format: rf as never } : {}) });
    }
    return rf ? model.withConfig({ response_format: rf as never }) : model;
  },
};
