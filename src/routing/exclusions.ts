// Why an expert is not a candidate for a query: the closed set of exclusion kinds and their wording.
import type { Preferences } from "../config.js";
import type { Expert } from "../experts/expert.js";
import type { Domain } from "../vocabulary.js";
import { fmtUsd } from "./format.js";

/** Exclusion kinds, checked in this order (the first that applies is the one reported). */
export const EXCL_NONE = 0;
export const EXCL_APPROVED = 1;
export const EXCL_DOMAIN = 2;
/** A policy took it out of routing (a safety judge's verdict, a calibration not finished): the reason is the router's. */
export const EXCL_BLOCKED = 3;
export const EXCL_LOCAL = 4;
export const EXCL_CONTEXT = 5;
export const EXCL_COST = 6;
export const EXCL_LATENCY = 7;
export const EXCL_KINDS = 8;

/** What the wording needs to know about the query. */
export interface ExclusionContext {
  domain: Domain;
  inputTokens: number;
  outputTokens: number;
  prefs: Preferences;
}

/** One expert's exclusion in words, e.g. "predicted $0.0041 over the limit $0.001". */
export function excludedBecause(kind: number, expert: Expert, costUsd: number, ctx: ExclusionContext): string {
  switch (kind) {
    case EXCL_APPROVED:
      return "not in the approved set";
    case EXCL_DOMAIN:
      return `serves only ${expert.domains.join(", ")}`;
    case EXCL_LOCAL:
      return "not local (localOnly)";
    case EXCL_CONTEXT:
      return `prompt ${ctx.inputTokens} tokens + ${ctx.outputTokens} output tokens exceed the context window ${expert.contextWindow}`;
    case EXCL_COST:
      return `predicted ${fmtUsd(costUsd)} over the limit ${fmtUsd(ctx.prefs.maxCostUsd ?? Infinity)}`;
    case EXCL_LATENCY:
      return `typical latency ${expert.latencyMs} ms over the limit ${ctx.prefs.maxLatencyMs} ms`;
    default:
      return "eligible";
  }
}

/** A kind of exclusion in words, for a count: "12 not local (localOnly)". */
export function exclusionSummary(kind: number, ctx: ExclusionContext): string {
  switch (kind) {
    case EXCL_APPROVED:
      return "not in the approved set";
    case EXCL_DOMAIN:
      return `builtin experts that do not serve ${ctx.domain}`;
    case EXCL_BLOCKED:
      return `taken out of routing for ${ctx.domain} (safety policy or calibration)`;
    case EXCL_LOCAL:
      return "not local (localOnly)";
    case EXCL_CONTEXT:
      return `with a context window under ${ctx.inputTokens + ctx.outputTokens} tokens`;
    case EXCL_COST:
      return `over the cost limit ${fmtUsd(ctx.prefs.maxCostUsd ?? Infinity)}`;
    case EXCL_LATENCY:
      return `slower than ${ctx.prefs.maxLatencyMs} ms`;
    default:
      return "eligible";
  }
}

/** The context of an exclusion the caller asked for (`RouteOptions.exclude`), with its stated reason. */
export interface CallerExclusionContext extends ExclusionContext {
  excludeReason?: string;
}

export function callerExclusion(ctx: CallerExclusionContext): string {
  return ctx.excludeReason ? `excluded by the caller (${ctx.excludeReason})` : "excluded by the caller";
}

/**
 * A set of expert ids as a mask over experts in index order (1 = in the set), with the ids no expert has; no ids
 * (undefined) is no mask at all: the caller applies no such restriction.
 */
export function expertMask(ids: readonly string[] | undefined, byId: ReadonlyMap<string, number>, n: number): { mask: Uint8Array | null; unknown: string[] } {
  if (ids === undefined) return { mask: null, unknown: [] };
  const mask = new Uint8Array(n);
  const unknown: string[] = [];
  for (const id of ids) {
    const i = byId.get(id);
    if (i === undefined) unknown.push(id);
    else mask[i] = 1;
  }
  return { mask, unknown };
}
