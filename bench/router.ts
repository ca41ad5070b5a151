// Benchmark of the router's decision time among 10 to 10,000 synthetic experts (target: < 2 ms at 10,000).
import { DefaultsSchema, type Preferences } from "../src/config.js";
import type { Expert } from "../src/experts/expert.js";
import { extractFeatures, type ChatText } from "../src/routing/features.js";
import { ProfileBook } from "../src/routing/profiles.js";
import { Router } from "../src/routing/router.js";
import { DOMAINS, type Domain } from "../src/vocabulary.js";
import { mulberry32 } from "../src/routing/predictor/linear.js";

const SIZES = [10, 100, 1_000, 10_000];
const WARMUP = 1_000;
const DECISIONS = 2_000;

/** A deterministic PRNG, so every run benchmarks the same catalog. */
const rng = mulberry32;

const PRICES = [
  [0.05, 0.1], [0.15, 0.6], [0.5, 1.5], [1, 3], [2.5, 10], [3, 15], [10, 30], [15, 60],
] as const;
const CONTEXT = [8_192, 32_768, 128_000, 200_000];
const LLM_DOMAINS = DOMAINS.filter((d) => d !== "arithmetic");

/** A varied catalog: cloud LLMs at many prices, free local ones, and a few builtins. */
export function syntheticExperts(n: number, seed = 42): Expert[] {
  const r = rng(seed + n);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  return Array.from({ length: n }, (_, i): Expert => {
    const kind = r();
    const builtin = kind < 0.01;
    const local = builtin || kind < 0.3;
    const domains: Domain[] = builtin ? ["arithmetic"] : Array.from(new Set([pick(LLM_DOMAINS), pick(LLM_DOMAINS), ...(r() < 0.5 ? ["general" as const] : [])]));
    const skills: Partial<Record<Domain, number>> = {};
    for (const d of domains) if (r() < 0.8) skills[d] = builtin ? 1 : Math.round((0.3 + 0.65 * r()) * 100) / 100;
    const [inputPerMTok, outputPerMTok] = local ? [0, 0] : pick(PRICES);
    return {
      id: `syn-${i}`,
      provider: builtin ? "builtin" : local ? "ollama" : "openai",
      model: builtin ? "math" : `model-${i}`,
      pricing: { inputPerMTok, outputPerMTok },
      pricingSource: local ? "local" : "config",
      contextWindow: pick(CONTEXT),
      local,
      domains,
      skills,
      ...(r() < 0.9 ? { latencyMs: Math.round(50 + 3000 * r()) } : {}),
      timeoutMs: 60_000,
      sandbox: true,
    };
  });
}

const PROMPTS: string[] = [
  "Write a python function that reverses a string",
  "What is 12.5 * (3 + 4)?",
  "What's the capital of France?",
  "Prove that there are infinitely many primes",
  "Explain photosynthesis to a high school student",
  "My landlord won't return my security deposit, can I sue?",
  "I have a fever and a headache, should I take ibuprofen?",
  "Should I put my savings in an index fund or pay off my mortgage?",
  "Write a haiku about autumn",
  "Translate 'good morning, how are you?' into Japanese",
  "If all bloops are razzies and all razzies are lazzies, are all bloops lazzies?",
  `Why does this fail?\n\`\`\`ts\n${"const total = items.reduce((sum, item) => sum + item.price * item.quantity, 0);\n".repeat(40)}\`\`\``,
];

function preferences(experts: Expert[]): Preferences[] {
  return [
    {},
    { strategy: "quality" },
    { strategy: "threshold", minQuality: 0.8 },
    { maxCostUsd: 0.002 },
    { localOnly: true },
    { approvedExperts: experts.filter((_, i) => i % 7 === 0).slice(0, 10).map((e) => e.id) },
    { weights: { correctness: 2, factuality: 1, safety: 1 } },
    { maxLatencyMs: 1000, costWeight: 5 },
  ];
}

function percentile(sorted: Float64Array, p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}

/** Times `fn(k)` for k = 0 … count−1, one call at a time; returns the sorted durations in ms. */
function time(count: number, fn: (k: number) => void): Float64Array {
  const t = new Float64Array(count);
  for (let k = 0; k < count; k++) {
    const start = performance.now();
    fn(k);
    t[k] = performance.now() - start;
  }
  return t.sort();
}

const ms = (x: number) => Math.round(x * 1000) / 1000;

/** Median and p99 decision time of `Router.route` per catalog size, without and with feature extraction. */
export async function benchRouter(): Promise<{ name: "router"; rows: Record<string, string | number>[]; summary: string }> {
  const defaults = DefaultsSchema.parse({});
  const chats: ChatText[][] = PROMPTS.map((content) => [{ role: "user", content }]);
  const features = chats.map((c) => extractFeatures(c));
  const rows: Record<string, string | number>[] = [];

  for (const n of SIZES) {
    const experts = syntheticExperts(n);
    const router = new Router(experts, ProfileBook.fromCatalog(experts), defaults);
    const prefs = preferences(experts);
    const decide = (k: number) => router.route({ messages: chats[k % chats.length]!, features: features[k % chats.length] }, prefs[k % prefs.length]);
    const decideRaw = (k: number) => router.route({ messages: chats[k % chats.length]! }, prefs[k % prefs.length]);
    time(WARMUP, decide);
    time(WARMUP, decideRaw);
    const pre = time(DECISIONS, decide);
    const raw = time(DECISIONS, decideRaw);
    rows.push({
      experts: n,
      decisions: DECISIONS,
      "median ms": ms(percentile(pre, 0.5)),
      "p99 ms": ms(percentile(pre, 0.99)),
      "median ms (with features)": ms(percentile(raw, 0.5)),
      "p99 ms (with features)": ms(percentile(raw, 0.99)),
    });
    await new Promise((resolve) => setTimeout(resolve, 0)); // let the event loop breathe between sizes
  }

  const last = rows.at(-1)!;
  const verdict = Number(last["median ms"]) < 2 ? "meets" : "misses";
  const summary =
    `route() among ${Number(last.experts).toLocaleString("en-US")} experts: median ${last["median ms"]} ms, p99 ${last["p99 ms"]} ms ` +
    `(${verdict} the 2 ms target); with feature extraction: median ${last["median ms (with features)"]} ms, p99 ${last["p99 ms (with features)"]} ms.`;
  return { name: "router", rows, summary };
}
