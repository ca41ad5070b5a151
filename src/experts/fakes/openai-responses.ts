// OpenAI's Responses API (`POST /v1/responses`, JSON and SSE events) for scripted fake models, on the same scripts as Chat Completions.

import { deliverBody, deliverStream } from "./faults.js";
import { planOpenAIAnswer, type Endpoint } from "./openai-request.js";
import { flattenContent } from "./prompt-parts.js";
import { argumentChunks, wordChunks, type Answer } from "./reply.js";
import type { FakeRequest, FakeUpstream } from "./script.js";
import { asObj, isObj, nowSeconds, num, randomId, str, toolsOf, type Obj } from "./wire.js";

/**
 * `POST /v1/responses`. Without `stream`, one Response object; with it, the event sequence the real API sends:
 * `response.created`, `response.in_progress`, `response.output_item.added`, then for text `response.content_part.added`,
 * `response.output_text.delta`…, `response.output_text.done`, `response.content_part.done` (for a function call
 * `response.function_call_arguments.delta`…, `.done`), `response.output_item.done`, and `response.completed` with
 * the usage, or `response.incomplete` when `max_output_tokens` cut the answer. No `[DONE]`: the last event ends it.
 */
export async function responses(upstream: FakeUpstream, req: Request): Promise<Response> {
  const planned = await planOpenAIAnswer(upstream, req, RESPONSES);
  if (planned instanceof Response) return planned;
  const { fr, script, fault, answer } = planned;
  const body = fr.body as Obj;
  const ids = { response: randomId("resp_", 48), item: randomId(answer.toolCall ? "fc_" : "msg_", 48), call: randomId("call_", 24) };
  const envelope = responseEnvelope(ids.response, fr.model, body);
  const done = answer.finishReason === "length" ? "incomplete" : "completed";
  const item = outputItem(ids, answer, done);
  const final = { ...envelope, ...terminal(answer), output: [item], usage: usage(answer) };
  if (!fr.stream) return deliverBody(final, fault, req.signal);

  let seq = 0;
  const event = (type: string, fields: Obj): Obj => ({ type, sequence_number: seq++, ...fields });
  const at = { item_id: ids.item, output_index: 0 };
  const call = answer.toolCall;
  const inProgress = { ...envelope, status: "in_progress", incomplete_details: null, output: [], usage: null };
  const lead = [
    event("response.created", { response: inProgress }),
    event("response.in_progress", { response: inProgress }),
    event("response.output_item.added", { output_index: 0, item: outputItem(ids, { ...answer, content: "", toolCall: call && { ...call, argumentsJson: "" } }, "in_progress", []) }),
  ];
  if (!call) lead.push(event("response.content_part.added", { ...at, content_index: 0, part: textPart("") }));
  const content = call
    ? argumentChunks(call.argumentsJson).map((delta) => event("response.function_call_arguments.delta", { ...at, delta }))
    : wordChunks(answer.content).map((delta) => event("response.output_text.delta", { ...at, content_index: 0, delta, logprobs: [] }));
  const tail = call
    ? [event("response.function_call_arguments.done", { ...at, arguments: call.argumentsJson })]
    : [
        event("response.output_text.done", { ...at, content_index: 0, text: answer.content, logprobs: [] }),
        event("response.content_part.done", { ...at, content_index: 0, part: textPart(answer.content) }),
      ];
  tail.push(event("response.output_item.done", { output_index: 0, item }), event(`response.${done}`, { response: final }));
  return deliverStream(
    { lead, content, tail, frame: (j, m) => `event: ${str(asObj(m).type)}\ndata: ${j}\n\n`, contentType: "text/event-stream; charset=utf-8" },
    script,
    fault,
    req.signal,
  );
}

/** `input` is a string (one user message) or a list of items; `instructions` alone would do too, but clients send input. */
const RESPONSES: Endpoint = { required: { name: "input", ok: (v) => typeof v === "string" || Array.isArray(v) }, toFakeRequest };

function toFakeRequest(b: Obj & { model: string }): FakeRequest {
  const format = asObj(asObj(b.text).format);
  const choice = b.tool_choice;
  const named = isObj(choice) && choice.type === "function" ? choice.name : undefined;
  return {
    protocol: "openai",
    path: "/v1/responses",
    model: b.model,
    stream: b.stream === true,
    messages: inputMessages(b.input, b.instructions),
    schema: format.type === "json_schema" && isObj(format.schema) ? format.schema : undefined,
    json: format.type === "json_object" ? true : undefined,
    tools: toolsOf(b.tools),
    toolChoice: typeof named === "string" ? named : str(choice),
    toolChoiceNamed: typeof named === "string",
    maxTokens: num(b.max_output_tokens),
    body: b,
  };
}

/**
 * The conversation as chat messages: `instructions` as a system message, then each input item; a function
 * call the model made is an (empty) assistant turn, its output a tool message, as in Chat Completions.
 */
function inputMessages(input: unknown, instructions: unknown): FakeRequest["messages"] {
  const out: FakeRequest["messages"] = typeof instructions === "string" && instructions !== "" ? [{ role: "system", content: instructions }] : [];
  if (typeof input === "string") return [...out, { role: "user", content: input }];
  for (const it of Array.isArray(input) ? input : []) {
    const o = asObj(it);
    if (o.type === "function_call_output") out.push({ role: "tool", content: typeof o.output === "string" ? o.output : flattenContent(o.output) });
    else if (o.type === "function_call") out.push({ role: "assistant", content: "" });
    else if (typeof o.role === "string") out.push({ role: o.role, content: flattenContent(o.content) });
  }
  return out;
}

/** The fields of a Response object that echo the request (the real API returns the parameters it applied). */
function responseEnvelope(id: string, model: string, b: Obj): Obj {
  return {
    id,
    object: "response",
    created_at: nowSeconds(),
    background: false,
    error: null,
    instructions: b.instructions ?? null,
    max_output_tokens: b.max_output_tokens ?? null,
    model,
    parallel_tool_calls: b.parallel_tool_calls ?? true,
    previous_response_id: b.previous_response_id ?? null,
    reasoning: { effort: null, summary: null },
    service_tier: "default",
    store: b.store ?? true,
    temperature: b.temperature ?? 1,
    text: { format: { type: "text" }, ...asObj(b.text) },
    tool_choice: b.tool_choice ?? "auto",
    tools: b.tools ?? [],
    top_p: b.top_p ?? 1,
    truncation: b.truncation ?? "disabled",
    user: null,
    metadata: {},
  };
}

/** Status of a finished response: cut at `max_output_tokens` is "incomplete", with the reason. */
function terminal(a: Answer): Obj {
  return a.finishReason === "length"
    ? { status: "incomplete", incomplete_details: { reason: "max_output_tokens" } }
    : { status: "completed", incomplete_details: null };
}

/** The one output item: an assistant message with one output_text part, or a function call. */
function outputItem(ids: { item: string; call: string }, a: Pick<Answer, "content" | "toolCall">, status: string, parts?: Obj[]): Obj {
  const call = a.toolCall;
  if (call) return { id: ids.item, type: "function_call", status, arguments: call.argumentsJson, call_id: ids.call, name: call.name };
  return { id: ids.item, type: "message", status, role: "assistant", content: parts ?? [textPart(a.content)] };
}

const textPart = (text: string): Obj => ({ type: "output_text", annotations: [], logprobs: [], text });

function usage(a: Answer): Obj {
  return {
    input_tokens: a.promptTokens,
    input_tokens_details: { cached_tokens: 0 },
    output_tokens: a.completionTokens,
    output_tokens_details: { reasoning_tokens: 0 },
    total_tokens: a.promptTokens + a.completionTokens,
  };
}
