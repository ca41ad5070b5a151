// The experts of outcome data as catalog Experts (priced from the artifact), and the test prompts prepared for routing.
import type { Expert } from "../experts/expert.js";
import { extractFeatures, type ChatText, type QueryFeatures } from "../routing/features.js";
import type { RouterArtifact } from "../routing/predictor/artifact.js";
import { isDomain, type Domain } from "../vocabulary.js";
import type { Outcome, OutcomeRecord } from "./outcomes.js";

/**
 * One Expert per expert of the artifact, priced with the per-token prices fitted to its recorded costs, so
 * that the service's Router predicts costs as it would for a configured catalog. The context window is
 * unbounded: recorded prompts were all answered, so none may be excluded for length.
 */
export function poolExperts(artifact: RouterArtifact): Expert[] {
  return artifact.experts.map((e) => ({
    id: e.name,
    provider: "openai",
    model: e.name,
    pricing: e.pricing ?? { inputPerMTok: 0, outputPerMTok: 0 },
    pricingSource: "config",
    contextWindow: Number.MAX_SAFE_INTEGER,
    local: false,
    domains: ["general"],
    skills: {},
    timeoutMs: 60_000,
    sandbox: false,
  }));
}

/** A test prompt ready to route: its chat, features (extracted once), domain, and who has an outcome for it. */
export interface TestPrompt {
  record: OutcomeRecord;
  messages: ChatText[];
  features: QueryFeatures;
  domain: Domain | undefined;
  /** Pool experts with a recorded outcome: the only ones the router may choose (a missing outcome is not a zero). */
  available: string[];
  outcome(expert: string): Outcome | undefined;
}

export function prepareTestPrompts(records: readonly OutcomeRecord[], pool: readonly Expert[]): TestPrompt[] {
  return records.map((record) => {
    const messages = [{ role: "user", content: record.prompt }];
    return {
      record,
      messages,
      features: extractFeatures(messages),
      domain: isDomain(record.domain) ? record.domain : undefined,
      available: pool.map((e) => e.id).filter((id) => record.outcomes[id]),
      outcome: (expert: string) => record.outcomes[expert] ?? undefined,
    };
  });
}
