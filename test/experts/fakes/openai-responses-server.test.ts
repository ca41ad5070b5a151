// The fake OpenAI server's Responses API (POST /v1/responses), read by the real openai SDK: objects, event sequence, scripts, faults.
import OpenAI from "openai";
import { describe, expect, it } from "vitest";
import { useFakes } from "./use-fakes.js";

const MODEL = "gpt-5.1-codex";
const ctx = useFakes(MODEL);
const upstream = ctx.upstream;
const client = () => new OpenAI({ baseURL: ctx.fakes.openai.baseURL, apiKey: "test", maxRetries: 0 });
const schema = { type: "object", properties: { port: { type: "integer" } }, required: ["port"], additionalProperties: false };

async function events(params: Omit<OpenAI.Responses.ResponseCreateParamsStreaming, "stream">) {
  const out: OpenAI.Responses.ResponseStreamEvent[] = [];
  for await (const e of await client().responses.create({ ...params, stream: true })) out.push(e);
  return out;
}

describe("POST /v1/responses", () => {
  it("non-stream: a Response with one assistant message, its output_text and the usage", async () => {
    upstream.script(MODEL, { reply: "Paris.", usage: { promptTokens: 12, completionTokens: 2 } });
    const r = await client().responses.create({ model: MODEL, instructions: "Be brief.", input: [{ role: "user", content: "Capital of France?" }] });
    expect(r).toMatchObject({ object: "response", status: "completed", model: MODEL, incomplete_details: null, instructions: "Be brief." });
    expect(r.id).toMatch(/^resp_/);
    expect(r.output).toEqual([
      { id: expect.stringMatching(/^msg_/), type: "message", status: "completed", role: "assistant", content: [{ type: "output_text", text: "Paris.", annotations: [], logprobs: [] }] },
    ]);
    expect(r.output_text).toBe("Paris.");
    expect(r.usage).toMatchObject({ input_tokens: 12, output_tokens: 2, total_tokens: 14 });
    expect(upstream.requests[0]).toMatchObject({
      protocol: "openai",
      path: "/v1/responses",
      stream: false,
      messages: [{ role: "system", content: "Be brief." }, { role: "user", content: "Capital of France?" }],
    });
  });

  it("a string input is one user message; without a script the simulated reply answers it", async () => {
    const r = await client().responses.create({ model: MODEL, input: "Describe the water cycle" });
    expect(r.output_text).toMatch(/^You asked: Describe the water cycle\./);
    expect(upstream.requests[0]!.messages).toEqual([{ role: "user", content: "Describe the water cycle" }]);
    expect(r.usage!.output_tokens).toBeGreaterThan(10);
  });

  it("stream: the real event sequence, numbered, with the text in deltas and the usage in response.completed", async () => {
    const got = await events({ model: MODEL, input: "Describe the water cycle" });
    const types = got.map((e) => e.type);
    const deltas = got.filter((e) => e.type === "response.output_text.delta");
    expect(types.slice(0, 4)).toEqual(["response.created", "response.in_progress", "response.output_item.added", "response.content_part.added"]);
    expect(types.slice(4, 4 + deltas.length).every((t) => t === "response.output_text.delta")).toBe(true);
    expect(types.slice(4 + deltas.length)).toEqual([
      "response.output_text.done", "response.content_part.done", "response.output_item.done", "response.completed",
    ]);
    expect(deltas.length).toBeGreaterThan(3);
    expect(got.map((e) => e.sequence_number)).toEqual(got.map((_, i) => i));
    const text = deltas.map((e) => e.delta).join("");
    const done = got.at(-1) as OpenAI.Responses.ResponseCompletedEvent;
    expect(done.response).toMatchObject({ status: "completed", output: [{ type: "message", content: [{ type: "output_text", text }] }] });
    expect(done.response.usage!.output_tokens).toBeGreaterThan(10);
    const created = got[0] as OpenAI.Responses.ResponseCreatedEvent;
    expect(created.response).toMatchObject({ id: done.response.id, status: "in_progress", output: [], usage: null });
  });

  it("text.format json_schema gets a schema-aware JSON answer", async () => {
    const r = await client().responses.create({ model: MODEL, input: "Which port does HTTP use?", text: { format: { type: "json_schema", name: "port", schema, strict: true } } });
    expect(JSON.parse(r.output_text)).toEqual({ port: expect.any(Number) });
    expect(upstream.requests[0]!.schema).toEqual(schema);
  });

  it("max_output_tokens cuts the answer: status incomplete (max_output_tokens), and the stream ends with response.incomplete", async () => {
    const r = await client().responses.create({ model: MODEL, input: "Describe the water cycle", max_output_tokens: 5 });
    expect(r).toMatchObject({ status: "incomplete", incomplete_details: { reason: "max_output_tokens" }, usage: { output_tokens: 5 } });
    const got = await events({ model: MODEL, input: "Describe the water cycle", max_output_tokens: 5 });
    expect(got.at(-1)).toMatchObject({ type: "response.incomplete", response: { status: "incomplete", usage: { output_tokens: 5 } } });
  });

  it("a forced function tool: a function_call item, streamed as argument deltas", async () => {
    const tools: OpenAI.Responses.FunctionTool[] = [{ type: "function", name: "get_weather", parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] }, strict: false }];
    const params = { model: MODEL, input: "Weather in Paris?", tools, tool_choice: { type: "function" as const, name: "get_weather" } };
    const r = await client().responses.create(params);
    expect(r.output).toEqual([{ id: expect.stringMatching(/^fc_/), type: "function_call", status: "completed", name: "get_weather", call_id: expect.stringMatching(/^call_/), arguments: expect.any(String) }]);
    expect(JSON.parse((r.output[0] as OpenAI.Responses.ResponseFunctionToolCall).arguments)).toHaveProperty("city");
    const got = await events(params);
    const args = got.filter((e) => e.type === "response.function_call_arguments.delta").map((e) => e.delta).join("");
    expect(got.find((e) => e.type === "response.function_call_arguments.done")).toMatchObject({ arguments: args });
    expect(got.some((e) => e.type === "response.content_part.added")).toBe(false);
  });

  it("a tool choice naming no provided tool is a 400, as on chat completions", async () => {
    const err = await client().responses.create({ model: MODEL, input: "hi", tool_choice: { type: "function", name: "nope" } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.BadRequestError);
  });

  it("the scripts' faults apply: a rate limit with Retry-After, an unknown model, a stream cut after its first chunks", async () => {
    upstream.fault(MODEL, { kind: "rate_limit", retryAfterSeconds: 2 });
    const limited = await client().responses.create({ model: MODEL, input: "hi" }).catch((e: unknown) => e);
    expect(limited).toBeInstanceOf(OpenAI.RateLimitError);
    expect((limited as InstanceType<typeof OpenAI.RateLimitError>).headers.get("retry-after")).toBe("2");

    const missing = await client().responses.create({ model: "no-such-model", input: "hi" }).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(OpenAI.NotFoundError);

    upstream.fault(MODEL, { kind: "cut_stream", afterChunks: 2 });
    const seen: string[] = [];
    const cut = await (async () => {
      for await (const e of await client().responses.create({ model: MODEL, input: "Describe the water cycle", stream: true })) seen.push(e.type);
    })().catch((e: unknown) => e);
    expect(cut).toBeInstanceOf(Error);
    expect(seen.filter((t) => t === "response.output_text.delta")).toHaveLength(2);
    expect(seen).not.toContain("response.completed");
  });

  it("a request without input is a 400 naming the parameter", async () => {
    const res = await fetch(`${ctx.fakes.openai.baseURL}/responses`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ model: MODEL }) });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { param: "input", code: "missing_required_parameter" } });
  });
});
