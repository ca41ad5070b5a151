// Web-standard plumbing shared by the fake protocol handlers: delays, hangs, JSON and streamed bodies, injected breakage.

/** Resolves after `ms`, or as soon as `signal` aborts (the caller checks `signal.aborted`). */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (ms <= 0 || signal?.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener("abort", done, { once: true });
  });
}

/**
 * The "hang" fault: never answers. Resolves only when the request's signal aborts (the client gave up,
 * or the server closed its sockets), with a response nobody will read.
 */
export async function hang(signal: AbortSignal): Promise<Response> {
  await new Promise<void>((resolve) => {
    if (signal.aborted) resolve();
    else signal.addEventListener("abort", () => resolve(), { once: true });
  });
  return new Response(null, { status: 499 });
}

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", ...headers } });
}

/** Parses a request body; on failure the parser's message (the handlers answer 400 in their own dialect). */
export async function readJson(req: Request): Promise<{ ok: true; value: unknown } | { ok: false; error: string }> {
  const text = await req.text();
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (e) {
    return { ok: false, error: e instanceof Error ? e.message : String(e) };
  }
}

/**
 * Breaks a JSON text the way a buggy upstream does (a Python-style NaN), so that any JSON parser rejects
 * it while it still looks like the real thing in a log.
 */
export function malform(jsonText: string): string {
  return jsonText.replace(/^\{/, '{"x_upstream_latency": NaN, ');
}

export interface StreamOptions {
  contentType: string;
  /** Delay between frames (not before the first: that is the script's latency). */
  chunkDelayMs?: number;
  /** Destroy the connection after this many frames (no terminal frame, no clean end of body). */
  cutAfter?: number;
  signal?: AbortSignal;
  headers?: Record<string, string>;
}

/**
 * A streamed 200 response of pre-serialized frames (SSE events or NDJSON lines), paced by `chunkDelayMs`.
 * A cut errors the body stream, which makes the HTTP server destroy the socket mid-body: the client sees
 * an abrupt end of the connection, as when a real upstream drops it.
 */
export function streamed(frames: readonly string[], opts: StreamOptions): Response {
  const encoder = new TextEncoder();
  let i = 0;
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (opts.cutAfter !== undefined && i >= opts.cutAfter) {
        // Let the frames already written reach the client (and the headers go out) before the cut.
        await sleep(Math.max(opts.chunkDelayMs ?? 0, 20), opts.signal);
        controller.error(new Error("fake upstream: connection cut (cut_stream fault)"));
        return;
      }
      if (i >= frames.length) return controller.close();
      if (i > 0) await sleep(opts.chunkDelayMs ?? 0, opts.signal);
      if (opts.signal?.aborted) return controller.close();
      controller.enqueue(encoder.encode(frames[i++]));
    },
  });
  return new Response(body, {
    status: 200,
    headers: { "content-type": opts.contentType, "cache-control": "no-cache", ...opts.headers },
  });
}

/** Random id of `n` letters and digits after `prefix` (ids need not be deterministic; answers are). */
export function randomId(prefix: string, n: number): string {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  const bytes = crypto.getRandomValues(new Uint8Array(n));
  return prefix + Array.from(bytes, (b) => alphabet[b % alphabet.length]).join("");
}

/** Seconds since the epoch, as OpenAI's `created`. */
export const nowSeconds = () => Math.floor(Date.now() / 1000);

/** Loose readers for request bodies of unknown shape. */
export type Obj = Record<string, unknown>;
export const isObj = (x: unknown): x is Obj => typeof x === "object" && x !== null && !Array.isArray(x);
export const asObj = (x: unknown): Obj => (isObj(x) ? x : {});
export const str = (x: unknown): string | undefined => (typeof x === "string" ? x : undefined);
export const num = (x: unknown): number | undefined => (typeof x === "number" && Number.isFinite(x) ? x : undefined);
/** A stop parameter (one string or a list) as a list. */
export const stopList = (x: unknown): string[] | undefined =>
  typeof x === "string" ? [x] : Array.isArray(x) ? x.filter((s): s is string => typeof s === "string") : undefined;

/**
 * The function tools of a request body: Chat Completions and Ollama send `{ type, function: { name, … } }`,
 * the Responses API the flat `{ type: "function", name, … }`.
 */
export function toolsOf(x: unknown): { name: string; description?: string; parameters?: Obj }[] | undefined {
  if (!Array.isArray(x)) return undefined;
  return x
    .map((t) => (isObj(t) && isObj(t.function) ? t.function : isObj(t) && t.type === "function" ? t : undefined))
    .filter((f): f is Obj & { name: string } => f !== undefined && typeof f.name === "string")
    .map((f) => ({ name: f.name, description: str(f.description), parameters: isObj(f.parameters) ? f.parameters : undefined }));
}
