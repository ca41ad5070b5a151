// A local or remote Ollama server, through @langchain/ollama's ChatOllama (/api/chat, NDJSON).
import { ChatOllama } from "@langchain/ollama";
import type { CallParams, Provider } from "./provider.js";

/** Ollama's `format`: a JSON Schema for structured output, or "json" for any JSON. */
function formatOf(params: CallParams): string | Record<string, unknown> | undefined {
  const rf = params.responseFormat;
  if (!rf || rf.type === "text") return undefined;
  if (rf.type === "json_object") return "json";
  return rf.json_schema.schema ?? "json";
}

function abortableFetch(signal: AbortSignal): typeof fetch {
  return (input, init) => fetch(input, { ...init, signal: init?.signal ? AbortSignal.any([init.signal, signal]) : signal });
}

export const ollamaProvider: Provider = {
  chatModel(expert, params, _env, signal) {
    const model = new ChatOllama({
      // ChatOllama passes the call's signal to fetch only once streaming began; a server that never sends
      // headers would hang the call, so the attempt's signal goes to fetch directly.
      ...(signal ? { fetch: abortableFetch(signal) } : {}),
      model: expert.model,
      baseUrl: expert.baseURL,
      temperature: params.temperature,
      numPredict: params.maxTokens,
      stop: params.stop,
      format: formatOf(params),
    });
    if (params.tools?.length) {
      const choice = params.toolChoice;
      // Ollama cannot force a tool; "none" means the tools are not offered at all.
      if (choice === "none") return model;
      return model.bindTools(params.tools);
    }
    return model;
  },
};
