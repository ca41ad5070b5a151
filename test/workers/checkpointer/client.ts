// Starts the checkpointer test worker in real workerd (wrangler's local mode) and calls its Durable Object ops over HTTP.
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll } from "vitest";
import { startWorker } from "../start-worker.js";

const CONFIG = fileURLToPath(new URL("./wrangler.toml", import.meta.url));

/** JSON with bytes, as the worker speaks it: a Uint8Array travels as {"$bytes": base64}. */
const replace = (_k: string, v: unknown) => (v instanceof Uint8Array ? { $bytes: Buffer.from(v).toString("base64") } : v);
const revive = (_k: string, v: unknown) =>
  v && typeof v === "object" && typeof (v as { $bytes?: unknown }).$bytes === "string" ? new Uint8Array(Buffer.from((v as { $bytes: string }).$bytes, "base64")) : v;

export interface CheckpointerWorker {
  /** POSTs `body` to op `op` of the object named `object`; resolves with the status and the decoded reply. */
  call<T = any>(object: string, op: string, body?: unknown): Promise<{ status: number; body: T }>;
  /** Like `call`, but throws unless the reply is 200. */
  ok<T = any>(object: string, op: string, body?: unknown): Promise<T>;
  close(): Promise<void>;
}

export async function startCheckpointerWorker(): Promise<CheckpointerWorker> {
  // The same start as the service's Workers tests, on this test worker's own config (in memory: storage
  // outlives a reset object, ctx.abort, but not the workerd process).
  const worker = await startWorker({}, { config: CONFIG });
  const origin = worker.url;
  const call = async (object: string, op: string, body: unknown = {}) => {
    const r = await fetch(`${origin}/${object}/${op}`, { method: "POST", body: JSON.stringify(body, replace) });
    const text = await r.text();
    let decoded: unknown = text;
    try {
      decoded = JSON.parse(text, revive);
    } catch {
      // not JSON: an aborted object answers with wrangler's error page
    }
    return { status: r.status, body: decoded as any };
  };
  return {
    call,
    async ok(object, op, body) {
      const r = await call(object, op, body);
      if (r.status !== 200) throw new Error(`${op} on ${object}: ${r.status} ${typeof r.body === "string" ? r.body.slice(0, 300) : JSON.stringify(r.body)}`);
      return r.body;
    },
    close: () => worker.close(),
  };
}

/** One worker for the calling test file: started before its tests (under the hook's timeout), stopped after. */
export function useCheckpointerWorker(): Omit<CheckpointerWorker, "close"> {
  let worker: CheckpointerWorker | undefined;
  beforeAll(async () => {
    worker = await startCheckpointerWorker();
  }, 90_000);
  afterAll(async () => {
    await worker?.close();
  });
  const live = () => {
    if (!worker) throw new Error("the checkpointer test worker did not start");
    return worker;
  };
  return { call: (object, op, body) => live().call(object, op, body), ok: (object, op, body) => live().ok(object, op, body) };
}
