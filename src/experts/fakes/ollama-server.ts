// A fetch handler speaking Ollama's native API (NDJSON chat streaming) for scripted fake models.

import { Hono } from "hono";
import { beforeAnswer, deliverBody, deliverStream, type ErrorBody } from "./faults.js";
import { flattenContent } from "./prompt-parts.js";
import { planAnswer, wordChunks, type Answer } from "./reply.js";
import type { FakeRequest, FakeUpstream } from "./script.js";
import { asObj, isObj, json, num, randomId, readJson, stopList, str, toolsOf, type Obj } from "./wire.js";

/** The Ollama version the fake claims to be (one whose chat API has tools, `format` schemas and tool-call ids). */
export const FAKE_OLLAMA_VERSION = "0.12.6";

/** `POST /api/chat` (NDJSON or `stream:false` JSON), `GET /api/tags`, `GET /api/version`, `GET /`. */
export function createOllamaHandler(upstream: FakeUpstream): (req: Request) => Promise<Response> {
  const app = new Hono();
  app.get("/", (c) => c.text("Ollama is running"));
  app.get("/api/version", () => json({ version: FAKE_OLLAMA_VERSION }));
  app.get("/api/tags", () => json({ models: upstream.models().map((name) => tag(upstream, name)) }));
  app.post("/api/chat", (c) => chat(upstream, c.req.raw));
  // Ollama's router (Go) answers unknown paths with a plain-text 404.
  app.notFound(() => new Response("404 page not found", { status: 404, headers: { "content-type": "text/plain" } }));
  return async (req) => app.fetch(req);
}

async function chat(upstream: FakeUpstream, req: Request): Promise<Response> {
  const parsed = await readJson(req);
  if (!parsed.ok) return errorResponse(400, parsed.error);
  if (!isObj(parsed.value)) return errorResponse(400, "invalid request body");
  const body = parsed.value;
  if (typeof body.model !== "string" || body.model === "") return errorResponse(400, "model is required");
  const fr = toFakeRequest(body as Obj & { model: string });

  const { script, fault } = upstream.admit(fr);
  if (!script) return errorResponse(404, `model "${fr.model}" not found, try pulling it first`);
  const started = Date.now();
  const early = await beforeAnswer(fr.model, script, fault, req.signal, errorBody);
  if (early) return early;

  const answer = planAnswer(fr, script);
  const message = assistantMessage(answer);
  const line = (m: Obj, done = false) => ({ model: fr.model, created_at: new Date().toISOString(), message: m, done });
  const final = () => ({
    ...line({ role: "assistant", content: "" }, true),
    done_reason: answer.finishReason === "length" ? "length" : "stop",
    ...timings(answer, Date.now() - started),
  });
  if (!fr.stream) return deliverBody({ ...final(), message }, fault, req.signal);

  // Ollama streams text token by token but a tool call whole, in one line before the done line.
  const content = message.tool_calls
    ? [line(message)]
    : wordChunks(answer.content).map((text) => line({ role: "assistant", content: text }));
  return deliverStream(
    { lead: [], content, tail: [final()], frame: (j) => `${j}\n`, contentType: "application/x-ndjson" },
    script,
    fault,
    req.signal,
  );
}

function toFakeRequest(b: Obj & { model: string }): FakeRequest {
  const format = b.format;
  const tools = toolsOf(b.tools);
  return {
    protocol: "ollama",
    path: "/api/chat",
    model: b.model,
    // Ollama streams unless told not to (the ollama-js client always says which).
    stream: b.stream !== false,
    messages: (Array.isArray(b.messages) ? b.messages : []).map((m) => ({
      role: str(asObj(m).role) ?? "user",
      content: flattenContent(asObj(m).content),
    })),
    schema: isObj(format) ? format : undefined,
    json: format === "json" ? true : undefined,
    tools,
    maxTokens: num(asObj(b.options).num_predict),
    stop: stopList(asObj(b.options).stop),
    body: b,
  };
}

/** The assistant message: tool-call arguments as an object; if they are not a JSON object (scripted or
 *  truncated), Ollama's tool parser fails and the raw text comes back as content. */
function assistantMessage(answer: Answer): Obj {
  const call = answer.toolCall;
  if (!call) return { role: "assistant", content: answer.content };
  let args: unknown;
  try {
    args = JSON.parse(call.argumentsJson);
  } catch {
    args = undefined;
  }
  if (!isObj(args)) return { role: "assistant", content: call.argumentsJson };
  return {
    role: "assistant",
    content: "",
    tool_calls: [{ id: randomId("call_", 8).toLowerCase(), function: { index: 0, name: call.name, arguments: args } }],
  };
}

/** Durations in nanoseconds, made up from the token counts (about 1 ms per prompt token, 20 ms per output token). */
function timings(a: Answer, elapsedMs: number): Obj {
  const load = 1_000_000;
  const promptEval = a.promptTokens * 1_000_000;
  const evalDuration = a.completionTokens * 20_000_000;
  return {
    total_duration: Math.max(elapsedMs * 1_000_000, load + promptEval + evalDuration),
    load_duration: load,
    prompt_eval_count: a.promptTokens,
    prompt_eval_duration: promptEval,
    eval_count: a.completionTokens,
    eval_duration: evalDuration,
  };
}

function tag(upstream: FakeUpstream, scripted: string): Obj {
  const name = scripted.includes(":") ? scripted : `${scripted}:latest`;
  const family = /^[a-z]+/i.exec(name)?.[0]?.toLowerCase() ?? "llama";
  const size = /(\d+(?:\.\d+)?)b\b/i.exec(name)?.[1];
  return {
    name,
    model: name,
    modified_at: upstream.createdAt.toISOString(),
    size: Math.round(Number(size ?? 7) * 0.6e9),
    digest: digest(name),
    details: { parent_model: "", format: "gguf", family, families: [family], parameter_size: `${size ?? 7}B`, quantization_level: "Q4_K_M" },
  };
}

/** A stable sha256-looking hex digest of the name (FNV-1a rounds; only its shape matters). */
function digest(name: string): string {
  let out = "";
  for (let round = 0; out.length < 64; round++) {
    let h = 0x811c9dc5 ^ round;
    for (const ch of name) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
    out += h.toString(16).padStart(8, "0");
  }
  return out;
}

const errorBody: ErrorBody = (_status, message) => ({ error: message });
const errorResponse = (status: number, message: string) => json({ error: message }, status);
