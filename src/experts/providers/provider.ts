// The provider interface: how an expert of one kind becomes a LangChain chat model for one call.
import type { BaseLanguageModelInput } from "@langchain/core/language_models/base";
import type { AIMessageChunk } from "@langchain/core/messages";
import type { Runnable } from "@langchain/core/runnables";
import type { Expert } from "../expert.js";

/** An OpenAI-format function tool, as `/v1/chat/completions` receives it. */
export interface FunctionTool {
  type: "function";
  function: { name: string; description?: string; parameters?: Record<string, unknown>; strict?: boolean };
}

export type ToolChoice = "none" | "auto" | "required" | { type: "function"; function: { name: string } };

export type ResponseFormat =
  | { type: "text" }
  | { type: "json_object" }
  | { type: "json_schema"; json_schema: { name: string; schema?: Record<string, unknown>; strict?: boolean | null; description?: string } };

/** Per-call parameters from the request, applied by each provider in its own protocol's terms. */
export interface CallParams {
  temperature?: number;
  maxTokens?: number;
  stop?: string[];
  responseFormat?: ResponseFormat;
  tools?: FunctionTool[];
  toolChoice?: ToolChoice;
}

/** Secrets and settings by name: `process.env` on Node, the Worker's env on Cloudflare. */
export type SecretEnv = Record<string, string | undefined>;

export type ChatRunnable = Runnable<BaseLanguageModelInput, AIMessageChunk>;

export interface Provider {
  /**
   * A chat model bound to this expert and these call parameters. Must not retry by itself: the gateway
   * owns retries and fallback. Throws `EoError("expert_declined")` for parameters it cannot honour.
   * `signal` is the attempt's abort signal (timeout or caller gone): a provider whose client does not honour
   * the call's signal at every stage must wire it into its transport itself.
   */
  chatModel(expert: Expert, params: CallParams, env: SecretEnv, signal?: AbortSignal): ChatRunnable;
}
