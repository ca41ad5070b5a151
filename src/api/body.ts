// Request bodies: JSON read with a 400 naming the problem (never a 500), and the byte limit bodies are held to.
import type { Context, MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { EoError } from "../errors.js";

/** JSON text as a value; malformed JSON is `invalid_json`. */
export function parseJsonText(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new EoError("invalid_json", `the request body is not valid JSON: ${(e as Error).message}`);
  }
}

export async function readJson(c: Context): Promise<unknown> {
  const text = await c.req.text();
  if (text.trim() === "") throw new EoError("invalid_json", "the request body is empty; send a JSON object");
  return parseJsonText(text);
}

/** Like readJson, but an empty body reads as `{}` (for actions whose body is optional). */
export async function readOptionalJson(c: Context): Promise<unknown> {
  const text = await c.req.text();
  return text.trim() === "" ? {} : parseJsonText(text);
}

/** Refuses a body over `limit` bytes with `payload_too_large` (413), before the route reads it. */
export function limitBody(limit: number): MiddlewareHandler {
  const tooLarge = () => {
    throw new EoError("payload_too_large", `the request body is over the limit of ${limit} bytes`);
  };
  const streamed = bodyLimit({ maxSize: limit, onError: tooLarge });
  return (c, next) => {
    // A declared length is enforced by the HTTP parser, so checking it suffices; only a chunked body
    // (no content-length) needs the byte-counting middleware, which costs a web-stream copy of the body.
    const declared = c.req.header("content-length");
    if (declared === undefined) return streamed(c, next);
    if (Number(declared) > limit) tooLarge();
    return next();
  };
}
