// Builds a JSON value valid against a JSON Schema and plausible for a prompt: the fakes' structured output.

import {
  DEPENDENCY_KEYS, INSTRUCTION_KEYS, PROBLEM_LIST_KEYS, STEP_LIST_KEYS,
  booleanValue, enumValue, numberValue, rankEnum, stringValue, type FieldContext,
} from "./field-values.js";
import { splitRequest } from "./prompt-parts.js";

export type JSONSchema = Record<string, unknown> | boolean;
type Obj = Record<string, unknown>;

/** Past this nesting depth (recursive schemas), only required properties and minimal arrays are built. */
const MAX_DEPTH = 8;

interface Ctx extends FieldContext {
  root: JSONSchema;
  parts: string[];
  depth: number;
}

/**
 * A value valid against `schema` (objects, arrays, strings, numbers, booleans, null, enum/const,
 * anyOf/oneOf/allOf, nullable type arrays, `$ref` into `$defs`/`definitions`), filled from `prompt`.
 * A planner-like array (objects with an instruction/task/description/step field) gets one item per
 * part of the request. Deterministic: the same schema and prompt give the same value.
 */
export function instanceFromSchema(schema: JSONSchema, prompt: string): unknown {
  return build(schema, { root: schema, parts: splitRequest(prompt), text: prompt, depth: 0 });
}

function build(input: JSONSchema | undefined, ctx: Ctx): unknown {
  if (input === undefined || input === true) return stringValue(ctx);
  if (input === false) return null; // nothing is valid; null is the least surprising wrong answer
  const s = flatten(input, ctx);
  if ("const" in s) return s.const;
  if (Array.isArray(s.enum) && s.enum.length > 0) return enumValue(s.enum, ctx);
  const branches = s.anyOf ?? s.oneOf;
  if (Array.isArray(branches) && branches.length > 0) {
    const consts = (branches as JSONSchema[]).map((b) => (typeof b === "object" ? flatten(b, ctx) : {}));
    // A union of literals is an enum in disguise: rank it like one.
    if (consts.every((b) => "const" in b)) return enumValue(consts.map((b) => b.const), ctx);
    const { anyOf: _a, oneOf: _o, ...siblings } = s;
    return build({ ...siblings, ...asObj(chooseBranch(branches as JSONSchema[], ctx)) }, ctx);
  }
  switch (chooseType(s, ctx)) {
    case "null": return null;
    case "boolean": return booleanValue(ctx);
    case "integer": return number(s, ctx, true);
    case "number": return number(s, ctx, false);
    case "object": return object(s, ctx);
    case "array": return array(s, ctx);
    default: return string(s, ctx);
  }
}

/** Follows `$ref` and merges `allOf`, so that the rest of the builder sees one plain schema. */
function flatten(schema: Obj, ctx: Ctx, seen = 0): Obj {
  let s = schema;
  if (typeof s.$ref === "string" && seen < 32) {
    const { $ref, ...siblings } = s;
    s = { ...asObj(pointer(ctx.root, $ref as string)), ...siblings };
    return flatten(s, ctx, seen + 1);
  }
  if (Array.isArray(s.allOf)) {
    const { allOf, ...rest } = s;
    s = (allOf as JSONSchema[]).map((b) => flatten(asObj(b), ctx, seen + 1)).reduce(merge, rest);
  }
  return s;
}

function merge(a: Obj, b: Obj): Obj {
  return {
    ...a,
    ...b,
    properties: { ...asObj(a.properties), ...asObj(b.properties) },
    required: [...new Set([...strings(a.required), ...strings(b.required)])],
  };
}

/** Resolves "#", "#/$defs/x", "#/definitions/x" or any local JSON pointer; an unknown target allows anything. */
function pointer(root: JSONSchema, ref: string): JSONSchema {
  if (!ref.startsWith("#")) return true;
  let node: unknown = root;
  for (const raw of ref.slice(1).split("/").filter(Boolean)) {
    const key = decodeURIComponent(raw).replace(/~1/g, "/").replace(/~0/g, "~");
    node = node && typeof node === "object" ? (node as Obj)[key] : undefined;
  }
  return node === undefined ? true : (node as JSONSchema);
}

/** First non-null branch; past MAX_DEPTH the null branch (if any) ends recursion instead. */
function chooseBranch(branches: JSONSchema[], ctx: Ctx): JSONSchema {
  const isNull = (b: JSONSchema) => typeof b === "object" && b.type === "null";
  if (ctx.depth > MAX_DEPTH) return branches.find(isNull) ?? branches[0]!;
  return branches.find((b) => b !== false && !isNull(b)) ?? branches[0]!;
}

function chooseType(s: Obj, ctx: Ctx): string {
  if (typeof s.type === "string") return s.type;
  if (Array.isArray(s.type) && s.type.length > 0) {
    const types = s.type as string[];
    if (ctx.depth > MAX_DEPTH && types.includes("null")) return "null";
    return types.find((t) => t !== "null") ?? "null";
  }
  if (s.properties || s.required || s.additionalProperties !== undefined) return "object";
  if (s.items !== undefined || s.prefixItems !== undefined) return "array";
  if (s.minimum !== undefined || s.maximum !== undefined) return "number";
  return "string";
}

function object(s: Obj, ctx: Ctx): Obj {
  const props = asObj(s.properties);
  const required = strings(s.required);
  const keys = ctx.depth > MAX_DEPTH ? required : [...new Set([...Object.keys(props), ...required])];
  const extra = s.additionalProperties;
  const out: Obj = {};
  for (const key of keys) out[key] = build((props[key] as JSONSchema | undefined) ?? additional(extra), child(ctx, key));
  // Maps (z.record) only get entries when the schema asks for some.
  const min = typeof s.minProperties === "number" ? s.minProperties : 0;
  for (let i = 0; Object.keys(out).length < min && extra !== false && i < min + 8; i++) {
    const key = `item${i + 1}`;
    if (!(key in out)) out[key] = build(additional(extra), child(ctx, key));
  }
  return out;
}
const additional = (extra: unknown): JSONSchema => (typeof extra === "object" && extra !== null ? (extra as Obj) : true);

function array(s: Obj, ctx: Ctx): unknown[] {
  const min = typeof s.minItems === "number" ? s.minItems : 0;
  const max = typeof s.maxItems === "number" ? s.maxItems : Infinity;
  const tuple = Array.isArray(s.prefixItems) ? (s.prefixItems as JSONSchema[]) : [];
  const items = (s.items ?? true) as JSONSchema;
  const itemSchema = typeof items === "object" ? flatten(items, ctx) : {};
  const key = norm(ctx.key);

  // One item per part of the request when the items carry work (a plan) or the array is a list of steps.
  const perPart =
    isPlanItem(itemSchema) || (STEP_LIST_KEYS.has(key) && chooseType(itemSchema, ctx) === "string" && !itemSchema.enum);
  let count: number;
  if (ctx.depth > MAX_DEPTH || DEPENDENCY_KEYS.has(key) || PROBLEM_LIST_KEYS.has(key)) count = 0;
  else if (perPart) count = ctx.parts.length;
  else count = 1;
  count = Math.max(tuple.length, Math.min(Math.max(count, min), max));

  if (Array.isArray(itemSchema.enum) && s.uniqueItems === true) {
    // Unique enum items: the best-fitting values, in order.
    return rankEnum(itemSchema.enum, { ...ctx, index: undefined }).slice(0, count);
  }
  const out: unknown[] = [];
  for (let i = 0; i < count; i++) {
    const schema = i < tuple.length ? tuple[i]! : items;
    const text = perPart ? ctx.parts[i % ctx.parts.length]! : ctx.text;
    out.push(build(schema, { ...ctx, key: perPart ? undefined : singular(ctx.key), index: i, text, depth: ctx.depth + 1 }));
  }
  return out;
}

function isPlanItem(s: Obj): boolean {
  return Object.keys(asObj(s.properties)).some((k) => INSTRUCTION_KEYS.has(norm(k)));
}

function string(s: Obj, ctx: Ctx): string {
  let v = stringValue(ctx, typeof s.format === "string" ? s.format : undefined);
  const minLength = typeof s.minLength === "number" ? s.minLength : 0;
  const maxLength = typeof s.maxLength === "number" ? s.maxLength : Infinity;
  if (typeof s.pattern === "string") v = fitPattern(v, s.pattern, ctx);
  while (v.length < minLength) v = `${v} ${ctx.text || "details"}`.trim() || `${v}x`;
  return [...v].slice(0, maxLength).join(""); // by code point, so no half surrogate pair is left
}

/** Keeps the value if it matches; otherwise tries a few generic shapes that common patterns accept. */
function fitPattern(v: string, pattern: string, ctx: Ctx): string {
  let re: RegExp;
  try {
    re = new RegExp(pattern, "u");
  } catch {
    return v;
  }
  const n = (ctx.index ?? 0) + 1;
  const slug = v.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "").slice(0, 40);
  return [v, slug, `s${n}`, `S${n}`, String(n), "example", "a", "A"].find((c) => re.test(c)) ?? v;
}

function number(s: Obj, ctx: Ctx, integer: boolean): number {
  const step = integer ? 1 : 1e-6;
  const lo = num(s.minimum) ?? (num(s.exclusiveMinimum) !== undefined ? num(s.exclusiveMinimum)! + step : undefined);
  const hi = num(s.maximum) ?? (num(s.exclusiveMaximum) !== undefined ? num(s.exclusiveMaximum)! - step : undefined);
  let v = numberValue(ctx, lo, hi, integer);
  const multipleOf = num(s.multipleOf);
  if (multipleOf) v = Math.round(v / multipleOf) * multipleOf;
  if (integer) v = Math.round(v);
  if (lo !== undefined && v < lo) v = integer ? Math.ceil(lo) : lo;
  if (hi !== undefined && v > hi) v = integer ? Math.floor(hi) : hi;
  if (multipleOf && lo !== undefined && v < lo) v += multipleOf;
  return Number(v.toFixed(6));
}

const child = (ctx: Ctx, key: string): Ctx => ({ ...ctx, key, depth: ctx.depth + 1 });
const norm = (key: string | undefined) => (key ?? "").toLowerCase().replace(/[^a-z]/g, "");
/** "subtasks" → "subtask", so that an item of a named array is filled like a field of that name. */
const singular = (key: string | undefined) => key?.replace(/ies$/, "y").replace(/s$/, "");
const num = (x: unknown) => (typeof x === "number" && Number.isFinite(x) ? x : undefined);
const strings = (x: unknown) => (Array.isArray(x) ? x.filter((k): k is string => typeof k === "string") : []);
const asObj = (x: unknown): Obj => (x && typeof x === "object" && !Array.isArray(x) ? (x as Obj) : {});
