// A json_schema answer that is not valid JSON (or is cut at its token cap) comes back from the OpenAI provider
// as text with its usage, on the non-streaming path too: the real @langchain/openai client against the fake server.
import { HumanMessage, type AIMessageChunk } from "@langchain/core/messages";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import type { AgentDeps } from "../../agents/runtime.js";
import { callModel, jsonSchemaParams, parseJsonAnswer } from "../../agents/model-call.js";
import { DefaultsSchema } from "../../src/config.js";
import { resolveExpert } from "../../src/experts/catalog.js";
import type { Expert } from "../../src/experts/expert.js";
import { FakeUpstream, startFakeUpstreams, type FakeRequest, type FakeUpstreams } from "../../src/experts/fakes/index.js";
import { PROVIDERS } from "../../src/experts/providers/registry.js";

const BROKEN = '{"port": 80';
const VALID = '{"port": 80}';
const LONG = '{"port": 8080, "host": "example.org", "note": "a long explanation of why this port and host were chosen"}';
const reply = (text: string) => (req: FakeRequest) => (req.schema ? text : "plain text");
const usage = { promptTokens: 50, completionTokens: 7 };

let up: FakeUpstreams;
const upstream = new FakeUpstream({
  broken: { reply: reply(BROKEN), usage },
  valid: { reply: reply(VALID), usage },
  long: { reply: reply(LONG) },
});
beforeAll(async () => {
  up = await startFakeUpstreams(upstream);
});
afterAll(async () => up?.close());
beforeEach(() => upstream.reset());

const PortSchema = z.object({ port: z.number() });
const expert = (model: string): Expert => resolveExpert({
  id: model, provider: "openai", model, baseURL: up.openai.baseURL, local: false, pricing: { inputPerMTok: 1, outputPerMTok: 2 },
  domains: ["general"], timeoutMs: 5000, sandbox: false,
}, 0);
const deps = (): AgentDeps => ({ env: {}, defaults: DefaultsSchema.parse({}) } as unknown as AgentDeps);
const ask = [new HumanMessage("Which port does HTTP use? Answer as JSON.")];
const asked = () => upstream.requests.map((r) => ({ stream: r.stream, schema: r.schema, type: (r.body as { response_format?: { type?: string } }).response_format?.type }));
const schemaSent = { stream: false, schema: z.toJSONSchema(PortSchema), type: "json_schema" };

describe("the OpenAI provider, non-streaming, with a json_schema response format", () => {
  const invoke = async (model: string, maxTokens?: number) =>
    (await PROVIDERS.openai.chatModel(expert(model), { ...jsonSchemaParams("port", PortSchema), maxTokens }, {}).invoke(ask)) as AIMessageChunk;

  it("returns invalid JSON as the answer's text, with the usage the upstream reported", async () => {
    const m = await invoke("broken");
    expect(m.content).toBe(BROKEN);
    expect(m.usage_metadata).toMatchObject({ input_tokens: 50, output_tokens: 7 });
    expect(asked()).toEqual([schemaSent]);
  });

  it("returns an answer cut at its token cap as text, with finish reason length", async () => {
    const m = await invoke("long", 5);
    expect(LONG.startsWith(String(m.content))).toBe(true);
    expect(String(m.content).length).toBeLessThan(LONG.length);
    expect(m.response_metadata.finish_reason).toBe("length");
    expect(upstream.requests).toHaveLength(1);
  });

  it("returns valid JSON unchanged", async () => {
    const m = await invoke("valid");
    expect(m.content).toBe(VALID);
    expect(m.usage_metadata).toMatchObject({ input_tokens: 50, output_tokens: 7 });
    expect(asked()).toEqual([schemaSent]);
  });
});

describe("callModel with jsonSchemaParams (the planner's and the supervisor-judge's call)", () => {
  const call = (model: string, maxTokens?: number) => callModel(deps(), [expert(model)], ask, { ...jsonSchemaParams("port", PortSchema), maxTokens }, { capUsd: 1 });

  it("hands invalid JSON to the caller's repair loop, priced from the reported usage, after one upstream call", async () => {
    const r = await call("broken");
    expect(r).toMatchObject({ text: BROKEN, inputTokens: 50, outputTokens: 7, truncated: false });
    expect(r.costUsd).toBeCloseTo((50 * 1 + 7 * 2) / 1e6, 12);
    expect(r.attempts.map((a) => a.outcome)).toEqual(["ok"]);
    expect(asked()).toEqual([schemaSent]);
    const parsed = parseJsonAnswer(r.text, PortSchema);
    expect(!parsed.ok && parsed.error).toMatch(/not valid JSON/);
  });

  it("returns an answer cut at its token cap as truncated text, not as a malformed reply retried", async () => {
    const r = await call("long", 5);
    expect(r.truncated).toBe(true);
    expect(r.outputTokens).toBe(5);
    expect(LONG.startsWith(r.text)).toBe(true);
    expect(r.attempts.map((a) => a.outcome)).toEqual(["ok"]);
  });

  it("returns a valid JSON answer as before", async () => {
    const r = await call("valid");
    expect(r).toMatchObject({ text: VALID, inputTokens: 50, outputTokens: 7, truncated: false });
    expect(parseJsonAnswer(r.text, PortSchema)).toEqual({ ok: true, value: { port: 80 } });
  });
});
