// Rule judge "json": the answer is valid JSON (alone, or in a ```json block), and satisfies `expect.jsonSchema` when one is given.
import { verdict, type RuleJudge, type Verdict } from "../judge.js";
import { codeBlocks } from "./fences.js";
import { checkSchema } from "./json-schema.js";
import { jsonSyntaxError } from "./json-syntax.js";

/** Where the JSON of an answer was found: a fenced block (at this answer line) or the whole answer. */
export interface JsonText {
  text: string;
  from: "fence" | "answer";
  line: number;
}

/** Whether a prompt asks for JSON output: "respond in JSON", "return valid JSON", "as a JSON object". */
export function asksForJson(prompt: string): boolean {
  return /\b(?:respond|reply|answer|output|return|format|give|write|print|provide)\b[^.?!\n]{0,40}\b(?:in|as|with|using)?\s*(?:valid\s+|strict\s+|only\s+)?JSON\b/i.test(prompt) || /\bJSON (?:only|format(?:ted)?|object|array|output)\b/i.test(prompt);
}

/**
 * The JSON text of an answer: its first block tagged `json`, else its first untagged block that starts
 * like JSON, else the whole answer. Prose around a fenced block is allowed; JSON sitting in prose without a
 * fence is not extracted (the answer as a whole is then not JSON).
 */
export function jsonOf(response: string): JsonText {
  const blocks = codeBlocks(response);
  const block = blocks.find((b) => b.tag === "json" || b.tag === "jsonc") ?? blocks.find((b) => !b.tag && /^\s*[[{]/.test(b.code));
  return block ? { text: block.code, from: "fence", line: block.line } : { text: response, from: "answer", line: 1 };
}

export type ParsedJson = { ok: true; value: unknown } | { ok: false; why: string };

/** Parses JSON text; a failure names the answer line and column it stopped at and what was expected there. */
export function parseJson(found: JsonText): ParsedJson {
  if (!found.text.trim()) return { ok: false, why: found.from === "fence" ? "the JSON block is empty" : "the answer is empty" };
  try {
    return { ok: true, value: JSON.parse(found.text) };
  } catch {
    const stop = jsonSyntaxError(found.text) ?? { at: 0, why: "valid JSON" };
    const before = found.text.slice(0, stop.at);
    const line = found.line + before.split("\n").length - 1;
    const column = stop.at - before.lastIndexOf("\n");
    const prose = found.from === "answer" && !/^\s*[[{]/.test(found.text) && /[[{]/.test(found.text) ? " (JSON inside prose counts only in a ```json block)" : "";
    return { ok: false, why: `not valid JSON: at answer line ${line}, column ${column}, expected ${stop.why}${prose}` };
  }
}

const DIMENSIONS = ["format"] as const;
/** At most this many schema errors are listed in the reasons. */
const MAX_ERRORS = 5;

/**
 * Passes an answer that is valid JSON and, when `expect.jsonSchema` is given, satisfies it. Reasons name
 * where parsing stopped, or each failing value path with the schema path of the keyword that rejected it.
 * A schema that cannot be used (an unresolved `$ref`) is the caller's mistake: the verdict fails with no
 * score, saying so. Applies when a schema is given or the prompt asks for JSON.
 */
export const jsonJudge: RuleJudge = {
  name: "json",
  kind: "rule",
  dimensions: DIMENSIONS,
  appliesTo: ({ prompt, expect }) => expect?.jsonSchema !== undefined || asksForJson(prompt),
  judge({ response, expect }): Verdict {
    const found = jsonOf(response);
    const parsed = parseJson(found);
    if (!parsed.ok) return verdict(this.name, false, DIMENSIONS, [parsed.why]);
    const where = found.from === "fence" ? `the JSON block at answer line ${found.line}` : "the answer";
    const schema = expect?.jsonSchema;
    if (!schema) return verdict(this.name, true, DIMENSIONS, [`${where} is valid JSON`]);
    const check = checkSchema(parsed.value, schema);
    if (check.ok) return verdict(this.name, true, DIMENSIONS, [`${where} is valid JSON and satisfies the schema`]);
    if ("unusable" in check) return verdict(this.name, false, [], [`the expected JSON Schema cannot be used: ${check.unusable}`]);
    const reasons = check.errors.slice(0, MAX_ERRORS).map((e) => `at ${e.at || "(root)"} (schema ${e.schemaPath || "(root)"}): ${e.message}`);
    if (check.errors.length > MAX_ERRORS) reasons.push(`and ${check.errors.length - MAX_ERRORS} more schema errors`);
    return verdict(this.name, false, DIMENSIONS, [`${where} does not satisfy the schema`, ...reasons]);
  },
};
