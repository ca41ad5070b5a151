// Validates a value against a JSON Schema with @cfworker/json-schema (an interpreter, no eval: it runs in Workers, where Ajv's compiled validators cannot).
import { Validator, type OutputUnit, type Schema, type SchemaDraft } from "@cfworker/json-schema";

/** One way a value fails a schema: where in the value, which schema keyword (by its path), and why. */
export interface SchemaError {
  /** JSON Pointer into the value, "" for the value itself. */
  at: string;
  /** JSON Pointer into the schema, to the keyword that failed ("/properties/age/minimum"). */
  schemaPath: string;
  message: string;
}

export type SchemaCheck = { ok: true } | { ok: false; errors: SchemaError[] } | { ok: false; unusable: string };

/** Validators by schema object: a caller that reuses its schema (a calibration suite) builds the validator once. */
const validators = new WeakMap<object, Validator>();

/** The draft a schema declares in `$schema`; 2020-12 when it declares none. */
function draftOf(schema: Record<string, unknown>): SchemaDraft {
  const declared = typeof schema.$schema === "string" ? schema.$schema : "";
  if (/draft-0[34]\b/.test(declared)) return "4";
  if (/draft-0[67]\b/.test(declared)) return "7";
  if (declared.includes("2019-09")) return "2019-09";
  return "2020-12";
}

/** Errors that only say "a child failed" (`properties`, `items`, `allOf`…) are left out when the child's own error is there. */
function leafErrors(units: OutputUnit[]): OutputUnit[] {
  const leaves = units.filter((u) => !units.some((o) => o !== u && o.keywordLocation.startsWith(`${u.keywordLocation}/`)));
  // `additionalProperties: false` reports the property against the boolean schema `false`: the parent says it better.
  const named = leaves.filter((u) => u.keyword !== "false");
  return named.length > 0 ? named : leaves;
}

const pointer = (location: string) => location.replace(/^#/, "");

/**
 * Checks `value` against `schema` (drafts 4, 7, 2019-09, 2020-12; formats such as email and date-time are
 * checked). A schema that cannot be used (an unresolved `$ref`, an invalid `pattern`) is reported as
 * unusable rather than thrown: it is the caller's mistake, not the answer's.
 */
export function checkSchema(value: unknown, schema: Record<string, unknown>): SchemaCheck {
  try {
    let validator = validators.get(schema);
    if (!validator) {
      // A clone: the validator writes its resolved ids into the schema object it is given.
      validator = new Validator(structuredClone(schema) as Schema, draftOf(schema), false);
      validators.set(schema, validator);
    }
    const result = validator.validate(value);
    if (result.valid) return { ok: true };
    const errors = leafErrors(result.errors).map((u) => ({ at: pointer(u.instanceLocation), schemaPath: pointer(u.keywordLocation), message: u.error }));
    return { ok: false, errors };
  } catch (e) {
    return { ok: false, unusable: (e as Error).message.split("\n")[0]! };
  }
}
