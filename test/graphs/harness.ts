// Runs the orchestrator in process for tests: fake upstreams on both protocols, the real router and providers, MemorySaver.
import { MemorySaver } from "@langchain/langgraph";
import { DefaultsSchema, ExpertConfigSchema, type ExpertConfig } from "../../src/config.js";
import { Catalog } from "../../src/experts/catalog.js";
import { createOllamaHandler, createOpenAIHandler, FakeUpstream, instanceFromSchema, serveFetch, simulatedReply, type FakeRequest, type ModelScript } from "../../src/experts/fakes/index.js";
import { lastUserText } from "../../src/experts/fakes/prompt-parts.js";
import { ProfileBook } from "../../src/routing/profiles.js";
import { Router } from "../../src/routing/router.js";
import { PREDICTOR_STORE_METHODS } from "../../src/store/predictor-records.js";
import { PROFILE_STORE_METHODS, type Store } from "../../src/store/store.js";
import type { EventType, TaskPatch } from "../../src/store/tasks.js";
import type { OrchestratorDeps, OrchestratorInput, OrchestratorLimits, TaskContext } from "../../graphs/orchestrator/context.js";
import { compileOrchestrator } from "../../graphs/orchestrator/graph.js";

export type TestExpert = Omit<Partial<ExpertConfig>, "baseURL"> & Pick<ExpertConfig, "id" | "provider" | "model"> & { script?: ModelScript };

export interface Harness {
  upstream: FakeUpstream;
  deps: OrchestratorDeps;
  /**
   * The upstream side of every request, in arrival order: its signal aborts when the client goes away;
   * `maxTokens` is the output cap the client asked for (even when the upstream is told to ignore it).
   */
  serverSignals: { model: string; signal: AbortSignal; maxTokens?: number }[];
  close(): Promise<void>;
}

/**
 * The store's tasks and events are written by the runner, not the graph, which only reads the estimator's
 * history: a store with that method alone keeps these tests independent of the store being built next door.
 */
export function historyStore(history: Record<string, number[]> = {}): Store {
  const unused = () => Promise.reject(new Error("not used by the orchestrator graph"));
  return {
    init: async () => {}, recordDecision: unused, getDecision: unused, listDecisions: unused, createTask: unused, getTask: unused,
    listTasks: unused, updateTask: unused, appendEvent: unused, listEvents: unused, unfinishedTasks: unused,
    outputTokenHistory: async (domain) => history[domain] ?? [], recordOutputTokens: unused, close: async () => {},
    ...(Object.fromEntries([...PROFILE_STORE_METHODS, ...PREDICTOR_STORE_METHODS].map((m) => [m, unused])) as unknown as Pick<Store, (typeof PROFILE_STORE_METHODS)[number] | (typeof PREDICTOR_STORE_METHODS)[number]>),
  };
}

export async function startGraphHarness(
  experts: TestExpert[],
  opts: {
    limits?: Partial<OrchestratorLimits>; defaults?: Record<string, unknown>; history?: Record<string, number[]>;
    /** The upstream ignores the requested output cap, as a provider that over-generates would: only the client can stop it. */
    ignoreMaxTokens?: boolean;
  } = {},
): Promise<Harness> {
  const upstream = new FakeUpstream();
  const serverSignals: Harness["serverSignals"] = [];
  // The protocol handlers behind a thin wrapper that keeps each request's signal, to prove cancellation reaches them.
  const watch = (h: (r: Request) => Promise<Response>) => async (req: Request) => {
    const body = (await req.clone().json().catch(() => ({}))) as { model?: string; max_tokens?: number; max_completion_tokens?: number; options?: { num_predict?: number } };
    const maxTokens = body.max_completion_tokens ?? body.max_tokens ?? body.options?.num_predict;
    serverSignals.push({ model: String(body.model ?? ""), signal: req.signal, maxTokens });
    if (!opts.ignoreMaxTokens || maxTokens === undefined) return h(req);
    const { max_tokens: _a, max_completion_tokens: _b, ...rest } = body;
    const stripped = { ...rest, ...(rest.options ? { options: { ...rest.options, num_predict: undefined } } : {}) };
    const headers = new Headers(req.headers);
    headers.delete("content-length");
    return h(new Request(req.url, { method: req.method, headers, body: JSON.stringify(stripped), signal: req.signal }));
  };
  const openai = await serveFetch(watch(createOpenAIHandler(upstream)));
  const ollama = await serveFetch(watch(createOllamaHandler(upstream)));
  for (const e of experts) if (e.provider !== "builtin") upstream.script(e.model, e.script ?? {});
  const configs = experts.map(({ script: _s, ...e }) =>
    ExpertConfigSchema.parse({
      local: true, ...e, // unpriced test experts are local (free); paid ones say local: false and give pricing
      ...(e.provider === "openai" ? { baseURL: `${openai.url}/v1` } : e.provider === "ollama" ? { baseURL: ollama.url } : {}),
    }),
  );
  const catalog = new Catalog({ experts: configs });
  const defaults = DefaultsSchema.parse(opts.defaults ?? {});
  const profiles = ProfileBook.fromCatalog(catalog.experts);
  const router = new Router(catalog.experts, profiles, defaults);
  const deps: OrchestratorDeps = { catalog, router, profiles, env: {}, defaults, store: historyStore(opts.history), limits: opts.limits };
  return { upstream, deps, serverSignals, close: async () => void (await Promise.all([openai.close(), ollama.close()])) };
}

export interface Recorded {
  type: EventType;
  data: Record<string, unknown>;
  key: string;
  at: number;
}

/** A TaskContext that keeps events (idempotent by key, as the store is) and patches in memory. */
export function recordingContext(taskId: string) {
  const events: Recorded[] = [];
  const keys = new Set<string>();
  const patches: TaskPatch[] = [];
  const ctx: TaskContext = {
    taskId,
    emit: async (type, data, key) => {
      if (keys.has(key)) return;
      keys.add(key);
      events.push({ type, data: data as Record<string, unknown>, key, at: performance.now() });
    },
    patch: async (p) => void patches.push(structuredClone(p)),
  };
  const of = (type: EventType) => events.filter((e) => e.type === type);
  /** The task row as the patches leave it. */
  const task = () => Object.assign({}, ...patches) as TaskPatch;
  return { ctx, events, patches, of, task };
}

let seq = 0;
/** A compiled graph on a fresh MemorySaver, a context and the config the runner would pass. */
export function newRun(h: Harness, signal?: AbortSignal) {
  const taskId = `task-${++seq}`;
  const graph = compileOrchestrator(h.deps, new MemorySaver());
  const rec = recordingContext(taskId);
  const config = { configurable: { thread_id: taskId, ctx: rec.ctx }, ...(signal ? { signal } : {}) };
  const input = (i: Partial<OrchestratorInput> & { input: string }): OrchestratorInput => ({
    taskId, budgetUsd: 1, requireApproval: false, preferences: null, ...i,
  });
  return { taskId, graph, config, input, ...rec };
}

/** What the fakes would have answered unscripted: lets a scripted reply change one kind of request only. */
export function defaultReply(req: FakeRequest): string {
  const prompt = lastUserText(req.messages);
  return req.schema ? JSON.stringify(instanceFromSchema(req.schema, prompt)) : simulatedReply(req.model, prompt);
}

const props = (req: FakeRequest) => Object.keys((req.schema?.properties as Record<string, unknown> | undefined) ?? {});
export const isPlannerRequest = (req: FakeRequest) => props(req).includes("subtasks");
export const isJudgeRequest = (req: FakeRequest) => props(req).includes("score");

/** The judge of every verdict differs from the expert whose output it judged. */
export function judgesNeverProduce(verdicts: Recorded[]): boolean {
  return verdicts.every((v) => v.data.judge !== v.data.expert);
}
