// Follows a task's SSE stream with a standard parser (eventsource-parser), as a client of the API would.
import { EventSourceParserStream, type EventSourceMessage } from "eventsource-parser/stream";

export interface Followed {
  events: EventSourceMessage[];
  /** True when the server closed the stream itself (it does after a task's final event). */
  closedByServer: boolean;
}

/**
 * Reads `url` until the server closes it, or until `stopAfter` events (then disconnects). `lastEventId`
 * resumes, as EventSource does on reconnect.
 */
export async function follow(url: string, opts: { lastEventId?: string; stopAfter?: number; timeoutMs?: number } = {}): Promise<Followed> {
  const ctl = new AbortController();
  const timer = setTimeout(() => ctl.abort(), opts.timeoutMs ?? 30_000);
  const res = await fetch(url, { headers: { accept: "text/event-stream", ...(opts.lastEventId ? { "last-event-id": opts.lastEventId } : {}) }, signal: ctl.signal });
  if (!res.ok || !res.body) throw new Error(`events: HTTP ${res.status} ${await res.text()}`);
  const reader = res.body.pipeThrough(new TextDecoderStream()).pipeThrough(new EventSourceParserStream()).getReader();
  const events: EventSourceMessage[] = [];
  try {
    for (;;) {
      const { value, done } = await reader.read().catch((e: unknown) => {
        // Say how far the stream got before it stalled: the last ids tell where to look.
        throw new Error(`${String(e)} after ${events.length} events: ${events.slice(-5).map((x) => `${x.id}:${x.event}`).join(" ")}`);
      });
      if (done) return { events, closedByServer: true };
      events.push(value);
      if (opts.stopAfter !== undefined && events.length >= opts.stopAfter) {
        ctl.abort();
        return { events, closedByServer: false };
      }
    }
  } finally {
    clearTimeout(timer);
    await reader.cancel().catch(() => {});
  }
}

/** The events' data, parsed. */
export const dataOf = <T = Record<string, unknown>>(e: EventSourceMessage): T => JSON.parse(e.data) as T;
