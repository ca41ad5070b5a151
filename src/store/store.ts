// The Store interface: what the service persists (the routing audit trail, long-running tasks and their event logs), whatever the engine.
import type { Attempt } from "../experts/fallback.js";
import type { PredictorStore } from "./predictor-records.js";
import type { Evidence, ExclusionRecord, NewEvidence, RegisteredExpert } from "./profile-records.js";
import type { EventType, NewTask, TaskEvent, TaskPatch, TaskRecord } from "./tasks.js";

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
  /** A chat request's conversation and delivered answer as text (`server.recordChatText`): what `eo export outcomes` learns from. */
  text?: { prompt: string; response: string };
  /** With `eo.cascade`: every stage asked and the judge's verdict on it, and the delivered answer as the judge read it. */
  cascade?: CascadeAudit;
}

/** The cascade of one chat request, as the audit trail keeps it. */
export interface CascadeAudit {
  target: string;
  /** The stage whose answer was delivered because it was enough, or null (the target, or a fallback, answered). */
  accepted: string | null;
  reason: string;
  judge: string;
  /** The answer the judge extracted from the delivered answer (a choice, a number), when it extracts one. */
  answer?: string;
  steps: { expert: string; costUsd: number; pass: boolean; answer?: string; response?: string }[];
}

export interface ListOptions {
  limit?: number;
  /** Only records created strictly before this ISO time (pagination). */
  before?: string;
}

/** What the capability profiles persist: judged evidence, safety exclusions, experts registered at run time. */
export interface ProfileStore {
  /**
   * Appends evidence in one transaction, in the order given, and returns how many items were added: an item
   * whose `key` was already recorded is skipped. Throws `bad_request` (writing nothing) when an item is invalid
   * (a score outside [0, 1], a negative weight, an empty expert/domain/dimension, an unknown source).
   */
  recordEvidence(items: readonly NewEvidence[]): Promise<number>;
  /** Evidence with seq > afterSeq (default 0), in seq order; all of it unless `limit` is given. */
  listEvidence(afterSeq?: number, limit?: number): Promise<Evidence[]>;
  /** Takes an expert out of routing for a domain (replacing the reason if it already is). */
  setExclusion(x: ExclusionRecord): Promise<void>;
  /** Ends an expert's exclusions: in these domains, or all of them. */
  clearExclusions(expert: string, domains?: readonly string[]): Promise<void>;
  listExclusions(): Promise<ExclusionRecord[]>;
  /** Creates or replaces a registered expert (by id). */
  saveRegisteredExpert(x: RegisteredExpert): Promise<void>;
  getRegisteredExpert(id: string): Promise<RegisteredExpert | null>;
  /** Oldest first. */
  listRegisteredExperts(): Promise<RegisteredExpert[]>;
}

/** The ProfileStore methods, so an implementation or a wrapper can pass them all on without listing them again. */
export const PROFILE_STORE_METHODS = [
  "recordEvidence", "listEvidence", "setExclusion", "clearExclusions", "listExclusions",
  "saveRegisteredExpert", "getRegisteredExpert", "listRegisteredExperts",
] as const satisfies readonly (keyof ProfileStore)[];

/** The ProfileStore methods of `target`, bound to it. */
export function profileMethods(target: ProfileStore): ProfileStore {
  return Object.fromEntries(PROFILE_STORE_METHODS.map((m) => [m, target[m].bind(target)])) as unknown as ProfileStore;
}

export interface Store extends ProfileStore, PredictorStore {
  /** Creates the schema if needed; idempotent. */
  init(): Promise<void>;
  /** Writes a decision in one statement: it is either all there or not at all. */
  recordDecision(d: DecisionRecord): Promise<void>;
  getDecision(requestId: string): Promise<DecisionRecord | null>;
  /** Newest first. */
  listDecisions(opts?: ListOptions): Promise<DecisionRecord[]>;

  /**
   * Creates a task as `queued` together with its first event (`status` queued, seq 1), in one transaction:
   * a task is never visible without its log. Throws `conflict` (EoError) if the id exists, writing nothing.
   */
  createTask(t: NewTask): Promise<TaskRecord>;
  getTask(id: string): Promise<TaskRecord | null>;
  /** Newest first; `before` is a createdAt cursor. */
  listTasks(opts?: ListOptions): Promise<TaskRecord[]>;
  /** Applies a patch and bumps updatedAt; returns the updated task (null if absent). */
  updateTask(id: string, patch: TaskPatch): Promise<TaskRecord | null>;
  /**
   * Appends an event with the next seq (1, 2, 3, … per task, no gaps). `key` makes it idempotent: an event
   * whose key was already appended for this task is not appended again, and null is returned — so a node
   * re-run after a crash does not repeat its events. Safe under concurrent appends to one task.
   * Throws `not_found` (EoError) if the task does not exist.
   */
  appendEvent(taskId: string, type: EventType, data: unknown, key?: string): Promise<TaskEvent | null>;
  /** Events with seq > afterSeq (default 0), in order; all of them unless `limit` is given. */
  listEvents(taskId: string, afterSeq?: number, limit?: number): Promise<TaskEvent[]>;
  /** Tasks not in a final status (queued, planning, running, awaiting_approval): resumed at start-up. */
  unfinishedTasks(): Promise<TaskRecord[]>;
  /**
   * Output token counts of recent successful answers in a domain, newest first (the estimator's evidence):
   * chat decisions with outcome `ok` in that domain, and what `recordOutputTokens` recorded. Default limit 50.
   */
  outputTokenHistory(domain: string, limit?: number): Promise<number[]>;
  /**
   * Records the output tokens of one accepted answer outside the chat API (a completed subtask), for
   * `outputTokenHistory`. `key` makes it idempotent (e.g. `${taskId}:${subtaskId}:${attempt}`): a node re-run
   * after a crash does not count its answer twice; without a key every call is recorded.
   */
  recordOutputTokens(domain: string, outputTokens: number, key?: string): Promise<void>;

  close(): Promise<void>;
}
