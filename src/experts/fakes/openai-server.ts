// A fetch handler speaking OpenAI's protocol for scripted fake models: Chat Completions (JSON and SSE), models, and the Responses route.

import { Hono } from "hono";
import { deliverBody, deliverStream } from "./faults.js";
import { error, modelNotFound, planOpenAIAnswer, type Endpoint } from "./openai-request.js";
import { responses } from "./openai-responses.js";
import { flattenContent } from "./prompt-parts.js";
import { argumentChunks, wordChunks, type Answer } from "./reply.js";
import type { FakeRequest, FakeUpstream } from "./script.js";
import { asObj, isObj, json, nowSeconds, num, randomId, stopList, str, toolsOf, type Obj } from "./wire.js";

/** `POST /v1/chat/completions` (JSON and SSE streaming), `POST /v1/responses` (see openai-responses.ts), `GET /v1/models` and `GET /v1/models/:id`. */
export function createOpenAIHandler(upstream: FakeUpstream): (req: Request) => Promise<Response> {
  const app = new Hono();
  app.get("/v1/models", () => json({ object: "list", data: upstream.models().map((id) => modelObject(upstream, id)) }));
  app.get("/v1/models/:id{.+}", (c) => {
    const id = c.req.param("id");
    return upstream.models().includes(id) ? json(modelObject(upstream, id)) : modelNotFound(id);
  });
  app.post("/v1/chat/completions", (c) => chatCompletions(upstream, c.req.raw));
  app.post("/v1/responses", (c) => responses(upstream, c.req.raw));
  app.notFound((c) => error(404, `Invalid URL (${c.req.method} ${new URL(c.req.url).pathname})`));
  return async (req) => app.fetch(req);
}

async function chatCompletions(upstream: FakeUpstream, req: Request): Promise<Response> {
  const planned = await planOpenAIAnswer(upstream, req, CHAT);
  if (planned instanceof Response) return planned;
  const { fr, script, fault, answer } = planned;
  const head = { id: randomId("chatcmpl-", 29), created: nowSeconds(), model: fr.model };
  const toolCallId = randomId("call_", 24);
  if (!fr.stream) return deliverBody(completion(head, answer, toolCallId), fault, req.signal);

  const chunk = (delta: Obj, finish: string | null = null) => ({
    ...head,
    object: "chat.completion.chunk",
    service_tier: "default",
    system_fingerprint: null,
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
    ...(fr.includeUsage ? { usage: null } : {}),
  });
  const call = answer.toolCall;
  const lead = call
    ? [chunk({ role: "assistant", content: null, tool_calls: [{ index: 0, id: toolCallId, type: "function", function: { name: call.name, arguments: "" } }], refusal: null })]
    : [chunk({ role: "assistant", content: "", refusal: null })];
  const content = call
    ? argumentChunks(call.argumentsJson).map((a) => chunk({ tool_calls: [{ index: 0, function: { arguments: a } }] }))
    : wordChunks(answer.content).map((text) => chunk({ content: text }));
  const tail: unknown[] = [chunk({}, answer.finishReason)];
  if (fr.includeUsage) tail.push({ ...chunk({}), choices: [], usage: usage(answer) });
  return deliverStream(
    { lead, content, tail, terminator: "data: [DONE]\n\n", frame: (j) => `data: ${j}\n\n`, contentType: "text/event-stream; charset=utf-8" },
    script,
    fault,
    req.signal,
  );
}

const CHAT: Endpoint = { required: { name: "messages", ok: Array.isArray }, toFakeRequest };

function toFakeRequest(b: Obj & { model: string }): FakeRequest {
  const format = asObj(b.response_format);
  const schema = asObj(format.json_schema).schema;
  const choice = b.tool_choice;
  const named = isObj(choice) && choice.type === "function" ? asObj(choice.function).name : undefined;
  const tools = toolsOf(b.tools);
  return {
    protocol: "openai",
    path: "/v1/chat/completions",
    model: b.model,
    stream: b.stream === true,
    messages: (b.messages as unknown[]).map((m) => ({ role: str(asObj(m).role) ?? "user", content: flattenContent(asObj(m).content) })),
    schema: format.type === "json_schema" && isObj(schema) ? schema : undefined,
    json: format.type === "json_object" ? true : undefined,
    tools,
    toolChoice: typeof named === "string" ? named : str(choice),
    toolChoiceNamed: typeof named === "string",
    maxTokens: num(b.max_completion_tokens) ?? num(b.max_tokens),
    stop: stopList(b.stop),
    includeUsage: asObj(b.stream_options).include_usage === true,
    body: b,
  };
}

function completion(head: Obj, answer: Answer, toolCallId: string): Obj {
  const call = answer.toolCall;
  const message: Obj = { role: "assistant", content: call ? null : answer.content, refusal: null, annotations: [] };
  if (call) message.tool_calls = [{ id: toolCallId, type: "function", function: { name: call.name, arguments: call.argumentsJson } }];
  return {
    ...head,
    object: "chat.completion",
    choices: [{ index: 0, message, logprobs: null, finish_reason: answer.finishReason }],
    usage: usage(answer),
    service_tier: "default",
    system_fingerprint: null,
  };
}

function usage(a: Answer): Obj {
  return {
    prompt_tokens: a.promptTokens,
    completion_tokens: a.completionTokens,
    total_tokens: a.promptTokens + a.completionTokens,
    prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
    completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
  };
}

function modelObject(upstream: FakeUpstream, id: string): Obj {
  return { id, object: "model", created: Math.floor(upstream.createdAt.getTime() / 1000), owned_by: "system" };
}
