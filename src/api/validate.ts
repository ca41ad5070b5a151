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
