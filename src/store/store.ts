// The Store interface: what the service persists (the routing audit trail for now), whatever the engine.
import type { Attempt } from "../experts/fallback.js";

/** One routed request, written once when it ends: why each expert was chosen and what happened. */
export interface DecisionRecord {
  requestId: string;
  /** `chat`: a /v1/chat/completions call; `route`: a dry run of /v1/route. */
  kind: "chat" | "route";
  createdAt: string;
  /** What the caller asked for: an expert id or `eo/auto`. */
  requestedModel: string;
  stream: boolean;
  domain: string | null;
  strategy: string | null;
  preferences: unknown;
  /** The router's ranked and excluded candidates, as `/v1/route` shows them. */
  candidates: unknown[];
  chosen: string | null;
  reason: string;
  attempts: Attempt[];
  answeredBy: string | null;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  latencyMs: number;
  outcome: "ok" | "error";
  error: { code: string; message: string } | null;
}

export interface ListOptions {
  limit?: number;
  /** Only records created strictly before this ISO time (pagination). */
  before?: string;
}

export interface Store {
  /** Creates the schema if needed; idempotent. */
  init(): Promise<void>;
  /** Writes a decision in one statement: it is either all there or not at all. */
  recordDecision(d: DecisionRecord): Promise<void>;
  getDecision(requestId: string): Promise<DecisionRecord | null>;
  /** Newest first. */
  listDecisions(opts?: ListOptions): Promise<DecisionRecord[]>;
  close(): Promise<void>;
}
