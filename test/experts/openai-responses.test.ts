// An OpenAI expert whose model ChatOpenAI sends to the Responses API ("gpt-5.1-codex"), through the real service over HTTP
// (the openai SDK as client), against the fake server's /v1/responses: text, stream, usage and cost, json_schema, token cap.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { FakeRequest } from "../../src/experts/fakes/index.js";
import { startHarness, type Harness } from "../e2e/harness.js";

const REPLY = "Use a hash map keyed by the item id, then read it back in one pass.";
const BROKEN = '{"port": 80';
const LONG = '{"port": 8080, "host": "example.org", "note": "a long explanation of why this port and host were chosen"}';
const reply = (json: string) => (req: FakeRequest) => (req.schema ? json : REPLY);
const pricing = { inputPerMTok: 1, outputPerMTok: 2 };
const cost = (input: number, output: number) => (input * pricing.inputPerMTok + output * pricing.outputPerMTok) / 1e6;
const schema = { type: "object", properties: { port: { type: "integer" } }, required: ["port"], additionalProperties: false };
const response_format = { type: "json_schema" as const, json_schema: { name: "port", strict: true, schema } };
const messages = [{ role: "user" as const, content: "How do I dedupe a list quickly?" }];

type Eo = { requestId: string; expert: string; costUsd: number; attempts: { expert: string; outcome: string }[] };
type Audit = { answeredBy: string; outcome: string; costUsd: number; inputTokens: number; outputTokens: number };

let h: Harness;
beforeAll(async () => {
  h = await startHarness([
    { id: "codex", provider: "openai", model: "gpt-5.1-codex", local: false, pricing, domains: ["general"], skills: { general: 0.9 }, script: { reply: reply(BROKEN), usage: { promptTokens: 40, completionTokens: 9 } } },
    { id: "codex-long", provider: "openai", model: "long-codex", local: false, pricing, domains: ["general"], skills: { general: 0.5 }, script: { reply: reply(LONG) } },
  ]);
});
afterAll(async () => {
  // The live judges read each answer on a later turn of the event loop: let them finish before the store closes.
  await new Promise((r) => setTimeout(r, 50));
  await h?.close();
});
beforeEach(() => h.upstream.reset());

const paths = () => h.upstream.requests.map((r) => `${r.path} ${r.model}`);
const audit = async (id: string) => (await (await h.http(`/v1/requests/${id}`)).json()) as Audit;

describe("an expert on the Responses API (model gpt-5.1-codex, openaiApi auto)", () => {
  it("non-stream: the answer, its usage, and its cost at the expert's prices; the upstream got POST /v1/responses", async () => {
    const r = await h.client.chat.completions.create({ model: "codex", messages });
    expect(r.choices[0]).toMatchObject({ message: { role: "assistant", content: REPLY }, finish_reason: "stop" });
    expect(r.usage).toMatchObject({ prompt_tokens: 40, completion_tokens: 9, total_tokens: 49 });
    const eo = (r as unknown as { eo: Eo }).eo;
    expect(eo.costUsd).toBeCloseTo(cost(40, 9), 12);
    expect(eo.attempts.map((a) => `${a.expert}:${a.outcome}`)).toEqual(["codex:ok"]);
    expect(paths()).toEqual(["/v1/responses gpt-5.1-codex"]);
    expect(h.upstream.requests[0]).toMatchObject({ stream: false, messages: [{ role: "user", content: messages[0].content }] });
  });

  it("stream: the text in several chunks, finish stop, the usage chunk; the audit record has the usage and cost", async () => {
    const { data: stream, response } = await h.client.chat.completions
      .create({ model: "codex", messages, stream: true, stream_options: { include_usage: true } })
      .withResponse();
    const pieces: string[] = [];
    let finish: string | null = null;
    let usage: { prompt_tokens: number; completion_tokens: number } | undefined;
    for await (const chunk of stream) {
      if (chunk.choices[0]?.delta.content) pieces.push(chunk.choices[0].delta.content);
      finish = chunk.choices[0]?.finish_reason ?? finish;
      if (chunk.usage) usage = chunk.usage;
    }
    expect(pieces.join("")).toBe(REPLY);
    expect(pieces.length).toBeGreaterThan(1);
    expect(finish).toBe("stop");
    expect(usage).toMatchObject({ prompt_tokens: 40, completion_tokens: 9 });
    expect(paths()).toEqual(["/v1/responses gpt-5.1-codex"]);
    expect(h.upstream.requests[0]!.stream).toBe(true);
    const rec = await audit(response.headers.get("x-request-id")!);
    expect(rec).toMatchObject({ answeredBy: "codex", outcome: "ok", inputTokens: 40, outputTokens: 9 });
    expect(rec.costUsd).toBeCloseTo(cost(40, 9), 12);
  });

  it("json_schema: an answer that is not valid JSON comes back as text with its usage, after one upstream call (as on Chat Completions)", async () => {
    const r = await h.client.chat.completions.create({ model: "codex", messages, response_format });
    expect(r.choices[0]).toMatchObject({ message: { content: BROKEN }, finish_reason: "stop" });
    expect(r.usage).toMatchObject({ prompt_tokens: 40, completion_tokens: 9 });
    const eo = (r as unknown as { eo: Eo }).eo;
    expect(eo.attempts.map((a) => `${a.expert}:${a.outcome}`)).toEqual(["codex:ok"]);
    expect(eo.costUsd).toBeCloseTo(cost(40, 9), 12);
    expect(paths()).toEqual(["/v1/responses gpt-5.1-codex"]);
    expect(h.upstream.requests[0]).toMatchObject({ stream: false, schema, body: { text: { format: { type: "json_schema", name: "port", strict: true, schema } } } });
  });

  it("json_schema: valid JSON comes back unchanged", async () => {
    const r = await h.client.chat.completions.create({ model: "codex-long", messages, response_format });
    expect(r.choices[0]!.message.content).toBe(LONG);
    expect(r.choices[0]!.finish_reason).toBe("stop");
  });

  it("max_tokens goes out as max_output_tokens; an answer cut there has finish_reason length, streamed or not", async () => {
    const cut = await h.client.chat.completions.create({ model: "codex-long", messages, response_format, max_tokens: 5 });
    expect(cut).toMatchObject({ choices: [{ finish_reason: "length" }], usage: { completion_tokens: 5 } });
    expect(LONG.slice(0, cut.choices[0]!.message.content!.length)).toBe(cut.choices[0]!.message.content);
    expect(cut.choices[0]!.message.content!.length).toBeLessThan(LONG.length);
    expect(h.upstream.requests[0]).toMatchObject({ path: "/v1/responses", maxTokens: 5, body: { max_output_tokens: 5 } });

    const stream = await h.client.chat.completions.create({ model: "codex-long", messages, max_tokens: 5, stream: true, stream_options: { include_usage: true } });
    let finish: string | null = null;
    let usage: { completion_tokens: number } | undefined;
    for await (const chunk of stream) {
      finish = chunk.choices[0]?.finish_reason ?? finish;
      if (chunk.usage) usage = chunk.usage;
    }
    expect(finish).toBe("length");
    expect(usage?.completion_tokens).toBe(5);
  });

  it("an upstream error on /v1/responses is retried by the gateway like any other (429 with Retry-After)", async () => {
    h.upstream.fault("gpt-5.1-codex", { kind: "rate_limit", retryAfterSeconds: 0 });
    const r = await h.client.chat.completions.create({ model: "codex", messages });
    expect(r.choices[0]!.message.content).toBe(REPLY);
    const eo = (r as unknown as { eo: Eo }).eo;
    expect(eo.attempts.map((a) => `${a.expert}:${a.outcome}`)).toEqual(["codex:rate_limited", "codex:ok"]);
    expect(paths()).toEqual(["/v1/responses gpt-5.1-codex", "/v1/responses gpt-5.1-codex"]);
  });
});
