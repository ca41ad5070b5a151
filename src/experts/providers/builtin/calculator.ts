// The calculator: a non-LLM expert that answers arithmetic exactly, for free, and declines everything else.
import { BaseChatModel, type BaseChatModelParams } from "@langchain/core/language_models/chat_models";
import { AIMessage, type BaseMessage } from "@langchain/core/messages";
import type { ChatResult } from "@langchain/core/outputs";
import { encode } from "gpt-tokenizer";
import { EoError } from "../../../errors.js";
import { extractArithmetic } from "./arithmetic.js";
import { computeExactly } from "./expression.js";

function textOf(m: BaseMessage): string {
  return typeof m.content === "string"
    ? m.content
    : m.content.map((p) => (typeof p === "string" ? p : p.type === "text" ? String((p as { text?: string }).text ?? "") : "")).join("");
}

/** Answers the last user message when it is arithmetic; throws `expert_declined` with the reason otherwise. */
export class CalculatorChatModel extends BaseChatModel {
  static lc_name(): string {
    return "EoCalculator";
  }

  constructor(fields: BaseChatModelParams = {}) {
    super(fields);
  }

  _llmType(): string {
    return "eo-calculator";
  }

  async _generate(messages: BaseMessage[]): Promise<ChatResult> {
    const last = [...messages].reverse().find((m) => m.getType() === "human");
    const question = last ? textOf(last) : "";
    const expression = extractArithmetic(question);
    if (!expression) throw new EoError("expert_declined", "the calculator answers arithmetic only: no expression found");
    const r = computeExactly(expression);
    if (!r.ok) throw new EoError("expert_declined", `the calculator cannot compute "${expression}" exactly: ${r.reason}`);
    const text = `${expression} = ${r.value}`;
    const inputTokens = encode(question).length;
    const outputTokens = encode(text).length;
    const message = new AIMessage({
      content: text,
      usage_metadata: { input_tokens: inputTokens, output_tokens: outputTokens, total_tokens: inputTokens + outputTokens },
      response_metadata: { finish_reason: "stop", model_name: "math" },
    });
    return { generations: [{ text, message }] };
  }
}
