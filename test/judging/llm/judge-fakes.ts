// Test setup for the LLM judges: both fake protocol servers (keeping each request's server-side signal) and judging experts on them.
import { afterAll, beforeAll, beforeEach } from "vitest";
import { ExpertConfigSchema } from "../../../src/config.js";
import { resolveExpert } from "../../../src/experts/catalog.js";
import type { Expert } from "../../../src/experts/expert.js";
import { createOllamaHandler, createOpenAIHandler, FakeUpstream, serveFetch, type FakeRequest, type ModelScript, type ServedFetch } from "../../../src/experts/fakes/index.js";

export const PROVIDERS = ["openai", "ollama"] as const;
export type LlmProvider = (typeof PROVIDERS)[number];

/** Prices of every test judge: $2 per million input tokens, $10 per million output tokens. */
export const PRICING = { inputPerMTok: 2, outputPerMTok: 10 };

export interface JudgeFakes {
  upstream: FakeUpstream;
  /** The server side of every request, in arrival order: its signal aborts when the client goes away. */
  serverSignals: { model: string; signal: AbortSignal }[];
  /** A paid judging expert `id` on `provider`'s fake, answering as fake model `model` (default: the id). */
  expert(provider: LlmProvider, id: string, model?: string): Expert;
  /** Scripts `model` to answer these texts in turn (the last one again once they run out). */
  replies(model: string, texts: string[], script?: Omit<ModelScript, "reply">): void;
  /** The requests `model` received, in order. */
  requestsTo(model: string): FakeRequest[];
}

/** Starts the servers for the file; clears the request log, the signals and every fault before each test. */
export function useJudgeFakes(): JudgeFakes {
  const upstream = new FakeUpstream();
  const serverSignals: JudgeFakes["serverSignals"] = [];
  let openai: ServedFetch | undefined;
  let ollama: ServedFetch | undefined;
  const watch = (h: (r: Request) => Promise<Response>) => async (req: Request) => {
    const body = (await req.clone().json().catch(() => ({}))) as { model?: string };
    serverSignals.push({ model: String(body.model ?? ""), signal: req.signal });
    return h(req);
  };
  beforeAll(async () => {
    openai = await serveFetch(watch(createOpenAIHandler(upstream)));
    ollama = await serveFetch(watch(createOllamaHandler(upstream)));
  });
  afterAll(async () => void (await Promise.all([openai?.close(), ollama?.close()])));
  beforeEach(() => {
    upstream.reset();
    serverSignals.length = 0;
  });
  return {
    upstream,
    serverSignals,
    expert(provider, id, model = id) {
      const baseURL = provider === "openai" ? `${openai!.url}/v1` : ollama!.url;
      return resolveExpert(ExpertConfigSchema.parse({ id, provider, model, baseURL, local: false, pricing: PRICING, timeoutMs: 5_000 }), 0);
    },
    replies(model, texts, script = {}) {
      let n = 0;
      upstream.script(model, { ...script, reply: () => texts[Math.min(n++, texts.length - 1)]! });
    },
    requestsTo: (model) => upstream.requests.filter((r) => r.model === model),
  };
}

/** The messages of a request by role (system, user, assistant), as the fake read them. */
export const said = (r: FakeRequest, role: string): string => r.messages.filter((m) => m.role === role).map((m) => m.content).join("\n");

/** Waits until `check` holds (polling), or fails after `ms`. */
export async function until(check: () => boolean, ms = 3_000): Promise<void> {
  const t0 = Date.now();
  while (!check()) {
    if (Date.now() - t0 > ms) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 10));
  }
}
