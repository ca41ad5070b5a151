// The offline sandbox fleet: simulated experts with different prices, latencies and skills, on the local protocol servers.
import type { ExpertConfig } from "../config.js";
import { BUILTIN_EXPERTS } from "./builtin-experts.js";
import { FakeUpstream, startFakeUpstreams, type FakeUpstreams, type ModelScript } from "./fakes/index.js";

/** One simulated expert: its catalog entry (minus where it is served) and how its fake model behaves. */
interface SimulatedExpert {
  protocol: "openai" | "ollama";
  expert: Omit<ExpertConfig, "baseURL" | "provider" | "timeoutMs" | "sandbox">;
  script: ModelScript;
}

/**
 * The fleet. Models carry real model names so that the price library prices them as the real ones would be
 * priced; skills are the declared priors the router starts from.
 */
export const SANDBOX_FLEET: SimulatedExpert[] = [
  {
    protocol: "openai",
    expert: {
      id: "sim-large", model: "gpt-4o", latencyMs: 300,
      domains: ["general", "code", "math", "science", "law", "medicine", "finance", "writing", "translation", "reasoning"],
      skills: { general: 0.9, code: 0.92, math: 0.88, science: 0.9, law: 0.85, medicine: 0.85, finance: 0.87, writing: 0.88, translation: 0.88, reasoning: 0.9 },
    },
    script: { latencyMs: 300, chunkDelayMs: 15 },
  },
  {
    protocol: "openai",
    expert: {
      id: "sim-mini", model: "gpt-4o-mini", latencyMs: 120,
      domains: ["general", "writing", "translation"],
      skills: { general: 0.82, code: 0.6, math: 0.6, writing: 0.72, translation: 0.75, science: 0.7, reasoning: 0.6 },
    },
    script: { latencyMs: 120, chunkDelayMs: 8 },
  },
  {
    protocol: "ollama",
    expert: {
      id: "sim-coder", model: "qwen2.5-coder:7b", latencyMs: 150, local: true, contextWindow: 32_768,
      domains: ["code"],
      skills: { code: 0.88, general: 0.45, math: 0.5 },
    },
    script: { latencyMs: 150, chunkDelayMs: 10 },
  },
  {
    protocol: "openai",
    expert: {
      id: "sim-writer", model: "gpt-4.1-mini", latencyMs: 200,
      domains: ["writing", "translation", "general"],
      skills: { writing: 0.92, translation: 0.9, general: 0.7 },
    },
    script: { latencyMs: 200, chunkDelayMs: 10 },
  },
  {
    protocol: "openai",
    expert: {
      id: "sim-reasoner", model: "o3-mini", latencyMs: 800,
      domains: ["math", "reasoning", "science"],
      skills: { math: 0.93, reasoning: 0.92, science: 0.86, general: 0.7, code: 0.8 },
    },
    script: { latencyMs: 800, chunkDelayMs: 20 },
  },
];

export interface RunningSandbox {
  experts: ExpertConfig[];
  upstreams: FakeUpstreams;
  close(): Promise<void>;
}

/** Starts the local protocol servers on ephemeral ports and returns the sandbox catalog pointing at them. */
export async function startSandbox(): Promise<RunningSandbox> {
  const upstream = new FakeUpstream(Object.fromEntries(SANDBOX_FLEET.map((s) => [s.expert.model, s.script])));
  const upstreams = await startFakeUpstreams(upstream);
  const experts: ExpertConfig[] = SANDBOX_FLEET.map((s) => ({
    ...s.expert,
    provider: s.protocol,
    baseURL: s.protocol === "openai" ? upstreams.openai.baseURL : upstreams.ollama.url,
    timeoutMs: 30_000,
    sandbox: true,
  }));
  return { experts: [...experts, ...BUILTIN_EXPERTS], upstreams, close: () => upstreams.close() };
}
