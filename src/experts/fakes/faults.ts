// How a queued fault changes a fake answer, for every protocol: latency, error replies, hangs, cut and malformed bodies.

import type { Fault, ModelScript } from "./script.js";
import { hang, json, malform, sleep, streamed } from "./wire.js";

/** The protocol's error body for a status and message (each protocol has its own shape). */
export type ErrorBody = (status: number, message: string, kind: "rate_limit" | "server_error") => unknown;

/**
 * Waits the script's latency, then answers the faults that replace the answer entirely (rate limit,
 * server error, hang). Undefined means: go on and answer (possibly breaking the body, see below).
 */
export async function beforeAnswer(
  model: string,
  script: ModelScript,
  fault: Fault | undefined,
  signal: AbortSignal,
  errorBody: ErrorBody,
): Promise<Response | undefined> {
  await sleep(script.latencyMs ?? 0, signal);
  if (signal.aborted) return new Response(null, { status: 499 }); // the client is gone; nobody reads this
  switch (fault?.kind) {
    case "rate_limit": {
      const message = `Rate limit reached for ${model}. Please try again in ${fault.retryAfterSeconds}s.`;
      return json(errorBody(429, message, "rate_limit"), 429, { "retry-after": String(fault.retryAfterSeconds) });
    }
    case "server_error": {
      const status = fault.status ?? 500;
      return json(errorBody(status, "The server had an error while processing your request. Sorry about that!", "server_error"), status);
    }
    case "hang":
      return hang(signal);
    default:
      return undefined;
  }
}

/** A whole JSON answer (non-streaming), unless the fault truncates it (cut) or corrupts it (malformed). */
export function deliverBody(body: unknown, fault: Fault | undefined, signal: AbortSignal): Response {
  const text = JSON.stringify(body);
  if (fault?.kind === "malformed_json") {
    return new Response(malform(text), { status: 200, headers: { "content-type": "application/json" } });
  }
  if (fault?.kind === "cut_stream") {
    return streamed([text.slice(0, Math.floor(text.length / 2))], { contentType: "application/json", cutAfter: 1, signal });
  }
  return json(body);
}

/** A streamed answer, as message objects in three runs and the protocol's serialization. */
export interface FramePlan {
  /** Frames before the content (OpenAI's role chunk). */
  lead: unknown[];
  /** One frame per content chunk (text or tool-call fragments): what `cut_stream.afterChunks` counts. */
  content: unknown[];
  /** Frames after the content (finish, usage, Ollama's done line). */
  tail: unknown[];
  /** A raw frame that ends the stream (OpenAI's `data: [DONE]`). */
  terminator?: string;
  /** One JSON text as a frame: an SSE event or an NDJSON line (`message` is the object it serializes, for an SSE event name). */
  frame(jsonText: string, message: unknown): string;
  contentType: string;
}

/**
 * Streams the plan, paced by the script. A cut destroys the connection after `afterChunks` content
 * frames (before any finish/done frame); malformed JSON replaces the frame after the first content
 * chunk with invalid JSON and ends the body there, without the terminal frame.
 */
export function deliverStream(plan: FramePlan, script: ModelScript, fault: Fault | undefined, signal: AbortSignal): Response {
  const all = [...plan.lead, ...plan.content, ...plan.tail];
  const frames = all.map((o) => plan.frame(JSON.stringify(o), o));
  const opts = { contentType: plan.contentType, chunkDelayMs: script.chunkDelayMs, signal };
  if (fault?.kind === "cut_stream") {
    const cutAfter = plan.lead.length + Math.min(Math.max(0, fault.afterChunks), plan.content.length);
    return streamed(frames, { ...opts, cutAfter });
  }
  if (fault?.kind === "malformed_json") {
    const good = plan.lead.length + Math.min(1, plan.content.length);
    const broken = plan.frame(malform(JSON.stringify(all[good] ?? {})), all[good]);
    return streamed([...frames.slice(0, good), broken], opts);
  }
  return streamed(plan.terminator ? [...frames, plan.terminator] : frames, opts);
}
