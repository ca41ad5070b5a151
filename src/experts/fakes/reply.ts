// What a fake model answers to one request, whatever the protocol: text or tool call, finish reason, token counts, chunks.

import { countTokens, decode, encode } from "gpt-tokenizer";
import { cutAtStop } from "../providers/stop-sequences.js";
import { lastUserText } from "./prompt-parts.js";
import { instanceFromSchema } from "./schema-instance.js";
import type { FakeRequest, ModelScript } from "./script.js";
import { simulatedReply, toolFollowUp } from "./simulated-reply.js";

type Tool = NonNullable<FakeRequest["tools"]>[number];

export interface Answer {
  /** The answer text; for a tool call, empty (the arguments are in `toolCall`). */
  content: string;
  /** The one tool call made, with its arguments as JSON text (possibly truncated, or scripted invalid JSON). */
  toolCall?: { name: string; argumentsJson: string };
  /** OpenAI's finish reason; Ollama reports "length" as such and everything else as "stop". */
  finishReason: "stop" | "length" | "tool_calls";
  promptTokens: number;
  completionTokens: number;
}

/**
 * Decides the answer: a forced or mentioned tool gets a call with arguments built from its parameters;
 * a requested schema gets a JSON instance; otherwise the scripted reply or a simulated one. A scripted
 * reply wins over generated JSON (and becomes the tool arguments), so tests can send invalid JSON.
 */
export function planAnswer(req: FakeRequest, script: ModelScript): Answer {
  const prompt = lastUserText(req.messages);
  const last = req.messages.at(-1);
  const tool = chooseTool(req);
  const scripted = typeof script.reply === "function" ? script.reply(req) : script.reply;
  let text: string;
  if (tool) text = scripted ?? JSON.stringify(instanceFromSchema(tool.parameters ?? { type: "object", properties: {} }, prompt));
  else if (scripted !== undefined) text = scripted;
  else if (req.schema) text = JSON.stringify(instanceFromSchema(req.schema, prompt));
  else if (req.json) text = JSON.stringify({ answer: simulatedReply(req.model, prompt) });
  else if (last?.role === "tool") text = toolFollowUp(req.model, prompt, last.content);
  else text = simulatedReply(req.model, prompt);

  // The text before the first stop sequence (the sequence itself is not returned, as with real APIs).
  const { text: out, truncated } = truncate(tool ? text : cutAtStop(text, req.stop ?? []).text, req.maxTokens);
  // OpenAI ends a call forced by name with "stop"; "required" and "auto" calls end with "tool_calls".
  const finishReason = truncated ? "length" : tool && !req.toolChoiceNamed ? "tool_calls" : "stop";
  return {
    content: tool ? "" : out,
    toolCall: tool ? { name: tool.name, argumentsJson: out } : undefined,
    finishReason,
    promptTokens: script.usage?.promptTokens ?? promptTokens(req),
    completionTokens: script.usage?.completionTokens ?? countTokens(out),
  };
}

/** The tool to call: the forced one, the first for "required", or (auto) one the user's last message names. */
export function chooseTool(req: FakeRequest): Tool | undefined {
  const tools = req.tools ?? [];
  if (tools.length === 0 || req.toolChoice === "none") return undefined;
  if (req.toolChoiceNamed) return tools.find((t) => t.name === req.toolChoice);
  if (req.toolChoice === "required") return tools[0];
  // After a tool result the model answers in text; calling again would loop an agent forever.
  const last = req.messages.at(-1);
  if (last?.role !== "user") return undefined;
  return tools.find((t) => mentions(last.content, t.name));
}

/** "get_weather", "get-weather" and "getWeather" are all mentioned by "get weather" or the name itself. */
function mentions(text: string, name: string): boolean {
  const lower = text.toLowerCase();
  const spaced = name.replace(/([a-z])([A-Z])/g, "$1 $2").replace(/[_-]+/g, " ").toLowerCase();
  return lower.includes(name.toLowerCase()) || lower.includes(spaced);
}

/** Prompt tokens the way chat models count them: each message's content plus a few framing tokens, plus tools and schema. */
export function promptTokens(req: FakeRequest): number {
  let n = 3;
  for (const m of req.messages) n += 4 + countTokens(m.content);
  if (req.tools?.length) n += countTokens(JSON.stringify(req.tools));
  if (req.schema) n += countTokens(JSON.stringify(req.schema));
  return n;
}

/** Cuts `text` to `maxTokens` tokens; zero, negative (Ollama's -1 = unlimited) or absent limits keep it whole. */
export function truncate(text: string, maxTokens: number | undefined): { text: string; truncated: boolean } {
  if (maxTokens === undefined || maxTokens <= 0) return { text, truncated: false };
  const tokens = encode(text);
  if (tokens.length <= maxTokens) return { text, truncated: false };
  return { text: decode(tokens.slice(0, maxTokens)), truncated: true };
}

/** Splits text into stream chunks of a few words each; the chunks concatenate back to the text exactly. */
export function wordChunks(text: string, wordsPerChunk = 3): string[] {
  const words = text.match(/^\s*\S+\s*|\S+\s*/g) ?? (text ? [text] : []);
  const chunks: string[] = [];
  for (let i = 0; i < words.length; i += wordsPerChunk) chunks.push(words.slice(i, i + wordsPerChunk).join(""));
  return chunks;
}

/** Splits JSON arguments into a few fragments, as OpenAI streams them (by code point, never mid-character). */
export function argumentChunks(json: string, pieces = 3): string[] {
  const chars = [...json];
  const size = Math.max(1, Math.ceil(chars.length / pieces));
  const out: string[] = [];
  for (let i = 0; i < chars.length; i += size) out.push(chars.slice(i, i + size).join(""));
  return out;
}
