// Reads a JSON request body: malformed JSON is a 400 naming the problem, never a 500.
import type { Context } from "hono";
import { EoError } from "../errors.js";

export async function readJson(c: Context): Promise<unknown> {
  const text = await c.req.text();
  if (text.trim() === "") throw new EoError("invalid_json", "the request body is empty; send a JSON object");
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new EoError("invalid_json", `the request body is not valid JSON: ${(e as Error).message}`);
  }
}
