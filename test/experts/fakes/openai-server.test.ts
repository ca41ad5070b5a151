// The fake OpenAI server on the wire: raw HTTP for errors, faults and headers; the real openai SDK for answers.

import OpenAI from "openai";
import { beforeAll, describe, expect, it } from "vitest";
import { startFakeUpstreams } from "../../../src/experts/fakes/index.js";
import { useFakes } from "./use-fakes.js";

let client: OpenAI;
const ctx = useFakes("gpt-4o-mini");
const upstream = ctx.upstream;

beforeAll(() => {
  client = new OpenAI({ apiKey: "test", baseURL: ctx.fakes.openai.baseURL, maxRetries: 0 });
});

const post = (body: unknown, init: RequestInit = {}) =>
  fetch(`${ctx.fakes.openai.baseURL}/chat/completions`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: typeof body === "string" ? body : JSON.stringify(body),
    ...init,
  });
const ask = (content: string) => ({ model: "gpt-4o-mini", messages: [{ role: "user" as const, content }] });

describe("errors", () => {
  it("answers an unknown model with 404 model_not_found", async () => {
    const res = await post({ model: "nope", messages: [{ role: "user", content: "hi" }] });
    expect(res.status).toBe(404);
    const body = await res.json();
    expect(body.error).toMatchObject({ type: "invalid_request_error", code: "model_not_found", param: null });
    expect(body.error.message).toContain("nope");
  });

  it("answers malformed JSON and missing messages with 400", async () => {
    const bad = await post("{not json");
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.type).toBe("invalid_request_error");
    const missing = await post({ model: "gpt-4o-mini" });
    expect(missing.status).toBe(400);
    expect((await missing.json()).error.param).toBe("messages");
  });

  it("lists the scripted models", async () => {
    upstream.script("gpt-4o", {});
    const list = await client.models.list();
    expect(list.data.map((m) => m.id).sort()).toEqual(["gpt-4o", "gpt-4o-mini"]);
  });
});

describe("faults", () => {
  it("rate_limit: 429 with Retry-After, surfaced by the SDK as RateLimitError", async () => {
    upstream.fault("gpt-4o-mini", { kind: "rate_limit", retryAfterSeconds: 7 });
    const res = await post(ask("hi"));
    expect(res.status).toBe(429);
    expect(res.headers.get("retry-after")).toBe("7");
    expect((await res.json()).error.code).toBe("rate_limit_exceeded");

    upstream.fault("gpt-4o-mini", { kind: "rate_limit", retryAfterSeconds: 1 });
    await expect(client.chat.completions.create(ask("hi"))).rejects.toBeInstanceOf(OpenAI.RateLimitError);
  });

  it("server_error: 500 by default, or the given status; faults are consumed in order", async () => {
    upstream.fault("gpt-4o-mini", { kind: "server_error" }, { kind: "server_error", status: 503 });
    expect((await post(ask("a"))).status).toBe(500);
    expect((await post(ask("b"))).status).toBe(503);
    expect((await post(ask("c"))).status).toBe(200);
    expect(upstream.requests.map((r) => r.messages[0]!.content)).toEqual(["a", "b", "c"]);
  });

  it("hang: the client's timeout ends it, and close() returns promptly with a hung request open", async () => {
    upstream.fault("gpt-4o-mini", { kind: "hang" }, { kind: "hang" });
    const started = Date.now();
    await expect(client.chat.completions.create(ask("hi"), { timeout: 300 })).rejects.toBeInstanceOf(
      OpenAI.APIConnectionTimeoutError,
    );
    expect(Date.now() - started).toBeLessThan(3000);

    const other = await startFakeUpstreams(upstream);
    const pending = fetch(`${other.openai.baseURL}/chat/completions`, {
      method: "POST",
      body: JSON.stringify(ask("hi")),
    }).then(() => "answered", () => "dropped");
    await new Promise((r) => setTimeout(r, 100)); // let the request reach the server
    const closing = Date.now();
    await other.close();
    expect(Date.now() - closing).toBeLessThan(1000);
    expect(await pending).toBe("dropped");
  });

  it("cut_stream: the SDK stream throws after the given number of content chunks", async () => {
    upstream.script("gpt-4o-mini", { reply: "one two three four five six seven eight nine ten eleven twelve" });
    upstream.fault("gpt-4o-mini", { kind: "cut_stream", afterChunks: 2 });
    const stream = await client.chat.completions.create({ ...ask("hi"), stream: true });
    const got: string[] = [];
    await expect(
      (async () => {
        for await (const chunk of stream) {
          const text = chunk.choices[0]?.delta.content;
          if (text) got.push(text);
        }
      })(),
    ).rejects.toThrow();
    expect(got).toEqual(["one two three ", "four five six "]);
  });

  it("cut_stream without streaming: a truncated body, then the connection drops", async () => {
    upstream.fault("gpt-4o-mini", { kind: "cut_stream", afterChunks: 0 });
    const res = await post(ask("hi"));
    expect(res.status).toBe(200);
    await expect(res.text()).rejects.toThrow();
  });

  it("malformed_json: invalid JSON body, and an invalid data line when streaming", async () => {
    upstream.fault("gpt-4o-mini", { kind: "malformed_json" }, { kind: "malformed_json" });
    const res = await post(ask("hi"));
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(() => JSON.parse(text)).toThrow();
    expect(text).toContain('"object":"chat.completion"');

    const logged: unknown[] = [];
    const quiet = { error: (...a: unknown[]) => logged.push(a), warn() {}, info() {}, debug() {} }; // the SDK logs the bad line
    const stream = await new OpenAI({ apiKey: "test", baseURL: ctx.fakes.openai.baseURL, maxRetries: 0, logger: quiet }).chat.completions.create({
      ...ask("hi"),
      stream: true,
    });
    await expect(
      (async () => {
        for await (const _ of stream) void _;
      })(),
    ).rejects.toThrow(SyntaxError);
    expect(logged.length).toBeGreaterThan(0);
  });
});

describe("answers through the real openai SDK", () => {
  it("non-stream: a completion with usage, restating the request", async () => {
    const res = await client.chat.completions.create({
      model: "gpt-4o-mini",
      messages: [{ role: "system", content: "Be brief." }, { role: "user", content: "Why is the sky blue?" }],
    });
    expect(res.object).toBe("chat.completion");
    expect(res.id).toMatch(/^chatcmpl-/);
    expect(res.choices[0]!.finish_reason).toBe("stop");
    expect(res.choices[0]!.message.content).toMatch(/^You asked: Why is the sky blue\?/);
    expect(res.usage!.prompt_tokens).toBeGreaterThan(5);
    expect(res.usage!.total_tokens).toBe(res.usage!.prompt_tokens + res.usage!.completion_tokens);
    expect(upstream.requests[0]).toMatchObject({ protocol: "openai", model: "gpt-4o-mini", stream: false });
  });

  it("code requests get a fenced code block", async () => {
    const res = await client.chat.completions.create(ask("Write a TypeScript function that sums numbers"));
    expect(res.choices[0]!.message.content).toMatch(/```typescript\n[\s\S]+\n```/);
  });

  it("stream: several chunks that add up to the reply, then a usage chunk", async () => {
    upstream.script("gpt-4o-mini", { reply: "alpha beta gamma delta epsilon zeta eta theta", usage: { promptTokens: 11, completionTokens: 8 } });
    const stream = await client.chat.completions.create({ ...ask("hi"), stream: true, stream_options: { include_usage: true } });
    const chunks: OpenAI.ChatCompletionChunk[] = [];
    for await (const c of stream) chunks.push(c);
    expect(chunks[0]!.choices[0]!.delta).toMatchObject({ role: "assistant", content: "" });
    const texts = chunks.flatMap((c) => (c.choices[0]?.delta.content ? [c.choices[0].delta.content] : []));
    expect(texts.length).toBeGreaterThan(2);
    expect(texts.join("")).toBe("alpha beta gamma delta epsilon zeta eta theta");
    expect(chunks.at(-2)!.choices[0]!.finish_reason).toBe("stop");
    expect(chunks.at(-1)!.choices).toEqual([]);
    expect(chunks.at(-1)!.usage).toMatchObject({ prompt_tokens: 11, completion_tokens: 8, total_tokens: 19 });
  });

  it("stop sequences end the reply before the first one", async () => {
    upstream.script("gpt-4o-mini", { reply: "alpha beta gamma delta" });
    const res = await client.chat.completions.create({ ...ask("hi"), stop: ["delta", "gamma"] });
    expect(res.choices[0]!.message.content).toBe("alpha beta ");
    expect(res.choices[0]!.finish_reason).toBe("stop");
  });

  it("max_tokens truncates with finish_reason length", async () => {
    const res = await client.chat.completions.create({ ...ask("Explain photosynthesis in detail"), max_tokens: 5 });
    expect(res.choices[0]!.finish_reason).toBe("length");
    expect(res.usage!.completion_tokens).toBe(5);
  });

  it("tools: a forced call gets schema-valid JSON-string arguments (finish_reason stop, as OpenAI does)", async () => {
    const tools: OpenAI.ChatCompletionTool[] = [
      {
        type: "function",
        function: {
          name: "get_weather",
          parameters: { type: "object", properties: { city: { type: "string" }, days: { type: "integer", minimum: 1, maximum: 7 } }, required: ["city", "days"] },
        },
      },
    ];
    const forced = await client.chat.completions.create({ ...ask("Weather in Paris"), tools, tool_choice: { type: "function", function: { name: "get_weather" } } });
    const call = forced.choices[0]!.message.tool_calls![0]! as OpenAI.ChatCompletionMessageFunctionToolCall;
    expect(forced.choices[0]!.finish_reason).toBe("stop");
    expect(forced.choices[0]!.message.content).toBeNull();
    expect(call.id).toMatch(/^call_/);
    expect(JSON.parse(call.function.arguments)).toEqual({ city: "Weather in Paris", days: 1 });

    const auto = await client.chat.completions.create({ ...ask("What's the weather? Use get_weather."), tools });
    expect(auto.choices[0]!.finish_reason).toBe("tool_calls");
    const none = await client.chat.completions.create({ ...ask("Tell me a joke"), tools });
    expect(none.choices[0]!.message.tool_calls).toBeUndefined();

    const streamed = await client.chat.completions.create({ ...ask("Paris"), tools, tool_choice: "required", stream: true });
    let args = "";
    let fragments = 0;
    for await (const c of streamed) {
      const d = c.choices[0]?.delta.tool_calls?.[0];
      if (d?.function?.arguments) {
        args += d.function.arguments;
        fragments++;
      }
    }
    expect(fragments).toBeGreaterThan(1);
    expect(JSON.parse(args)).toMatchObject({ city: "Paris" });
  });

  it("json_schema response_format: content is an instance of the schema; a scripted reply still wins", async () => {
    const response_format = {
      type: "json_schema" as const,
      json_schema: { name: "x", strict: true, schema: { type: "object", properties: { answer: { type: "string" } }, required: ["answer"], additionalProperties: false } },
    };
    const res = await client.chat.completions.create({ ...ask("Capital of France?"), response_format });
    expect(Object.keys(JSON.parse(res.choices[0]!.message.content!))).toEqual(["answer"]);
    upstream.script("gpt-4o-mini", { reply: "not json" });
    const scripted = await client.chat.completions.create({ ...ask("Capital of France?"), response_format });
    expect(scripted.choices[0]!.message.content).toBe("not json");
  });
});
