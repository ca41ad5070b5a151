// What every agent is given: the service's parts it may use, the running task's sink, and the run's abort signal.
import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import type { Defaults, Preferences } from "../src/config.js";
import { EoError } from "../src/errors.js";
import type { Catalog } from "../src/experts/catalog.js";
import type { SecretEnv } from "../src/experts/providers/provider.js";
import type { EvidenceInput } from "../src/routing/profile-learner.js";
import type { Router } from "../src/routing/router.js";
import type { EventType, TaskPatch } from "../src/store/tasks.js";

/** The parts of the service an agent calls models with (the graph's deps are a superset). */
export interface AgentDeps {
  catalog: Catalog;
  router: Router;
  env: SecretEnv;
  defaults: Defaults;
  /** Where judged outputs become capability-profile evidence (idempotent by each item's key); absent: nothing is recorded. */
  evidence?: EvidenceSink;
}

/** Records judged evidence (the ProfileLearner's `record`). A failure is the caller's to log: it never fails a task. */
export type EvidenceSink = (items: EvidenceInput[]) => Promise<unknown>;

/**
 * Where an agent writes what happened. The graph's `TaskContext` (graphs/orchestrator/context.ts)
 * satisfies it; agents keep their own view of it so that agents/ never imports graphs/ (DESIGN: layering).
 * `emit` is idempotent by `key`; `patch` takes absolute values.
 */
export interface TaskSink {
  emit(type: EventType, data: unknown, key: string): Promise<void>;
  patch(p: TaskPatch): Promise<void>;
  /** Feeds the cost estimator's history: an answer of this many output tokens in this domain (idempotent by key). */
  recordOutputTokens?(domain: string, outputTokens: number, key: string): Promise<void>;
}

/** The per-run half of an agent's world, read from the LangGraph config of the current call. */
export interface RunScope {
  sink: TaskSink;
  /** Aborts when the run is cancelled: every model call takes it, so cancelling aborts the upstream request. */
  signal?: AbortSignal;
}

/** The sink (`configurable.ctx`) and signal of a run; a run without a sink is a wiring bug, said plainly. */
export function scopeOf(config: LangGraphRunnableConfig): RunScope {
  const sink = (config.configurable as { ctx?: TaskSink } | undefined)?.ctx;
  if (!sink || typeof sink.emit !== "function" || typeof sink.patch !== "function") {
    throw new EoError("internal", "the orchestrator was invoked without configurable.ctx (the task's sink)");
  }
  return { sink, signal: config.signal };
}

/** What one call may spend: the stricter of the caller's per-call cap and what the budget leaves it (never negative). */
export function callCap(prefs: Preferences | null, remainingUsd: number): number {
  return Math.min(prefs?.maxCostUsd ?? Infinity, Math.max(0, remainingUsd));
}

/** The task's preferences with a cost cap for one call: the stricter of the caller's cap and what the budget leaves. */
export function withCostCap(prefs: Preferences | null, remainingUsd: number | undefined): Preferences {
  const base = prefs ?? {};
  if (remainingUsd === undefined) return base;
  return { ...base, maxCostUsd: callCap(base, remainingUsd) };
}

/** Re-throws what must end the run (the run was cancelled), so that agents that tolerate faults never swallow it. */
export function rethrowIfAborted(err: unknown, signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw err;
}
