// Opens a model's stream and waits for its first visible content, so a fault before it can still fall back.
import type { BaseLanguageModelInput } from "@langchain/core/language_models/base";
import type { AIMessageChunk } from "@langchain/core/messages";
import type { ChatRunnable } from "./providers/provider.js";

export interface OpenedStream {
  iter: AsyncIterator<AIMessageChunk>;
  /** Chunks read so far (empty openers such as the role delta, then the first with content). */
  held: AIMessageChunk[];
  /** The stream ended before any content. */
  ended: boolean;
}

/** Whether a streamed chunk carries anything a reader would see: text or a tool call. */
export function hasContent(m: AIMessageChunk): boolean {
  return (typeof m.content === "string" ? m.content.length > 0 : m.content.length > 0) || (m.tool_call_chunks?.length ?? 0) > 0;
}

/**
 * Starts `model.stream` and reads until the first chunk with content. The caller commits to this expert only
 * when this resolves: an upstream that fails before producing content throws here, inside the fallback loop.
 */
export async function openStream(model: ChatRunnable, input: BaseLanguageModelInput, signal: AbortSignal): Promise<OpenedStream> {
  const iter = (await model.stream(input, { signal }))[Symbol.asyncIterator]() as AsyncIterator<AIMessageChunk>;
  const held: AIMessageChunk[] = [];
  for (;;) {
    const step = await iter.next();
    if (step.done) return { iter, held, ended: true };
    held.push(step.value);
    if (hasContent(step.value)) return { iter, held, ended: false };
  }
}
