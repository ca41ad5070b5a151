// Reads a JSON request body: malformed JSON is a 400 naming the problem, never a 500.
import type { Context } from "hono";
import { EoError } from "../errors.js";

function parse(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new EoError("invalid_json", `the request body is not valid JSON: ${(e as Error).message}`);
  }
}

export async function readJson(c: Context): Promise<unknown> {
  const text = await c.req.text();
  if (text.trim() === "") throw new EoError("invalid_json", "the request body is empty; send a JSON object");
  return parse(text);
}

/** Like readJson, but an empty body reads as `{}` (for actions whose body is optional). */
export async function readOptionalJson(c: Context): Promise<unknown> {
  const text = await c.req.text();
  return text.trim() === "" ? {} : parse(text);
}
