// Asks a judge model for a verdict as JSON valid against a zod schema: one bounded repair, then a judging failure.
import type { BaseMessageLike } from "@langchain/core/messages";
import { z } from "zod";
import { EoError } from "../../errors.js";
import type { Expert } from "../../experts/expert.js";
import type { JudgeModel, ModelAnswer, StructuredRequest } from "./judge-model.js";

/** How many times an invalid verdict is sent back with its error before judging fails. */
export const MAX_REPAIRS = 1;

/** The wire form of a zod schema: JSON Schema (zod 4), without the `$schema` URI that no provider needs. */
export function formatOf(name: string, schema: z.ZodType): StructuredRequest["format"] {
  const { $schema: _uri, ...json } = z.toJSONSchema(schema) as Record<string, unknown>;
  return { name, schema: json };
}

type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

/** Reads a model's JSON answer (a fenced block tolerated) against the schema; the error is written for the model. */
export function parseVerdict<T>(text: string, schema: z.ZodType<T>): Parsed<T> {
  const json = readJson(/^\s*```(?:json)?\s*\n?([\s\S]*?)```\s*$/.exec(text)?.[1] ?? text);
  if (!json.ok) return json;
  const r = schema.safeParse(json.value);
  return r.success ? { ok: true, value: r.data } : { ok: false, error: z.prettifyError(r.error) };
}

function readJson(text: string): Parsed<unknown> {
  if (!text.trim()) return { ok: false, error: "the answer is empty; a JSON object was required" };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (e) {
    return { ok: false, error: `the answer is not valid JSON (${(e as Error).message})` };
  }
}

/** A verdict that matched the schema, who gave it, and what every call made for it cost. */
export interface StructuredVerdict<T> {
  value: T;
  expert: Expert;
  costUsd: number;
  /** Model calls made: 1, or 2 after a repair. */
  calls: number;
}

export interface AskVerdict<T> {
  /** The judge's name, for the failure's message. */
  judge: string;
  messages: BaseMessageLike[];
  name: string;
  schema: z.ZodType<T>;
  /** Output tokens the verdict needs at most. */
  maxTokens?: number;
}

/**
 * One verdict from `experts` (in order, with fallback). An answer that is not valid JSON, or not valid against the
 * schema (a score out of range), is sent back once with the error, to the expert that wrote it first; a second
 * invalid answer throws `judge_failed`. A judge that cannot give a verdict is an outage of judging, never a
 * verdict that the answer fails. Every error thrown after a paid call says what was spent in `details.partial.costUsd`
 * (as the agents' `spentBy` reads it).
 */
export async function askVerdict<T>(model: JudgeModel, experts: readonly Expert[], ask: AskVerdict<T>, signal?: AbortSignal): Promise<StructuredVerdict<T>> {
  const request = { format: formatOf(ask.name, ask.schema), maxTokens: ask.maxTokens };
  let messages = ask.messages;
  let order = experts;
  let costUsd = 0;
  const errors: { expert: string; error: string }[] = [];
  for (let call = 1; call <= 1 + MAX_REPAIRS; call++) {
    const answer: ModelAnswer = await model(order, { ...request, messages }, signal).catch((err: unknown) => {
      throw costUsd > 0 ? withSpend(err, costUsd) : err;
    });
    costUsd += answer.costUsd;
    const parsed = parseVerdict(answer.text, ask.schema);
    if (parsed.ok) return { value: parsed.value, expert: answer.expert, costUsd, calls: call };
    errors.push({ expert: answer.expert.id, error: parsed.error });
    messages = [...ask.messages, ["ai", answer.text], ["human", repairRequest(parsed.error, answer.truncated)]];
    order = [answer.expert, ...experts.filter((e) => e.id !== answer.expert.id)];
  }
  const last = errors.at(-1)!;
  throw new EoError("judge_failed", `${ask.judge}: no valid verdict after ${errors.length} answers (${last.expert}: ${last.error})`, {
    details: { judge: ask.judge, errors, partial: { costUsd } },
  });
}

function repairRequest(error: string, truncated: boolean): string {
  return [
    `Your verdict could not be used: ${error}`,
    ...(truncated ? ["It was cut off at the output limit: keep the reasons few and short."] : []),
    "Answer again with one JSON object that matches the schema (every score a number from 0 to 1), and nothing else.",
  ].join("\n");
}

/** The error of a repair call, saying what the calls before it had cost. */
function withSpend(err: unknown, costUsd: number): unknown {
  if (!(err instanceof EoError)) return err;
  const details = typeof err.details === "object" && err.details !== null ? err.details : {};
  return new EoError(err.code, err.message, { cause: err, param: err.param, details: { ...details, partial: { costUsd } } });
}
