// What went wrong with one call to an expert, read from whichever client threw it, and whether to retry.
import { EoError } from "../errors.js";

export type FaultKind =
  | "declined" // the expert refused (a builtin outside its competence)
  | "rate_limited" // 429
  | "server_error" // 5xx
  | "timeout" // no answer within the expert's timeout
  | "network" // connection refused, reset, cut mid-way
  | "malformed" // an answer that is not valid protocol (bad JSON)
  | "rejected" // 4xx other than 429: this request will not succeed on this expert
  | "aborted"; // the caller went away

export interface UpstreamFault {
  kind: FaultKind;
  message: string;
  status?: number;
  /** How long the upstream asked us to wait (Retry-After), in ms. */
  retryAfterMs?: number;
  /** Worth another attempt on the same expert. */
  retryable: boolean;
}

function headerOf(err: Record<string, unknown>, name: string): string | undefined {
  const h = err.headers as Headers | Record<string, string> | undefined;
  if (!h) return undefined;
  if (typeof (h as Headers).get === "function") return (h as Headers).get(name) ?? undefined;
  return (h as Record<string, string>)[name];
}

/** Retry-After in ms: `retry-after-ms`, or `retry-after` as seconds or as an HTTP date. */
export function retryAfterMs(err: Record<string, unknown>): number | undefined {
  const ms = Number(headerOf(err, "retry-after-ms"));
  if (Number.isFinite(ms) && ms >= 0) return ms;
  const ra = headerOf(err, "retry-after");
  if (ra === undefined) return undefined;
  const secs = Number(ra);
  if (Number.isFinite(secs)) return Math.max(0, secs * 1000);
  const at = Date.parse(ra);
  return Number.isFinite(at) ? Math.max(0, at - Date.now()) : undefined;
}

/** Classifies anything a provider client threw. `timedOut` says our own timeout fired. */
export function classifyFault(err: unknown, timedOut = false): UpstreamFault {
  if (err instanceof EoError && err.code === "expert_declined") {
    return { kind: "declined", message: err.message, retryable: false };
  }
  const e = (err && typeof err === "object" ? err : { message: String(err) }) as Record<string, unknown>;
  const message = String(e.message ?? e.error ?? "unknown error").slice(0, 500);
  if (timedOut) return { kind: "timeout", message: "no answer within the expert's timeout", retryable: false };
  const name = String(e.name ?? "");
  if (name === "AbortError" || /abort/i.test(message)) return { kind: "aborted", message, retryable: false };
  if (name === "TimeoutError") return { kind: "timeout", message, retryable: false };
  const status = typeof e.status === "number" ? e.status : typeof e.status_code === "number" ? e.status_code : undefined;
  if (status === 429) return { kind: "rate_limited", message, status, retryAfterMs: retryAfterMs(e), retryable: true };
  if (status !== undefined && status >= 500) return { kind: "server_error", message, status, retryAfterMs: retryAfterMs(e), retryable: true };
  if (status !== undefined && status >= 400) return { kind: "rejected", message, status, retryable: false };
  if (err instanceof SyntaxError || /JSON|Unexpected token|Unterminated|parse/i.test(message)) {
    return { kind: "malformed", message, retryable: true };
  }
  return { kind: "network", message, retryable: true };
}
