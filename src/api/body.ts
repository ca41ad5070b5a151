// Request bodies: JSON read with a 400 naming the problem (never a 500), and the byte limit bodies are held to.
import type { Context, MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { EoError } from "../errors.js";

/**
 * How deeply a body may nest: far more than any real request (a JSON schema nested 10 levels is about 30), and far
 * less than the depth at which passing it on (JSON.stringify, a provider's client) overflows the stack.
 */
export const MAX_JSON_DEPTH = 64;

/** Whether JSON text nests deeper than MAX_JSON_DEPTH: a scan of its brackets outside strings (no allocation). */
function nestsTooDeep(text: string): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // a backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > MAX_JSON_DEPTH) return true;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return false;
}

/** The path to the first object or array nested deeper than MAX_JSON_DEPTH (for the error; iterative, so it cannot overflow). */
function deepPath(root: unknown): string[] {
  const stack: { v: unknown; path: string[] }[] = [{ v: root, path: [] }];
  for (let n = stack.pop(); n; n = stack.pop()) {
    if (n.path.length >= MAX_JSON_DEPTH) return n.path;
    for (const [k, x] of Object.entries(n.v as object)) if (typeof x === "object" && x !== null) stack.push({ v: x, path: [...n.path, k] });
  }
  return [];
}

/** JSON text as a value; malformed JSON is `invalid_json`, a value nested too deeply `validation_failed` naming where. */
export function parseJsonText(text: string): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch (e) {
    throw new EoError("invalid_json", `the request body is not valid JSON: ${(e as Error).message}`);
  }
  if (nestsTooDeep(text)) {
    const param = deepPath(value).slice(0, 4).join(".");
    const message = `nested more than ${MAX_JSON_DEPTH} levels deep`;
    throw new EoError("validation_failed", `${param}: ${message}`, { param, details: [{ path: param, message }] });
  }
  return value;
}

const UTF8 = new TextDecoder("utf-8", { fatal: true });

/** The body as text; bytes that are not UTF-8 are refused, not replaced with U+FFFD and passed on (or stored). */
export async function readText(c: Context): Promise<string> {
  const bytes = await c.req.arrayBuffer();
  try {
    return UTF8.decode(bytes);
  } catch {
    throw new EoError("invalid_json", "the request body is not valid UTF-8; send JSON encoded as UTF-8");
  }
}

export async function readJson(c: Context): Promise<unknown> {
  const text = await readText(c);
  if (text.trim() === "") throw new EoError("invalid_json", "the request body is empty; send a JSON object");
  return parseJsonText(text);
}

/** Like readJson, but an empty body reads as `{}` (for actions whose body is optional). */
export async function readOptionalJson(c: Context): Promise<unknown> {
  const text = await readText(c);
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
