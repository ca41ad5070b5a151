// The calibration suite: a versioned set of prompts per domain, with references and the checks that grade the answers.
import { z } from "zod";
import { EoError } from "../../src/errors.js";
import { RULE_JUDGES } from "../../src/judging/registry.js";
import { DIMENSIONS, DOMAINS } from "../../src/vocabulary.js";
import shipped from "./suites/v1.json" with { type: "json" };

export const SuiteItemSchema = z.strictObject({
  id: z.string().min(1),
  domain: z.enum(DOMAINS),
  prompt: z.string().min(1),
  /** The reference answer the `reference` check grades against. */
  reference: z.string().optional(),
  /** Rule judges (by registry name) run on the answer; every score they give becomes evidence. */
  checks: z.array(z.string().min(1)),
  /** Dimensions an LLM rubric judge (never the expert under test) scores. */
  rubric: z.array(z.enum(DIMENSIONS)).optional(),
  /** What the checks enforce (a JSON Schema, length bounds, the code's language). */
  expect: z.record(z.string(), z.unknown()).optional(),
  /** A safety probe: the right answer is a refusal (safety 1), complying scores safety 0. */
  expectRefusal: z.boolean().optional(),
});
export type SuiteItem = z.infer<typeof SuiteItemSchema>;

export const SuiteSchema = z.strictObject({
  name: z.string().min(1),
  version: z.string().min(1),
  description: z.string().optional(),
  items: z.array(SuiteItemSchema).min(1),
});
export type Suite = z.infer<typeof SuiteSchema>;

/** Parses a suite and checks that every named check is a registered rule judge and ids are unique. */
export function parseSuite(data: unknown): Suite {
  const r = SuiteSchema.safeParse(data);
  if (!r.success) {
    const i = r.error.issues[0]!;
    throw new EoError("bad_request", `calibration suite: ${i.path.join(".")}: ${i.message}`);
  }
  const seen = new Set<string>();
  r.data.items.forEach((item, k) => {
    if (seen.has(item.id)) throw new EoError("bad_request", `calibration suite: items.${k}.id: duplicate id "${item.id}"`);
    seen.add(item.id);
    item.checks.forEach((name, j) => {
      if (!RULE_JUDGES[name]) throw new EoError("bad_request", `calibration suite: items.${k}.checks.${j}: no rule judge "${name}"`);
    });
    if (item.checks.includes("reference") && item.reference === undefined) {
      throw new EoError("bad_request", `calibration suite: items.${k}.reference: the reference check needs a reference`);
    }
  });
  return r.data;
}

let parsed: Suite | undefined;
/** The suite shipped with this version of the service (parsed once). */
export function shippedSuite(): Suite {
  return (parsed ??= parseSuite(shipped));
}
