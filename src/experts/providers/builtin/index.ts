// The builtin provider: non-LLM experts by model name ("math" is the exact calculator).
import { EoError } from "../../../errors.js";
import type { ChatRunnable, Provider } from "../provider.js";
import { CalculatorChatModel } from "./calculator.js";

/** Builtin models by name; a new non-LLM expert is one file in this folder and one line here. */
export const BUILTIN_MODELS: Record<string, () => ChatRunnable> = {
  math: () => new CalculatorChatModel(),
};

export const builtinProvider: Provider = {
  chatModel(expert, params) {
    const make = Object.hasOwn(BUILTIN_MODELS, expert.model) ? BUILTIN_MODELS[expert.model] : undefined; // not "toString"
    if (!make) throw new EoError("expert_declined", `no builtin model "${expert.model}"`);
    // A builtin answers in plain text only: anything that asks for tools or a JSON shape goes to a model that can.
    if (params.tools?.length) throw new EoError("expert_declined", `builtin "${expert.model}" does not call tools`);
    if (params.responseFormat && params.responseFormat.type !== "text") {
      throw new EoError("expert_declined", `builtin "${expert.model}" does not produce structured output`);
    }
    return make();
  },
};
