// Builds the audit record of one routed request: the decision, every attempt, and what it cost.
import type { Attempt } from "../experts/fallback.js";
import type { Decision } from "../routing/router.js";
import type { CascadeAudit, DecisionRecord } from "../store/store.js";
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
    text?: DecisionRecord["text"];
    cascade?: CascadeAudit;
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
    ...(end.text ? { text: end.text } : {}),
    ...(end.cascade ? { cascade: end.cascade } : {}),
  };
}

/** The longest prompt or answer text an audit record keeps (characters); longer text keeps its beginning. */
export const MAX_RECORDED_TEXT = 20_000;

export function clip(text: string): string {
  return text.length > MAX_RECORDED_TEXT ? text.slice(0, MAX_RECORDED_TEXT) : text;
}

/** A conversation as one prompt text: a single message as it is, several as "role: content" paragraphs. */
export function conversationText(messages: readonly { role: string; content: string }[]): string {
  return clip(messages.length === 1 ? messages[0]!.content : messages.map((m) => `${m.role}: ${m.content}`).join("\n\n"));
}
