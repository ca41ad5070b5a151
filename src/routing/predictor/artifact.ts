// The learned router's artifact: a versioned JSON document (zod schema) written by `eo train router`, read by the service.
import { z } from "zod";
import { formatPath, PricingSchema } from "../../config.js";
import { EoError } from "../../errors.js";
import { FeatureSpecSchema } from "./featurize.js";

export const ARTIFACT_KIND = "eo-router-predictor";
/** Bumped on any change a reader of the previous version would misread. */
export const ARTIFACT_VERSION = 1;

/** Non-zero weights of a sparse linear model: parallel arrays of hash buckets and values. */
const SparseSchema = z
  .strictObject({ index: z.array(z.int().nonnegative()), value: z.array(z.number()) })
  .refine((s) => s.index.length === s.value.length, "index and value must have the same length");

/** One linear head: a global offset, per-domain offsets (which replace it), and text weights. */
const HeadSchema = z.strictObject({
  global: z.number(),
  domains: z.record(z.string(), z.number()),
  weights: SparseSchema,
});
export type Head = z.infer<typeof HeadSchema>;

const ExpertModelSchema = z.strictObject({
  /** The expert's name in the training data: matched against a catalog expert's id, then its model. */
  name: z.string().min(1),
  /** Outcomes it was trained on. */
  outcomes: z.int().nonnegative(),
  /** Per-token prices fitted to the recorded costs (USD per million tokens, as the gpt-tokenizer counts). */
  pricing: PricingSchema.optional(),
  /** logit P(correct) = offset + weights·features. */
  quality: HeadSchema,
  /** log(1 + output tokens) = offset + weights·features; times `smear` back on the token scale. */
  length: HeadSchema.extend({ smear: z.number().positive() }).optional(),
});
export type ExpertModel = z.infer<typeof ExpertModelSchema>;

export const RouterArtifactSchema = z.strictObject({
  kind: z.literal(ARTIFACT_KIND),
  version: z.literal(ARTIFACT_VERSION),
  createdAt: z.string(),
  features: FeatureSpecSchema,
  experts: z.array(ExpertModelSchema).min(1),
  training: z.strictObject({
    records: z.int().nonnegative(),
    sources: z.array(z.string()),
    folds: z.int().nonnegative(),
    /** The L2 strengths chosen by cross-validation; null = offsets only (the text did not help). */
    l2: z.strictObject({ quality: z.number().nullable(), length: z.number().nullable() }),
    /** Mean cross-validated loss per candidate L2 (null = offsets only). */
    cv: z.array(z.strictObject({ l2: z.number().nullable(), logLoss: z.number(), lengthMse: z.number() })),
    seconds: z.number().nonnegative(),
  }),
});
export type RouterArtifact = z.infer<typeof RouterArtifactSchema>;

/**
 * Validates a parsed artifact. A document of another kind, or of a version this build does not read, is
 * rejected with a message that says so (and what to do) before any field is looked at.
 */
export function parseArtifact(raw: unknown, source = "router artifact"): RouterArtifact {
  const head = (raw ?? {}) as { kind?: unknown; version?: unknown };
  if (typeof raw !== "object" || raw === null || head.kind !== ARTIFACT_KIND) {
    throw new EoError("bad_request", `${source} is not a router artifact (its "kind" is not "${ARTIFACT_KIND}"); make one with eo train router`, { param: "kind" });
  }
  if (head.version !== ARTIFACT_VERSION) {
    throw new EoError(
      "bad_request",
      `${source} has router artifact version ${JSON.stringify(head.version)}, but this build reads version ${ARTIFACT_VERSION}; retrain it with eo train router`,
      { param: "version" },
    );
  }
  const r = RouterArtifactSchema.safeParse(raw);
  if (r.success) return r.data;
  const issues = r.error.issues.map((i) => ({ path: formatPath(i.path), message: i.message }));
  const lines = issues.slice(0, 10).map((i) => `  ${i.path || "(root)"}: ${i.message}`);
  throw new EoError("bad_request", `invalid router artifact ${source}:\n${lines.join("\n")}`, { param: issues[0]!.path || undefined, details: issues });
}

/** Parses artifact JSON text (a syntax error names the source too). */
export function parseArtifactText(text: string, source = "router artifact"): RouterArtifact {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new EoError("bad_request", `invalid JSON in ${source}: ${(e as Error).message}`);
  }
  return parseArtifact(raw, source);
}
