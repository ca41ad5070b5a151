// Calls the ranked candidates in turn: retries what is worth retrying (honouring Retry-After), else falls back.
import { EoError } from "../errors.js";
import type { Expert } from "./expert.js";
import { classifyFault, type FaultKind, type UpstreamFault } from "./upstream-error.js";

/** One call to one expert, as the audit trail records it. */
export interface Attempt {
  expert: string;
  /** 1 for the first call to this expert, 2 for its retry, … */
  attempt: number;
  startedAt: string;
  latencyMs: number;
  outcome: "ok" | FaultKind;
  message?: string;
  status?: number;
  retryAfterMs?: number;
  /** What the gateway did next: retry the same expert, move to the next one, or give up. */
  then?: "retry" | "next" | "stop";
}

export interface FallbackOptions {
  attemptsPerExpert: number;
  maxRetryAfterMs: number;
  /** The caller's signal: when it aborts, everything stops. */
  signal?: AbortSignal;
  /** Called after each attempt ends (success or fault): lets callers stream the audit. */
  onAttempt?: (a: Attempt) => void;
}

/** The live attempt that succeeded: its signal keeps guarding the rest of a stream. */
export interface LiveAttempt {
  signal: AbortSignal;
  /** Restart the idle timer (a stream made progress). */
  touch(): void;
  /** Stop the timer (the answer is complete). */
  done(): void;
  /** Abort the upstream call (the caller went away or the stream failed). */
  abort(): void;
  timedOut(): boolean;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const t = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(signal?.reason);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

function liveAttempt(timeoutMs: number, parent?: AbortSignal): LiveAttempt {
  const ctl = new AbortController();
  let timedOut = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let last = performance.now();
  // `touch` only records the time: the timer, when it fires, re-arms for what is left of the idle window,
  // so a fast stream does not pay a clearTimeout/setTimeout pair per chunk.
  const fire = () => {
    const idle = performance.now() - last;
    if (idle < timeoutMs) {
      timer = setTimeout(fire, timeoutMs - idle);
      return;
    }
    timedOut = true;
    ctl.abort(new DOMException("expert timed out", "TimeoutError"));
  };
  const onParent = () => ctl.abort(parent?.reason);
  parent?.addEventListener("abort", onParent, { once: true });
  timer = setTimeout(fire, timeoutMs);
  return {
    signal: ctl.signal,
    touch: () => {
      last = performance.now();
    },
    done: () => {
      clearTimeout(timer);
      parent?.removeEventListener("abort", onParent);
    },
    abort: () => {
      clearTimeout(timer);
      ctl.abort(new DOMException("aborted", "AbortError"));
    },
    timedOut: () => timedOut,
  };
}

/** An attempt that already ended (an answer at hand): nothing to time out or abort. */
export function settledAttempt(): LiveAttempt {
  return { signal: new AbortController().signal, touch() {}, done() {}, abort() {}, timedOut: () => false };
}

/** The error that ends a request when no candidate answered, with every attempt in its details. */
function exhausted(attempts: Attempt[], last: UpstreamFault | undefined): EoError {
  const allDeclined = attempts.length > 0 && attempts.every((a) => a.outcome === "declined");
  const code = allDeclined ? "no_eligible_expert" : last?.kind === "timeout" ? "upstream_timeout" : "upstream_failed";
  const summary = attempts.map((a) => `${a.expert}#${a.attempt}: ${a.outcome}${a.message ? ` (${a.message})` : ""}`).join("; ");
  return new EoError(code, `no expert could answer: ${summary || "no candidates"}`, { details: { attempts } });
}

/**
 * Runs `run` on each expert in order until one succeeds. Retryable faults (429, 5xx, network, malformed)
 * are retried on the same expert up to `attemptsPerExpert` times, waiting Retry-After when it is no longer
 * than `maxRetryAfterMs`; other faults move straight to the next expert. For streams, `run` should resolve
 * once the first chunk has arrived, so that a fault before any byte was sent still falls back.
 */
export async function withFallback<T>(
  experts: readonly Expert[],
  run: (expert: Expert, live: LiveAttempt) => Promise<T>,
  opts: FallbackOptions,
): Promise<{ expert: Expert; value: T; attempts: Attempt[]; live: LiveAttempt }> {
  const attempts: Attempt[] = [];
  let lastFault: UpstreamFault | undefined;
  for (const expert of experts) {
    for (let n = 1; n <= opts.attemptsPerExpert; n++) {
      if (opts.signal?.aborted) throw new EoError("bad_request", "the client went away", { cause: opts.signal.reason });
      const live = liveAttempt(expert.timeoutMs, opts.signal);
      const startedAt = new Date();
      const t0 = performance.now();
      try {
        const value = await run(expert, live);
        const a: Attempt = { expert: expert.id, attempt: n, startedAt: startedAt.toISOString(), latencyMs: performance.now() - t0, outcome: "ok" };
        attempts.push(a);
        opts.onAttempt?.(a);
        return { expert, value, attempts, live };
      } catch (err) {
        live.done();
        const fault = classifyFault(err, live.timedOut());
        lastFault = fault;
        const a: Attempt = {
          expert: expert.id, attempt: n, startedAt: startedAt.toISOString(), latencyMs: performance.now() - t0,
          outcome: fault.kind, message: fault.message, status: fault.status, retryAfterMs: fault.retryAfterMs,
        };
        attempts.push(a);
        if (fault.kind === "aborted" && opts.signal?.aborted) {
          a.then = "stop";
          opts.onAttempt?.(a);
          throw new EoError("bad_request", "the client went away", { cause: err });
        }
        const wait = fault.retryAfterMs ?? 100 * 2 ** (n - 1);
        const retry = fault.retryable && n < opts.attemptsPerExpert && wait <= opts.maxRetryAfterMs;
        a.then = retry ? "retry" : "next";
        opts.onAttempt?.(a);
        if (!retry) break;
        await sleep(wait, opts.signal);
      }
    }
  }
  throw exhausted(attempts, lastFault);
}
