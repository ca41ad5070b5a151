// LangChain answers → OpenAI chat-completion objects and stream chunks, with usage and cost.
import type { AIMessageChunk } from "@langchain/core/messages";
import { costOf, type Expert } from "../experts/expert.js";

export interface Usage {
  inputTokens: number;
  outputTokens: number;
}

export type FinishReason = "stop" | "length" | "tool_calls" | "content_filter";

export function contentText(m: AIMessageChunk): string {
  const c = m.content;
  if (typeof c === "string") return c;
  return c.map((p) => (typeof p === "string" ? p : p.type === "text" ? String((p as { text?: string }).text ?? "") : "")).join("");
}

/** The finish reason as OpenAI names it, from OpenAI's `finish_reason` or Ollama's `done_reason`. */
export function finishReasonOf(m: AIMessageChunk): FinishReason | undefined {
  const md = (m.response_metadata ?? {}) as Record<string, unknown>;
  const r = (md.finish_reason ?? md.done_reason) as string | undefined;
  if (r === "length" || r === "tool_calls" || r === "content_filter" || r === "stop") return r;
  return r ? "stop" : undefined;
}

export function usageOf(m: AIMessageChunk): Usage | undefined {
  const u = m.usage_metadata;
  return u ? { inputTokens: u.input_tokens ?? 0, outputTokens: u.output_tokens ?? 0 } : undefined;
}

/** The sum of two usages (the second may be absent). */
export function addUsage(a: Usage, b?: Usage): Usage {
  return b ? { inputTokens: a.inputTokens + b.inputTokens, outputTokens: a.outputTokens + b.outputTokens } : a;
}

function openAIUsage(u: Usage) {
  return { prompt_tokens: u.inputTokens, completion_tokens: u.outputTokens, total_tokens: u.inputTokens + u.outputTokens };
}

export function costUsd(expert: Expert, usage: Usage): number {
  return costOf(expert, usage.inputTokens, usage.outputTokens);
}

/** A complete OpenAI chat completion from one LangChain answer. */
export function completionBody(id: string, expert: Expert, m: AIMessageChunk, usage: Usage, created: number) {
  const toolCalls = (m.tool_calls ?? []).map((t, i) => ({
    id: t.id ?? `call_${i}`,
    type: "function" as const,
    function: { name: t.name, arguments: JSON.stringify(t.args ?? {}) },
  }));
  return {
    id,
    object: "chat.completion" as const,
    created,
    model: expert.id,
    system_fingerprint: null,
    choices: [
      {
        index: 0,
        message: {
          role: "assistant" as const,
          content: toolCalls.length && !contentText(m) ? null : contentText(m),
          refusal: null,
          ...(toolCalls.length ? { tool_calls: toolCalls } : {}),
        },
        logprobs: null,
        finish_reason: toolCalls.length ? "tool_calls" : (finishReasonOf(m) ?? "stop"),
      },
    ],
    usage: openAIUsage(usage),
  };
}

/** Builds the `chat.completion.chunk` objects of one stream. */
export class ChunkWriter {
  private sawToolCall = false;

  constructor(
    private readonly id: string,
    private readonly model: string,
    private readonly created: number,
  ) {}

  private envelope() {
    return { id: this.id, object: "chat.completion.chunk" as const, created: this.created, model: this.model, system_fingerprint: null };
  }

  private chunk(delta: Record<string, unknown>, finish: FinishReason | null = null) {
    return { ...this.envelope(), choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }] };
  }

  /** The opening chunk: the assistant's role. */
  role() {
    return this.chunk({ role: "assistant", content: "" });
  }

  /** The chunks one LangChain chunk becomes (none when it carries no text and no tool call). */
  from(m: AIMessageChunk) {
    const out = [];
    const text = contentText(m);
    if (text) out.push(this.chunk({ content: text }));
    const calls = m.tool_call_chunks ?? [];
    if (calls.length) {
      this.sawToolCall = true;
      out.push(
        this.chunk({
          tool_calls: calls.map((t, i) => ({
            index: t.index ?? i,
            ...(t.id ? { id: t.id, type: "function" } : {}),
            function: { ...(t.name ? { name: t.name } : {}), arguments: t.args ?? "" },
          })),
        }),
      );
    }
    return out;
  }

  finish(reason: FinishReason | undefined) {
    return this.chunk({}, this.sawToolCall ? "tool_calls" : (reason ?? "stop"));
  }

  usage(u: Usage) {
    return { ...this.envelope(), choices: [], usage: openAIUsage(u) };
  }
}
