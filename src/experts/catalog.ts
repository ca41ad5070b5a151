// The catalog: experts from the config with prices, context windows and locality resolved, looked up by id.
import type { Config, ExpertConfig } from "../config.js";
import { EoError } from "../errors.js";
import type { Expert } from "./expert.js";
import { lookUpPrice } from "./prices.js";

/** Context windows used when neither the config nor the price library gives one. */
const DEFAULT_CONTEXT: Record<Expert["provider"], number> = { openai: 128_000, ollama: 8_192, builtin: 4_096 };
const DEFAULT_BASE_URL: Partial<Record<Expert["provider"], string>> = {
  openai: "https://api.openai.com/v1",
  ollama: "http://127.0.0.1:11434",
};

function isLoopback(url: string | undefined): boolean {
  if (!url) return false;
  try {
    const h = new URL(url).hostname;
    return h === "localhost" || h === "::1" || h === "[::1]" || h.startsWith("127.");
  } catch {
    return false;
  }
}

/** Resolves one expert's config; an unknown price for a paid expert is a config error naming the field. */
export function resolveExpert(cfg: ExpertConfig, index: number): Expert {
  const local = cfg.local ?? (cfg.provider !== "openai" || (isLoopback(cfg.baseURL) && !cfg.sandbox));
  const looked = cfg.pricing ? null : cfg.provider === "builtin" ? null : lookUpPrice(cfg.model, cfg.provider);
  let pricing = cfg.pricing;
  let pricingSource: Expert["pricingSource"] = "config";
  if (!pricing) {
    if (local) {
      pricing = { inputPerMTok: 0, outputPerMTok: 0 };
      pricingSource = "local";
    } else if (looked) {
      pricing = looked.pricing;
      pricingSource = "price-library";
    } else {
      throw new EoError(
        "config_invalid",
        `experts[${index}].pricing: the price library does not know model "${cfg.model}"; give pricing or mark the expert local`,
        { details: { issues: [{ path: `experts[${index}].pricing`, message: "required for this model" }] } },
      );
    }
  }
  return {
    id: cfg.id,
    provider: cfg.provider,
    model: cfg.model,
    baseURL: cfg.baseURL ?? DEFAULT_BASE_URL[cfg.provider],
    apiKeyEnv: cfg.apiKeyEnv,
    pricing,
    pricingSource,
    contextWindow: cfg.contextWindow ?? looked?.contextWindow ?? lookUpPrice(cfg.model, cfg.provider)?.contextWindow ?? DEFAULT_CONTEXT[cfg.provider],
    local,
    domains: cfg.domains,
    skills: cfg.skills ?? {},
    latencyMs: cfg.latencyMs,
    timeoutMs: cfg.timeoutMs,
    sandbox: cfg.sandbox,
    ...(cfg.openaiApi ? { openaiApi: cfg.openaiApi } : {}),
  };
}

/** The experts of a config, by id. */
export class Catalog {
  private list: Expert[];
  private readonly byId: Map<string, Expert>;

  constructor(config: Pick<Config, "experts">) {
    this.list = config.experts.map(resolveExpert);
    this.byId = new Map(this.list.map((e) => [e.id, e]));
  }

  /** Every expert, config order, then those registered at run time. */
  get experts(): readonly Expert[] {
    return this.list;
  }

  /** Adds (or replaces, by id) an expert registered at run time; the list is copied, so readers holding the old one are not disturbed. */
  add(expert: Expert): void {
    const i = this.list.findIndex((e) => e.id === expert.id);
    this.list = i < 0 ? [...this.list, expert] : this.list.map((e, k) => (k === i ? expert : e));
    this.byId.set(expert.id, expert);
  }

  get(id: string): Expert | undefined {
    return this.byId.get(id);
  }

  /** The expert with this id, or `unknown_model` naming it. */
  require(id: string, param = "model"): Expert {
    const e = this.byId.get(id);
    if (!e) throw new EoError("unknown_model", `The model "${id}" does not exist; GET /v1/models lists them`, { param });
    return e;
  }
}
