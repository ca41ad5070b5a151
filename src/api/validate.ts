// Validates a parsed body against a zod schema; the first bad field becomes a 400 naming its path.
import type { z } from "zod";
import { EoError } from "../errors.js";

export function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.infer<S> {
  const r = schema.safeParse(body);
  if (r.success) return r.data;
  const issues = r.error.issues.map((i) => ({ path: i.path.map(String).join("."), message: i.message }));
  const first = issues[0]!;
  throw new EoError("validation_failed", `${first.path ? `${first.path}: ` : ""}${first.message}`, { param: first.path || undefined, details: issues });
}

/**
 * Validates a query string: like `parseBody` over its parameters, and a parameter given more than once is a 400
 * naming it (Hono's `query()` would keep the first value and drop the rest unchecked).
 */
export function parseQuery<S extends z.ZodType>(schema: S, queries: Record<string, string[]>): z.infer<S> {
  const repeated = Object.entries(queries).find(([, values]) => values.length > 1);
  if (repeated) throw new EoError("validation_failed", `${repeated[0]}: given ${repeated[1].length} times; give it once`, { param: repeated[0], details: [{ path: repeated[0], message: "given more than once" }] });
  return parseBody(schema, Object.fromEntries(Object.entries(queries).map(([k, values]) => [k, values[0]])));
}
