// What both fake OpenAI endpoints (Chat Completions, Responses) share: the road from a request body to the planned answer, and OpenAI's error bodies.

import { beforeAnswer, type ErrorBody } from "./faults.js";
import { planAnswer, type Answer } from "./reply.js";
import type { Fault, FakeRequest, FakeUpstream, ModelScript } from "./script.js";
import { isObj, json, readJson, type Obj } from "./wire.js";

/** A request the fake will answer: what it understood, its model's script, the fault it takes, and the answer. */
export interface Planned {
  fr: FakeRequest;
  script: ModelScript;
  fault?: Fault;
  answer: Answer;
}

/** How one endpoint reads its body: the parameter it requires besides `model`, and its request shape. */
export interface Endpoint {
  /** The required parameter ("messages", "input") and whether a body's value for it is acceptable. */
  required: { name: string; ok(value: unknown): boolean };
  toFakeRequest(body: Obj & { model: string }): FakeRequest;
}

/**
 * Reads the body, checks it as OpenAI does (JSON, model, the required parameter, a named tool choice among
 * the tools), logs it with the upstream, waits the script's latency and applies the fault that replaces the
 * answer. Returns the planned answer, or the response that ends the request early.
 */
export async function planOpenAIAnswer(upstream: FakeUpstream, req: Request, endpoint: Endpoint): Promise<Planned | Response> {
  const parsed = await readJson(req);
  if (!parsed.ok || !isObj(parsed.value)) {
    return error(400, "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON.)");
  }
  const body = parsed.value;
  if (typeof body.model !== "string" || body.model === "") return error(400, "you must provide a model parameter");
  const { name, ok } = endpoint.required;
  if (!ok(body[name])) return error(400, `Missing required parameter: '${name}'.`, name, "missing_required_parameter");
  const fr = endpoint.toFakeRequest(body as Obj & { model: string });
  if (fr.toolChoiceNamed && !fr.tools?.some((t) => t.name === fr.toolChoice)) {
    return error(400, `Invalid value for 'tool_choice': function '${fr.toolChoice}' is not one of the provided tools.`, "tool_choice");
  }

  const { script, fault } = upstream.admit(fr);
  if (!script) return modelNotFound(fr.model);
  const early = await beforeAnswer(fr.model, script, fault, req.signal, errorBody);
  if (early) return early;
  return { fr, script, fault, answer: planAnswer(fr, script) };
}

export const errorBody: ErrorBody = (_status, message, kind) => ({
  error:
    kind === "rate_limit"
      ? { message, type: "requests", param: null, code: "rate_limit_exceeded" }
      : { message, type: "server_error", param: null, code: null },
});

export function error(status: number, message: string, param: string | null = null, code: string | null = null): Response {
  return json({ error: { message, type: "invalid_request_error", param, code } }, status);
}

export function modelNotFound(model: string): Response {
  return error(404, `The model \`${model}\` does not exist or you do not have access to it.`, null, "model_not_found");
}
