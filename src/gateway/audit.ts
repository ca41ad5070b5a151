// Builds the audit record of one routed request: the decision, every attempt, and what it cost.
import type { Attempt } from "../experts/fallback.js";
import type { Decision } from "../routing/router.js";
import type { DecisionRecord } from "../store/store.js";
import type { Usage } from "./response.js";

/** What is known once a request is planned: who may answer it and why. */
export interface Plan {
  requestId: string;
  createdAt: string;
  requestedModel: string;
  stream: boolean;
  preferences: unknown;
  /** The router's decision; absent when the caller named an expert directly. */
  decision?: Decision;
  reason: string;
}

export function decisionRecord(
  plan: Plan,
  end: {
    attempts: Attempt[];
    answeredBy: string | null;
    usage: Usage;
    costUsd: number;
    latencyMs: number;
    error?: { code: string; message: string };
  },
): DecisionRecord {
  const d = plan.decision;
  return {
    requestId: plan.requestId,
    kind: "chat",
    createdAt: plan.createdAt,
    requestedModel: plan.requestedModel,
    stream: plan.stream,
    domain: d?.domain ?? null,
    strategy: d?.strategy ?? null,
    preferences: plan.preferences ?? null,
    candidates: d?.candidates ?? [],
    chosen: d ? d.expert : plan.requestedModel,
    reason: plan.reason,
    attempts: end.attempts,
    answeredBy: end.answeredBy,
    inputTokens: end.usage.inputTokens,
    outputTokens: end.usage.outputTokens,
    costUsd: end.costUsd,
    latencyMs: end.latencyMs,
    outcome: end.error ? "error" : "ok",
    error: end.error ?? null,
  };
}
