// Stop sequences on the Responses API path, through the project's OpenAI provider (ChatOpenAI with UnparsedResponses) against
// the fake OpenAI server's /v1/responses (JSON and SSE): the cut text, finish reason, usage, the upstream closed, tools and JSON untouched.
import { HumanMessage, type AIMessageChunk } from "@langchain/core/messages";
import type { ChatOpenAI } from "@langchain/openai";
import { countTokens } from "gpt-tokenizer";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { resolveExpert } from "../../src/experts/catalog.js";
import { createOpenAIHandler, FakeUpstream, serveFetch, type FakeRequest, type ServedFetch } from "../../src/experts/fakes/index.js";
import { wordChunks } from "../../src/experts/fakes/reply.js";
import type { CallParams } from "../../src/experts/providers/provider.js";
import { openaiProvider } from "../../src/experts/providers/openai.js";
import { countInputTokens } from "../../src/routing/features.js";
import { contentText, finishReasonOf, usageOf } from "../../src/gateway/response.js";

const HEAD = "Thought: I need the weather.\nAction: search\nAction Input: Paris\n";
const TAIL = "Observation: sunny, 21 degrees\nThought: I now know the final answer.\nFinal Answer: sunny";
// A long answer, paced, so that a stream read to its end would take seconds.
const REACT = HEAD + TAIL + " and so on".repeat(150);
const ARGS = '{"q":"Observation: the args keep their stop text"}';
const JSON_REPLY = '{"answer":"Observation: inside JSON","n":1}';
const PROMPT = "What is the weather in Paris?";
const ask = [new HumanMessage(PROMPT)];
const tools = [{ type: "function" as const, function: { name: "search", parameters: { type: "object", properties: { q: { type: "string" } } } } }];
const schema = { type: "object", properties: { answer: { type: "string" }, n: { type: "integer" } }, required: ["answer", "n"], additionalProperties: false };

const upstream = new FakeUpstream({
  react: { reply: REACT, chunkDelayMs: 15, usage: { promptTokens: 50, completionTokens: 400 } },
  short: { reply: "It ends with Obs", usage: { promptTokens: 11, completionTokens: 5 } },
  tooly: { reply: (req: FakeRequest) => (req.tools?.length ? ARGS : req.schema ? JSON_REPLY : REACT) },
});
/** "path model" of each upstream request whose client closed the connection before the answer's end. */
const closed: string[] = [];
let server: ServedFetch;
beforeAll(async () => {
  const handler = createOpenAIHandler(upstream);
  server = await serveFetch(async (req) => {
    const res = await handler(req.clone());
    const body = (await req.json().catch(() => ({}))) as { model?: string };
    req.signal.addEventListener("abort", () => closed.push(`${new URL(req.url).pathname} ${body.model}`), { once: true });
    return res;
  });
});
afterAll(async () => server?.close());
beforeEach(() => {
  upstream.reset();
  closed.length = 0;
});

const model = (id: string, params: CallParams = {}) =>
  openaiProvider.chatModel(
    resolveExpert({ id, provider: "openai", model: id, baseURL: `${server.url}/v1`, openaiApi: "responses", local: true, domains: ["general"], timeoutMs: 10_000, sandbox: false }, 0),
    params,
    {},
  );

async function read(stream: AsyncIterable<AIMessageChunk>) {
  const pieces: string[] = [];
  let finish: string | undefined;
  let usage = { inputTokens: 0, outputTokens: 0 };
  let last: AIMessageChunk | undefined;
  for await (const c of stream) {
    const t = contentText(c);
    if (t) pieces.push(t);
    finish = finishReasonOf(c) ?? finish;
    const u = usageOf(c);
    if (u) usage = { inputTokens: usage.inputTokens + u.inputTokens, outputTokens: usage.outputTokens + u.outputTokens };
    last = last ? last.concat(c) : c;
  }
  return { pieces, text: pieces.join(""), finish, usage, last };
}

describe("non-stream", () => {
  it("the answer ends just before the stop sequence, finish_reason stop, with the usage the upstream reported", async () => {
    const m = (await model("react", { stop: ["Observation:"] }).invoke(ask)) as AIMessageChunk;
    expect(contentText(m)).toBe(HEAD);
    expect(m.response_metadata.finish_reason).toBe("stop");
    expect(m.usage_metadata).toMatchObject({ input_tokens: 50, output_tokens: 400 });
    expect(upstream.requests).toHaveLength(1);
    expect(upstream.requests[0]).toMatchObject({ path: "/v1/responses", stream: false });
    // The Responses API has no stop parameter: nothing about it goes upstream.
    expect(upstream.requests[0]!.body).not.toHaveProperty("stop");
  });

  it("of several sequences, the first in the text cuts; a stop given as a call option works too", async () => {
    const m = (await model("react", { stop: ["Final Answer:", "Action Input:"] }).invoke(ask)) as AIMessageChunk;
    expect(contentText(m)).toBe("Thought: I need the weather.\nAction: search\n");
    const byOption = (await (model("react") as unknown as ChatOpenAI).invoke(ask, { stop: ["Thought: I now"] })) as AIMessageChunk;
    expect(contentText(byOption)).toBe(HEAD + "Observation: sunny, 21 degrees\n");
    expect(byOption.response_metadata.finish_reason).toBe("stop");
  });

  it("without a stop sequence in the answer, it is whole; an empty stop list changes nothing", async () => {
    const m = (await model("react", { stop: ["NOT THERE"] }).invoke(ask)) as AIMessageChunk;
    expect(contentText(m)).toBe(REACT);
    expect(m.response_metadata.finish_reason).toBe("stop");
    const none = (await model("short", { stop: [] }).invoke(ask)) as AIMessageChunk;
    expect(contentText(none)).toBe("It ends with Obs");
  });

  it("tool-call arguments and a JSON answer are untouched (the stop applies to text only when none occurs in it)", async () => {
    const call = (await model("tooly", { stop: ["Observation:"], tools, toolChoice: "required" }).invoke(ask)) as AIMessageChunk;
    expect(call.tool_calls).toEqual([expect.objectContaining({ name: "search", args: JSON.parse(ARGS) })]);
    expect(call.response_metadata.finish_reason).toBe("tool_calls");
    const json = (await model("tooly", { stop: ["}}"], responseFormat: { type: "json_schema", json_schema: { name: "a", schema, strict: true } } }).invoke(ask)) as AIMessageChunk;
    expect(contentText(json)).toBe(JSON_REPLY);
    expect(json.response_metadata.finish_reason).toBe("stop");
  });
});

describe("non-stream, a Response with text and then a function call (the fake makes one or the other)", () => {
  const response = (text: string) => ({
    id: "resp_1", object: "response", created_at: 1, status: "completed", incomplete_details: null, error: null, model: "mixed",
    output: [
      { id: "msg_1", type: "message", status: "completed", role: "assistant", content: [{ type: "output_text", text, annotations: [] }] },
      { id: "fc_1", type: "function_call", status: "completed", call_id: "call_1", name: "search", arguments: '{"q":"x"}' },
    ],
    usage: { input_tokens: 9, output_tokens: 20, total_tokens: 29, input_tokens_details: { cached_tokens: 0 }, output_tokens_details: { reasoning_tokens: 0 } },
  });
  const serve = (text: string) => serveFetch(async () => new Response(JSON.stringify(response(text)), { headers: { "content-type": "application/json" } }));
  const mixed = (url: string) =>
    openaiProvider.chatModel(resolveExpert({ id: "mixed", provider: "openai", model: "mixed", baseURL: `${url}/v1`, openaiApi: "responses", local: true, domains: ["general"], timeoutMs: 5000, sandbox: false }, 0), { stop: ["Observation:"], tools }, {});

  it("a stop in the text also drops the call listed after it, as generation would have ended there (finish stop)", async () => {
    const s = await serve("Action: search\nObservation: sunny");
    try {
      const m = (await mixed(s.url).invoke(ask)) as AIMessageChunk;
      expect(contentText(m)).toBe("Action: search\n");
      expect(m.tool_calls).toEqual([]);
      expect(m.response_metadata.finish_reason).toBe("stop");
      expect(m.usage_metadata).toMatchObject({ input_tokens: 9, output_tokens: 20 });
    } finally {
      await s.close();
    }
  });

  it("without a stop in the text, the text and the call stay (finish tool_calls)", async () => {
    const s = await serve("Let me search.");
    try {
      const m = (await mixed(s.url).invoke(ask)) as AIMessageChunk;
      expect(contentText(m)).toBe("Let me search.");
      expect(m.tool_calls).toEqual([expect.objectContaining({ name: "search", args: { q: "x" } })]);
      expect(m.response_metadata.finish_reason).toBe("tool_calls");
    } finally {
      await s.close();
    }
  });
});

describe("stream", () => {
  it("shows the text before the sequence and never the sequence; ends with finish stop at once, closing the upstream request", async () => {
    const t0 = Date.now();
    const r = await read(await model("react", { stop: ["Observation:"] }).stream(ask));
    const elapsed = Date.now() - t0;
    expect(r.text).toBe(HEAD);
    expect(r.pieces.length).toBeGreaterThan(1);
    expect(r.finish).toBe("stop");
    // Read to its end, the paced answer takes about (chunks × 15 ms): the cut stream ends long before.
    const full = wordChunks(REACT).length * 15;
    expect(full).toBeGreaterThan(2000);
    expect(elapsed).toBeLessThan(full / 2);
    await vi.waitFor(() => expect(closed).toEqual(["/v1/responses react"]), { timeout: 2000 });
  });

  it("a sequence split over three of the upstream's chunks is held back until it completes", async () => {
    const stop = "Action: search\nAction Input: Paris";
    // The fake streams three words per chunk: the sequence starts in one chunk, fills the next and ends in a third.
    const chunks = wordChunks(REACT);
    const chunkAt = (offset: number) => chunks.findIndex((_, i) => chunks.slice(0, i + 1).join("").length > offset);
    const at = REACT.indexOf(stop);
    expect(chunkAt(at + stop.length - 1) - chunkAt(at)).toBe(2);
    const r = await read(await model("react", { stop: [stop] }).stream(ask));
    expect(r.text).toBe("Thought: I need the weather.\n");
    expect(r.pieces.some((p) => p.includes("Action"))).toBe(false);
    expect(r.finish).toBe("stop");
  });

  it("a cut stream's usage is estimated (the upstream sends its usage only at the end), never zero", async () => {
    const r = await read(await model("react", { stop: ["Observation:"] }).stream(ask));
    expect(r.usage.inputTokens).toBe(countInputTokens([{ role: "human", content: PROMPT }]));
    // Every token received counts, the stop sequence included: at least the text shown and the sequence, at most the whole answer.
    expect(r.usage.outputTokens).toBeGreaterThanOrEqual(countTokens(HEAD + "Observation:"));
    expect(r.usage.outputTokens).toBeLessThan(countTokens(REACT) / 4);
    expect(r.last?.usage_metadata?.total_tokens).toBe(r.usage.inputTokens + r.usage.outputTokens);
  });

  it("a false start at the end of the answer is held, then shown when the stream ends; the upstream's usage is kept", async () => {
    const r = await read(await model("short", { stop: ["Observation:"] }).stream(ask));
    expect(r.text).toBe("It ends with Obs");
    expect(r.pieces.at(-1)).toBe("Obs");
    expect(r.finish).toBe("stop");
    expect(r.usage).toEqual({ inputTokens: 11, outputTokens: 5 });
    await new Promise((done) => setTimeout(done, 50));
    expect(closed).not.toContain("/v1/responses short");
  });

  it("tool-call arguments and a JSON answer stream untouched", async () => {
    const call = await read(await model("tooly", { stop: ["Observation:"], tools, toolChoice: "required" }).stream(ask));
    expect(call.last?.tool_call_chunks?.map((c) => c.args).join("")).toBe(ARGS);
    expect(call.finish).toBe("tool_calls");
    const json = await read(await model("tooly", { stop: ["}}"], responseFormat: { type: "json_schema", json_schema: { name: "a", schema, strict: true } } }).stream(ask));
    expect(json.text).toBe(JSON_REPLY);
    expect(json.finish).toBe("stop");
  });

  it("LangChain's content-block event stream (streamEvents) is cut the same way", async () => {
    const out = await (model("react", { stop: ["Observation:"] }) as unknown as ChatOpenAI).streamEvents(ask);
    expect(contentText(out as unknown as AIMessageChunk)).toBe(HEAD);
  });
});
