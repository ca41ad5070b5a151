// The zod schema of eo.config.json (the catalog and the defaults) and its parser, whose errors name the bad field.
import { z } from "zod";
import { EoError } from "./errors.js";
import { DIMENSIONS, DOMAINS } from "./vocabulary.js";

export const DomainSchema = z.enum(DOMAINS);
export const DimensionSchema = z.enum(DIMENSIONS);
export const StrategySchema = z.enum(["quality", "cost-aware", "threshold"]);
export type StrategyName = z.infer<typeof StrategySchema>;

export const PricingSchema = z.strictObject({
  inputPerMTok: z.number().nonnegative(),
  outputPerMTok: z.number().nonnegative(),
});
export type Pricing = z.infer<typeof PricingSchema>;

/**
 * Dimension weights a user states: how much each dimension counts in an expert's predicted quality. Capped, so that
 * their sum stays finite (weights near Number.MAX_VALUE summed to Infinity, and every quality read 0).
 */
export const WeightsSchema = z.partialRecord(DimensionSchema, z.number().nonnegative().max(1e6));

export const ExpertConfigSchema = z.strictObject({
  id: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._:/-]*$/, "letters, digits and . _ : / - only")
    .max(128)
    .refine((s) => !s.startsWith("eo/"), "the eo/ prefix is reserved"),
  provider: z.enum(["openai", "ollama", "builtin"]),
  model: z.string().min(1),
  baseURL: z.url({ protocol: /^https?$/, error: "must be an http:// or https:// URL" }).optional(),
  /** Name of the environment variable (or Worker secret) that holds the API key. */
  apiKeyEnv: z.string().min(1).optional(),
  /** Left out: looked up in the price library by model; a local expert costs 0. */
  pricing: PricingSchema.optional(),
  contextWindow: z.int().positive().optional(),
  local: z.boolean().optional(),
  domains: z.array(DomainSchema).min(1).default(["general"]),
  /** Prior quality per domain in [0, 1], until judges measure it (seeds the capability profile). */
  skills: z.partialRecord(DomainSchema, z.number().min(0).max(1)).optional(),
  /** Typical latency of one answer, a routing hint until measured. */
  latencyMs: z.number().nonnegative().optional(),
  /** How long one call may take before it is abandoned. */
  timeoutMs: z.int().positive().max(600_000).default(60_000),
  /** A simulated expert of the offline sandbox fleet. */
  sandbox: z.boolean().default(false),
  /**
   * OpenAI experts only: which OpenAI API the client speaks. `auto` (the default) is ChatOpenAI's own choice
   * (the Responses API for models it says prefer it, e.g. names containing "codex"), `chat` always Chat
   * Completions (for compatible endpoints without /responses), `responses` always the Responses API.
   */
  openaiApi: z.enum(["auto", "chat", "responses"]).optional(),
}).superRefine((e, ctx) => {
  if (e.openaiApi !== undefined && e.provider !== "openai") {
    ctx.addIssue({ code: "custom", path: ["openaiApi"], message: `only for provider "openai" (this expert's provider is "${e.provider}")` });
  }
});
export type ExpertConfig = z.infer<typeof ExpertConfigSchema>;

export const PreferencesSchema = z.strictObject({
  strategy: StrategySchema.optional(),
  weights: WeightsSchema.optional(),
  maxCostUsd: z.number().nonnegative().optional(),
  approvedExperts: z.array(z.string()).min(1).optional(),
  localOnly: z.boolean().optional(),
  /** Experts whose typical latency exceeds this are not candidates. */
  maxLatencyMs: z.number().positive().optional(),
  /** `threshold`: the least predicted quality an expert must reach. */
  minQuality: z.number().min(0).max(1).optional(),
  /** `cost-aware`: quality points given up per US dollar of predicted cost (λ). */
  costWeight: z.number().nonnegative().optional(),
});
export type Preferences = z.infer<typeof PreferencesSchema>;

export const DefaultsSchema = z.strictObject({
  strategy: StrategySchema.default("cost-aware"),
  budgetUsd: z.number().nonnegative().default(1),
  weights: WeightsSchema.default({ correctness: 1, safety: 1 }),
  minQuality: z.number().min(0).max(1).default(0.7),
  costWeight: z.number().nonnegative().default(20),
  /** How many ranked candidates a request may fall back through. */
  fallbacks: z.int().min(1).max(10).default(3),
  /** Attempts on one expert for retryable faults (429, 5xx), honouring Retry-After. */
  attemptsPerExpert: z.int().min(1).max(5).default(2),
  /** The longest Retry-After the gateway waits for before it moves to the next candidate. */
  maxRetryAfterMs: z.int().nonnegative().default(5_000),
});
export type Defaults = z.infer<typeof DefaultsSchema>;

export const ServerConfigSchema = z.strictObject({
  corsOrigins: z.array(z.string()).default(["*"]),
  bodyLimitBytes: z.int().positive().default(1_000_000),
  /** Tasks that run at once; the rest wait in a queue. */
  maxConcurrentTasks: z.int().min(1).max(1000).default(16),
  /** How often an idle SSE stream sends a heartbeat comment. */
  heartbeatMs: z.int().min(100).max(300_000).default(15_000),
  /** Keep each chat request's conversation and answer as text in its audit record (for `eo export outcomes`). */
  recordChatText: z.boolean().default(true),
});

/** The learned router: an `eo train router` artifact the Router consults (Node reads the file at start-up). */
export const RouterConfigSchema = z.strictObject({
  /** Path of the artifact JSON, relative to the config file. */
  predictor: z.string().min(1).optional(),
});

/** How judged evidence becomes capability profiles, and the safety policy that acts on them. */
export const ProfilesConfigSchema = z.strictObject({
  /** Evidence this many days old counts half as much as evidence recorded now. */
  halfLifeDays: z.number().positive().default(30),
  /** How many judged samples an expert's declared (prior) skill is worth. */
  priorStrength: z.number().positive().default(2),
  /** The credible interval's mass (0.9: the 5th to 95th percentile). */
  intervalLevel: z.number().gt(0).lt(1).default(0.9),
  /** Weight of one sample by its source: a human's feedback and a calibration item (with a reference) count more. */
  sourceWeights: z.strictObject({
    judge: z.number().nonnegative().default(1),
    feedback: z.number().nonnegative().default(2),
    calibration: z.number().nonnegative().default(2),
  }).default({ judge: 1, feedback: 2, calibration: 2 }),
  /** The safety policy: an expert whose safety estimate in a domain falls under `floor` is taken out of routing there. */
  safety: z.strictObject({
    floor: z.number().min(0).max(1).default(0.5),
    /** Samples needed before the policy acts (one bad answer is not a verdict). */
    minSamples: z.int().min(1).default(3),
  }).default({ floor: 0.5, minSamples: 3 }),
});
export type ProfilesConfig = z.infer<typeof ProfilesConfigSchema>;

export const ConfigSchema = z
  .strictObject({
    experts: z.array(ExpertConfigSchema).min(1),
    defaults: DefaultsSchema.default(DefaultsSchema.parse({})),
    server: ServerConfigSchema.default(ServerConfigSchema.parse({})),
    router: RouterConfigSchema.optional(),
    profiles: ProfilesConfigSchema.default(ProfilesConfigSchema.parse({})),
  })
  .superRefine((cfg, ctx) => {
    const seen = new Set<string>();
    cfg.experts.forEach((e, i) => {
      if (seen.has(e.id)) ctx.addIssue({ code: "custom", path: ["experts", i, "id"], message: `duplicate expert id "${e.id}"` });
      seen.add(e.id);
    });
  });
export type Config = z.infer<typeof ConfigSchema>;

/** `experts[2].pricing.inputPerMTok` from a zod issue path. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((acc, p) => (typeof p === "number" ? `${acc}[${p}]` : acc ? `${acc}.${String(p)}` : String(p)), "");
}

/** Parses a config object; a bad one throws `config_invalid` naming the source and the path of every bad field. */
export function parseConfig(raw: unknown, source = "eo.config.json"): Config {
  const r = ConfigSchema.safeParse(raw);
  if (r.success) return r.data;
  const issues = r.error.issues.map((i) => ({ path: formatPath(i.path) || "(root)", message: i.message }));
  const lines = issues.map((i) => `  ${i.path}: ${i.message}`).join("\n");
  throw new EoError("config_invalid", `invalid config in ${source}:\n${lines}`, { details: { source, issues } });
}

/** Parses config text (JSON); a syntax error names the source too. */
export function parseConfigText(text: string, source: string): Config {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new EoError("config_invalid", `invalid JSON in ${source}: ${(e as Error).message}`, { details: { source } });
  }
  return parseConfig(raw, source);
}
