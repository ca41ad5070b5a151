// Provider name → provider: the one place a new provider is registered.
import type { ProviderName } from "../expert.js";
import { builtinProvider } from "./builtin/index.js";
import { ollamaProvider } from "./ollama.js";
import { openaiProvider } from "./openai.js";
import type { Provider } from "./provider.js";

export const PROVIDERS: Record<ProviderName, Provider> = {
  openai: openaiProvider,
  ollama: ollamaProvider,
  builtin: builtinProvider,
};
