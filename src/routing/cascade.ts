// The cascade strategy: ask cheaper experts first and let a rule judge decide whether their answer is enough.
import type { RuleJudge, Verdict } from "../judging/judge.js";
import type { Candidate, Decision } from "./router.js";

/** The cascade's knobs. */
export interface CascadeKnobs {
  /** A cheaper expert is asked before the target only if its predicted quality is ≥ floor × the target's. */
  floor: number;
  /** Agreeing answers (that pass the judge) needed to stop before the target, where the judge extracts answers. */
  votes: number;
  /** Where the judge extracts no comparable answer, a passing one is accepted from an expert predicted ≥ solo × the target's quality. */
  solo: number;
  /** Cheaper experts asked at most. */
  maxStages: number;
}

/**
 * Defaults chosen on the RouterBench train splits only (ARC, MBPP, Winogrande): a floor of 0.75 keeps the
 * strong cheap models (and drops the weak ones whose agreement means little); 0.93 lets a cheap coder that
 * is nearly as good as the target answer alone when its code passes the judge.
 */
export const DEFAULT_CASCADE: CascadeKnobs = { floor: 0.75, votes: 2, solo: 0.93, maxStages: 3 };

/** The caller's limits on one request (`eo.maxCostUsd`, `eo.maxLatencyMs`), which a cascade must keep as a whole. */
export interface CascadeLimits {
  maxCostUsd?: number;
  maxLatencyMs?: number;
}

export interface CascadePlan {
  /** Cheaper experts to ask first, cheapest first. */
  stages: Candidate[];
  /** The expert the router chose: asked last, and its answer is taken whatever the judge says. */
  target: Candidate;
}

/**
 * The plan for one query from the router's decision (route it with `ranked: Infinity` so every eligible
 * expert is a possible stage): its chosen expert is the target; the stages are the eligible experts
 * predicted cheaper than it and good enough (floor), cheapest first, and no more of them than keep the whole cascade
 * (every stage and the target) within the caller's limits. Null when nothing is eligible.
 */
export function planCascade(decision: Decision, knobs: CascadeKnobs = DEFAULT_CASCADE, limits: CascadeLimits = {}): CascadePlan | null {
  const target = decision.ranked.find((c) => c.expert === decision.expert);
  if (!target) return null;
  const stages = decision.ranked
    .filter((c) => c.expert !== target.expert && c.costUsd < target.costUsd && c.quality >= knobs.floor * target.quality)
    .sort((a, b) => a.costUsd - b.costUsd || b.quality - a.quality)
    .slice(0, knobs.maxStages);
  // The caller's limits bound the whole cascade, the stages asked one after another and then the target: its
  // predicted cost, and its typical latency where the experts declare one (an unknown latency counts as none).
  const maxCost = limits.maxCostUsd ?? Infinity;
  const maxLatency = limits.maxLatencyMs ?? Infinity;
  let cost = target.costUsd;
  let latency = target.latencyMs ?? 0;
  let n = 0;
  for (; n < stages.length; n++) {
    const c = stages[n]!;
    if (cost + c.costUsd > maxCost || latency + (c.latencyMs ?? 0) > maxLatency) break;
    cost += c.costUsd;
    latency += c.latencyMs ?? 0;
  }
  return { stages: stages.slice(0, n), target };
}

/** An expert's answer, or undefined when it gave none (a failed call; a missing record offline). */
export type Answer = { response: string; costUsd: number } | undefined;
export type Ask = (expert: string) => Answer;

export interface CascadeStep {
  expert: string;
  costUsd: number;
  verdict: Verdict;
}

/** How the cheaper stages ended: one of them is enough (`accepted`), or the target must answer. */
export interface StagesResult {
  /** The stage whose answer is taken, or null: ask the target. */
  accepted: string | null;
  /** Every stage asked that answered, in order (what was paid for). */
  steps: CascadeStep[];
  costUsd: number;
  reason: string;
}

/**
 * The cascade's stages as a generator, so that one decision procedure serves recorded answers (the
 * evaluation, synchronously) and live calls (the gateway, asynchronously): it yields each stage's expert
 * id and is sent back that expert's answer (undefined when it gave none). It stops at the first answer the
 * judge lets through (enough agreeing answers, or a passing free-form answer from an expert predicted
 * nearly as good as the target), and asks no further stage once none can be enough (`canStillStop`). The judge
 * sees the prompt and the answers, never a reference answer.
 */
export function* cascadeStages(plan: CascadePlan, prompt: string, judge: RuleJudge, knobs: CascadeKnobs = DEFAULT_CASCADE): Generator<string, StagesResult, Answer> {
  const steps: CascadeStep[] = [];
  let costUsd = 0;
  const done = (accepted: string | null, reason: string): StagesResult => ({ accepted, steps, costUsd, reason });
  for (const [i, stage] of plan.stages.entries()) {
    if (!canStillStop(plan, i, steps, judge, knobs)) return done(null, `${steps.length ? "no cheaper answer can be enough now" : "no cheaper answer could be enough"}, so ${plan.target.expert}`);
    const a = yield stage.expert;
    if (!a) continue;
    const step = { expert: stage.expert, costUsd: a.costUsd, verdict: judge.judge({ prompt, response: a.response }) };
    steps.push(step);
    costUsd += a.costUsd;
    if (!step.verdict.pass) continue;
    const answer = step.verdict.answer;
    if (answer === undefined) {
      if (stage.quality >= knobs.solo * plan.target.quality) return done(stage.expert, `${judge.name} passed ${stage.expert}'s answer, and it is predicted nearly as good as ${plan.target.expert}`);
      continue;
    }
    const agreeing = steps.filter((s) => s.verdict.pass && s.verdict.answer === answer);
    if (agreeing.length >= knobs.votes) return done(stage.expert, `${agreeing.map((s) => s.expert).join(" and ")} agree on ${answer}`);
  }
  return done(null, steps.length ? `no cheaper answer was enough, so ${plan.target.expert}` : `${plan.target.expert} directly`);
}

/**
 * Whether the stages from `next` on can still stop the cascade, given the answers so far: one of them passing alone
 * (an expert predicted ≥ solo × the target, where the judge extracts no comparable answer), or enough agreeing
 * answers (the most common passing answer so far, plus one for each stage left, reaches `votes`). When neither can,
 * asking them would be paid for and change nothing: the target answers either way. What the judge extracts is
 * read from its `extractsAnswers`, else from the verdicts so far (a passing verdict with an answer, or without).
 */
export function canStillStop(plan: CascadePlan, next: number, steps: readonly CascadeStep[], judge: RuleJudge, knobs: CascadeKnobs): boolean {
  const left = plan.stages.slice(next);
  if (left.length === 0) return false;
  const passed = steps.filter((s) => s.verdict.pass);
  const answers = judge.extractsAnswers ?? (passed.length ? passed.some((s) => s.verdict.answer !== undefined) : undefined);
  if (answers !== true && left.some((c) => c.quality >= knobs.solo * plan.target.quality)) return true;
  if (answers === false) return false;
  const counts = new Map<string, number>();
  for (const s of passed) if (s.verdict.answer !== undefined) counts.set(s.verdict.answer, (counts.get(s.verdict.answer) ?? 0) + 1);
  return Math.max(0, ...counts.values()) + left.length >= knobs.votes;
}

/** Runs the stages with an asynchronous `ask` (live calls). */
export async function runStages(plan: CascadePlan, prompt: string, judge: RuleJudge, ask: (expert: string) => Promise<Answer>, knobs: CascadeKnobs = DEFAULT_CASCADE): Promise<StagesResult> {
  const g = cascadeStages(plan, prompt, judge, knobs);
  for (let s = g.next(undefined); ; s = g.next(await ask(s.value))) if (s.done) return s.value;
}

/** The best-predicted stage whose answer passed the judge: what to deliver when the target gives no answer. */
export function passingFallback(plan: CascadePlan, steps: readonly CascadeStep[]): string | undefined {
  const passed = plan.stages.filter((c) => steps.some((s) => s.expert === c.expert && s.verdict.pass));
  return passed.reduce<Candidate | undefined>((best, c) => (!best || c.quality > best.quality ? c : best), undefined)?.expert;
}

export interface CascadeResult {
  /** The expert whose answer is taken, or null when nobody answered. */
  expert: string | null;
  /** Everything asked that answered, in order, the target last when it was asked. */
  steps: CascadeStep[];
  /** Everything asked, the target included (what was paid for). */
  costUsd: number;
  reason: string;
}

/** Runs a whole plan on answers at hand (recorded ones): the stages, then the target if none was enough. */
export function runCascade(plan: CascadePlan, prompt: string, judge: RuleJudge, ask: Ask, knobs: CascadeKnobs = DEFAULT_CASCADE): CascadeResult {
  const g = cascadeStages(plan, prompt, judge, knobs);
  let s = g.next(undefined);
  while (!s.done) s = g.next(ask(s.value));
  const { accepted, steps, reason } = s.value;
  const costUsd = s.value.costUsd;
  if (accepted) return { expert: accepted, steps, costUsd, reason };
  const t = ask(plan.target.expert);
  if (t) {
    steps.push({ expert: plan.target.expert, costUsd: t.costUsd, verdict: judge.judge({ prompt, response: t.response }) });
    return { expert: plan.target.expert, steps, costUsd: costUsd + t.costUsd, reason };
  }
  const fallback = passingFallback(plan, steps);
  return { expert: fallback ?? null, steps, costUsd, reason: fallback ? `${plan.target.expert} did not answer; took ${fallback}'s passing answer` : "no expert answered" };
}

/** The cascade a decision implies, as /v1/route and `eo route --cascade` show it: the target, then the stages in order. */
export function cascadePreview(decision: Decision, knobs: CascadeKnobs, limits?: CascadeLimits) {
  const plan = planCascade(decision, knobs, limits);
  const view = (c: { expert: string; quality: number; costUsd: number }) => ({ expert: c.expert, quality: c.quality, costUsd: c.costUsd });
  return { ...knobs, target: plan ? view(plan.target) : null, stages: plan ? plan.stages.map(view) : [] };
}
