// Runs the service's own routing (Router strategies, and the cascade on the Router's plan) over test prompts, knob by knob.
import type { Preferences } from "../config.js";
import { ruleJudgeFor } from "../judging/rule-judges.js";
import type { RuleJudge, Verdict } from "../judging/judge.js";
import { DEFAULT_CASCADE, planCascade, runCascade, type CascadeKnobs } from "../routing/cascade.js";
import type { Router } from "../routing/router.js";
import type { CurvePoint } from "./baselines.js";
import type { PairPoint } from "./pgr.js";
import type { TestPrompt } from "./pool.js";

export interface StrategyCurve {
  name: string;
  description: string;
  points: CurvePoint[];
}

/** λ (quality points per USD) from "quality first" to "cost first": log-spaced, 10^0 … 10^6 by quarter decades, and 0. */
export const LAMBDAS = [0, ...Array.from({ length: 25 }, (_, i) => Number((10 ** (i / 4)).toPrecision(3)))];
/** Threshold floors: 0 … 1 by 0.05, finer (0.025) above 0.5 where the good experts sit. */
export const MIN_QUALITIES = [...new Set([...Array.from({ length: 11 }, (_, i) => i * 0.05), ...Array.from({ length: 21 }, (_, i) => 0.5 + i * 0.025)])].map((q) => Number(q.toFixed(3)));
export const CASCADE_VOTES = [1, 2, 3];

/** Quality is P(correct) alone here: the recorded scores measure correctness only. */
const WEIGHTS = { correctness: 1 } as const;

/** What a routed configuration did over all prompts: mean quality, total cost, and who answered how often. */
interface Tally {
  quality: number;
  costUsd: number;
  n: number;
  answeredBy: Map<string, number>;
}

/** Routes every prompt with one choice function and adds up the recorded outcomes of the chosen experts. */
function tally(prompts: readonly TestPrompt[], choose: (p: TestPrompt) => { expert: string | null; costUsd?: number }): Tally {
  let q = 0, c = 0, n = 0;
  const answeredBy = new Map<string, number>();
  for (const p of prompts) {
    if (p.available.length === 0) continue; // nobody has an outcome: nothing to evaluate
    const { expert, costUsd } = choose(p);
    const o = expert ? p.outcome(expert) : undefined;
    n++;
    q += o?.score ?? 0;
    c += costUsd ?? o?.costUsd ?? 0;
    if (expert) answeredBy.set(expert, (answeredBy.get(expert) ?? 0) + 1);
  }
  return { quality: n ? q / n : 0, costUsd: c, n, answeredBy };
}

/** The Router's choice for one prompt under these preferences, limited to experts with a recorded outcome. */
function decide(router: Router, p: TestPrompt, prefs: Preferences, allExperts = false) {
  return router.route(
    { messages: p.messages, features: p.features, domain: p.domain },
    { ...prefs, weights: WEIGHTS, approvedExperts: prefs.approvedExperts ?? p.available },
    { limit: 0, ranked: allExperts ? Infinity : 1 },
  );
}

/** The rule judge of each prompt, with its verdicts memoised: a sweep judges the same answer many times. */
function memoJudge(p: TestPrompt, cache: WeakMap<TestPrompt, RuleJudge>): RuleJudge {
  let j = cache.get(p);
  if (!j) {
    const inner = ruleJudgeFor(p.record.prompt, p.record.domain);
    const seen = new Map<string, Verdict>();
    j = { ...inner, judge: (input) => seen.get(input.response) ?? seen.set(input.response, inner.judge(input)).get(input.response)! };
    cache.set(p, j);
  }
  return j;
}

/** Runs the cascade on the Router's plan for one prompt, answering from the recorded responses. */
function cascadeOn(router: Router, p: TestPrompt, prefs: Preferences, knobs: CascadeKnobs, judges: WeakMap<TestPrompt, RuleJudge>) {
  const plan = planCascade(decide(router, p, prefs, true), knobs);
  if (!plan) return { expert: null };
  const ask = (expert: string) => {
    const o = p.outcome(expert);
    return o ? { response: o.response ?? "", costUsd: o.costUsd } : undefined;
  };
  const r = runCascade(plan, p.record.prompt, memoJudge(p, judges), ask, knobs);
  return { expert: r.expert, costUsd: r.costUsd };
}

const point = (t: Tally, knob: string): CurvePoint => ({ costUsd: t.costUsd, quality: t.quality, knob });

/** Every strategy of the service over the prompts: quality (one point), cost-aware (λ), threshold (floor), cascade (λ × votes). */
export function strategySweeps(router: Router, prompts: readonly TestPrompt[], knobs: CascadeKnobs = DEFAULT_CASCADE): StrategyCurve[] {
  const judges = new WeakMap<TestPrompt, RuleJudge>();
  const best = tally(prompts, (p) => decide(router, p, { strategy: "quality" }));
  return [
    { name: "quality", description: "highest predicted quality", points: [point(best, "—")] },
    {
      name: "cost-aware",
      description: "predicted quality − λ·predicted cost, λ swept",
      points: LAMBDAS.map((l) => point(tally(prompts, (p) => decide(router, p, { strategy: "cost-aware", costWeight: l })), `λ=${l}`)),
    },
    {
      name: "threshold",
      description: "cheapest expert predicted to reach a quality floor, floor swept",
      points: MIN_QUALITIES.map((m) => point(tally(prompts, (p) => decide(router, p, { strategy: "threshold", minQuality: m })), `min=${m}`)),
    },
    {
      name: "cascade",
      description: `cheaper experts first (floor ${knobs.floor}, up to ${knobs.maxStages}), a rule judge decides; target by cost-aware λ; votes and λ swept`,
      points: CASCADE_VOTES.flatMap((votes) =>
        LAMBDAS.map((l) => point(tally(prompts, (p) => cascadeOn(router, p, { strategy: "cost-aware", costWeight: l }, { ...knobs, votes }, judges)), `votes=${votes} λ=${l}`)),
      ),
    },
  ];
}

/**
 * The two-expert pool (RouteLLM's setting): the Router restricted to {strong, weak}, cost-aware λ swept,
 * plus the cascade weak → strong with the rule judge (a format check: one answer cannot agree with itself).
 */
export function pairSweep(router: Router, prompts: readonly TestPrompt[], strong: string, weak: string): PairPoint[] {
  const judges = new WeakMap<TestPrompt, RuleJudge>();
  const usable = prompts.filter((p) => p.outcome(strong) && p.outcome(weak));
  const pair = { approvedExperts: [strong, weak] };
  const toPoint = (choose: (p: TestPrompt) => { expert: string | null; costUsd?: number }): PairPoint => {
    const t = tally(usable, choose);
    return { strongShare: (t.answeredBy.get(strong) ?? 0) / Math.max(1, t.n), quality: t.quality, costUsd: t.costUsd };
  };
  const knobs = { ...DEFAULT_CASCADE, floor: 0, votes: 1, maxStages: 1 };
  return [
    ...LAMBDAS.map((l) => toPoint((p) => decide(router, p, { ...pair, strategy: "cost-aware", costWeight: l }))),
    toPoint((p) => cascadeOn(router, p, { ...pair, strategy: "quality" }, knobs, judges)),
  ];
}

/** The single experts of the pair, measured on the prompts where both have an outcome. */
export function pairEnds(prompts: readonly TestPrompt[], strong: string, weak: string): { strong: PairPoint; weak: PairPoint } {
  const usable = prompts.filter((p) => p.outcome(strong) && p.outcome(weak));
  const end = (e: string, share: number): PairPoint => {
    const t = tally(usable, () => ({ expert: e }));
    return { strongShare: share, quality: t.quality, costUsd: t.costUsd };
  };
  return { strong: end(strong, 1), weak: end(weak, 0) };
}
