// Stop sequences applied on the client, for an API that has no `stop` parameter (OpenAI's Responses API): the whole-text
// cut, an incremental cutter for streams, and the usage estimate of a stream that was cut before the upstream reported any.
import type { UsageMetadata } from "@langchain/core/messages";
import { countTokens } from "gpt-tokenizer";
import { countInputTokens, type ChatText } from "../../routing/features.js";

/** The stop sequences of a call (one string or a list, as OpenAI's `stop`), without empty ones; [] when none. */
export function stopSequences(stop: unknown): string[] {
  const list = typeof stop === "string" ? [stop] : Array.isArray(stop) ? stop : [];
  return list.filter((s): s is string => typeof s === "string" && s !== "");
}

/**
 * Where generation would have stopped in `text`: at the stop sequence that is complete first (the earliest end; of two
 * ending at the same place, the one that starts first), as a model checks its output after each token. Returns the index
 * where that sequence starts, or -1. With stops "abcd" and "bc", "xabcd" stops at "bc" (index 2): "bc" is whole first.
 */
export function stopIndex(text: string, stops: readonly string[]): number {
  let start = -1;
  let end = Infinity;
  for (const s of stops) {
    const i = s === "" ? -1 : text.indexOf(s);
    if (i < 0) continue;
    const e = i + s.length;
    if (e < end || (e === end && i < start)) [start, end] = [i, e];
  }
  return start;
}

/** `text` cut just before the first stop sequence (the sequence excluded); `stopped` when one occurred. */
export function cutAtStop(text: string, stops: readonly string[]): { text: string; stopped: boolean } {
  const at = stopIndex(text, stops);
  return at < 0 ? { text, stopped: false } : { text: text.slice(0, at), stopped: true };
}

/**
 * Applies stop sequences to text that arrives in pieces. `push` returns the text that can be shown now: everything except
 * the longest ending that is the beginning of a stop sequence, which is held back until the next piece tells whether the
 * sequence completes ("Obs" is held; "erve" releases "Observe"). Once a sequence completes, `push` returns the text before
 * it, `stopped` turns true and every later piece is ignored. `flush` releases what is held, at the natural end of the text.
 */
export class StopCutter {
  readonly #stops: readonly string[];
  #held = "";
  #stopped = false;

  constructor(stops: readonly string[]) {
    this.#stops = stops.filter((s) => s !== "");
  }

  get stopped(): boolean {
    return this.#stopped;
  }

  push(piece: string): string {
    if (this.#stopped) return "";
    const text = this.#held + piece;
    // The held text contains no whole sequence, so a sequence found now is the first to complete.
    const at = stopIndex(text, this.#stops);
    if (at >= 0) {
      this.#stopped = true;
      this.#held = "";
      return text.slice(0, at);
    }
    const keep = this.#partial(text);
    this.#held = text.slice(text.length - keep);
    return text.slice(0, text.length - keep);
  }

  flush(): string {
    const held = this.#held;
    this.#held = "";
    return this.#stopped ? "" : held;
  }

  /** The length of the longest ending of `text` that begins some stop sequence (shorter than it: a whole one was cut). */
  #partial(text: string): number {
    const longest = Math.max(0, ...this.#stops.map((s) => s.length - 1));
    for (let k = Math.min(longest, text.length); k > 0; k--) {
      const end = text.slice(text.length - k);
      if (this.#stops.some((s) => s.length > k && s.startsWith(end))) return k;
    }
    return 0;
  }
}

/** Model text may contain "<|endoftext|>" and the like: count it as text, never throw. */
const AS_TEXT = { disallowedSpecial: new Set<string>() };

/**
 * Usage for a stream ended by a stop sequence before the upstream reported its own (it reports usage only in its last
 * event): the prompt counted as the router counts it (gpt-tokenizer, chat framing), plus `extraInput` (tools, schema),
 * and as output every token received, the stop sequence and what followed it in the same delta included. A lower bound:
 * tokens the upstream generated after the connection closed, and hidden reasoning, are not seen.
 */
export function estimatedUsage(messages: readonly ChatText[], extraInput: string, received: string): UsageMetadata {
  const input = countInputTokens(messages) + (extraInput ? countTokens(extraInput, AS_TEXT) : 0);
  const output = received ? countTokens(received, AS_TEXT) : 0;
  return { input_tokens: input, output_tokens: output, total_tokens: input + output };
}
