// Node-only: serves a web-standard fetch handler on a local port, with a close() that never waits on hung requests.

import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface ServedFetch {
  /** Origin of the server, e.g. "http://127.0.0.1:54321" (no trailing slash). */
  url: string;
  port: number;
  /** Stops listening and destroys open sockets, so that hanging or streaming requests end at once. */
  close(): Promise<void>;
}

type Handler = (req: Request) => Response | Promise<Response>;

/**
 * Listens on `host` (default 127.0.0.1) and `port` (default 0: an ephemeral port).
 *
 * A small adapter of its own rather than @hono/node-server, because the fakes need two things an
 * adapter usually smooths over: a body stream that errors must drop the connection silently (that is
 * the `cut_stream` fault, not a server bug to log), and the request's signal must abort as soon as the
 * client goes away (that is what releases a `hang`).
 */
export async function serveFetch(handler: Handler, opts: { port?: number; host?: string } = {}): Promise<ServedFetch> {
  const host = opts.host ?? "127.0.0.1";
  const origin = (port: number) => `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
  const server = createServer((incoming, outgoing) => {
    // Anything that escapes (a socket gone mid-write) only concerns this one connection.
    respond(handler, incoming, outgoing, origin((server.address() as AddressInfo).port)).catch(() => outgoing.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  let closing: Promise<void> | undefined;
  return {
    url: origin(port),
    port,
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Destroying the sockets aborts each pending request's signal, which releases hung handlers.
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

async function respond(handler: Handler, incoming: IncomingMessage, outgoing: ServerResponse, origin: string): Promise<void> {
  const aborter = new AbortController();
  // "close" before the response finished means the client (or close()) dropped the connection.
  outgoing.on("close", () => {
    if (!outgoing.writableFinished) aborter.abort(new Error("client disconnected"));
  });
  let res: Response;
  try {
    res = await handler(await toRequest(incoming, origin, aborter.signal));
  } catch (e) {
    res = new Response(`Internal Server Error: ${e instanceof Error ? e.message : String(e)}`, { status: 500 });
  }
  if (outgoing.destroyed) {
    await res.body?.cancel().catch(() => {});
    return;
  }
  const headers: Record<string, string | string[]> = {};
  res.headers.forEach((value, key) => {
    if (key !== "set-cookie") headers[key] = value;
  });
  const cookies = res.headers.getSetCookie();
  if (cookies.length > 0) headers["set-cookie"] = cookies;
  outgoing.writeHead(res.status, headers);
  if (!res.body) return void outgoing.end();
  outgoing.flushHeaders(); // a streamed answer's headers go out before its first (possibly delayed) chunk

  const reader = res.body.getReader();
  outgoing.on("close", () => void reader.cancel().catch(() => {}));
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (outgoing.destroyed) return;
      if (!outgoing.write(value)) await drained(outgoing);
    }
    outgoing.end();
  } catch {
    // The body failed midway: drop the connection, so that the client sees an abrupt end, not a clean one.
    outgoing.destroy();
  }
}

async function toRequest(incoming: IncomingMessage, origin: string, signal: AbortSignal): Promise<Request> {
  const headers = new Headers();
  for (let i = 0; i + 1 < incoming.rawHeaders.length; i += 2) headers.append(incoming.rawHeaders[i]!, incoming.rawHeaders[i + 1]!);
  const method = incoming.method ?? "GET";
  let body: Uint8Array<ArrayBuffer> | undefined;
  if (method !== "GET" && method !== "HEAD") {
    const chunks: Buffer[] = [];
    for await (const chunk of incoming) chunks.push(chunk as Buffer);
    body = new Uint8Array(Buffer.concat(chunks));
  }
  return new Request(new URL(incoming.url ?? "/", origin), { method, headers, body, signal });
}

/** Waits for the socket to drain (or close), leaving no listener behind either way: long streams wait many times. */
function drained(outgoing: import("node:http").ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      outgoing.off("drain", done);
      outgoing.off("close", done);
      resolve();
    };
    outgoing.once("drain", done);
    outgoing.once("close", done);
  });
}
