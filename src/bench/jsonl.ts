// JSONL read against a zod schema: every bad line reported with its number and the path of its bad field, in one error.
import type { z } from "zod";
import { formatPath } from "../config.js";
import { EoError } from "../errors.js";

/** Most bad lines listed in one error: a wholly wrong file should not print a thousand lines. */
const MAX_LISTED = 20;

/**
 * Parses JSONL text, one `schema` record a line; blank lines are skipped. Every bad line (invalid JSON or a
 * field that fails the schema) is reported as `source:line: path: message`, all in one `bad_request` error
 * (the first 20 listed, the rest counted). Records must have unique `id`s.
 */
export function parseJsonl<S extends z.ZodType<{ id: string }>>(text: string, schema: S, source: string): z.infer<S>[] {
  const records: z.infer<S>[] = [];
  const problems: string[] = [];
  let bad = 0;
  text.split("\n").forEach((raw, i) => {
    const line = raw.trim();
    if (!line) return;
    const problem = (message: string) => {
      bad++;
      if (problems.length < MAX_LISTED) problems.push(`${source}:${i + 1}: ${message}`);
    };
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch (e) {
      return problem(`invalid JSON (${(e as Error).message})`);
    }
    const r = schema.safeParse(json);
    if (!r.success) return problem(r.error.issues.map((x) => `${formatPath(x.path) || "(line)"}: ${x.message}`).join("; "));
    records.push(r.data);
  });
  if (bad > 0) {
    const more = bad > problems.length ? `\n… and ${bad - problems.length} more bad lines` : "";
    throw new EoError("bad_request", `${bad} bad line(s) in ${source}:\n${problems.join("\n")}${more}`, { details: { source, bad } });
  }
  const seen = new Set<string>();
  for (const r of records) {
    if (seen.has(r.id)) throw new EoError("bad_request", `${source}: duplicate id "${r.id}"`);
    seen.add(r.id);
  }
  return records;
}

/** Records as JSONL text: one a line, a final newline when there are any. */
export function formatJsonl(records: readonly unknown[]): string {
  return records.map((r) => JSON.stringify(r)).join("\n") + (records.length ? "\n" : "");
}
