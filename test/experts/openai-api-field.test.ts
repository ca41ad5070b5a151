// The `openaiApi` field of an OpenAI expert: validated by the config schema, and obeyed by the provider through the real
// service over HTTP (the openai SDK as client): `chat` keeps a "codex" model on /v1/chat/completions, `responses` moves any model to /v1/responses.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config.js";
import { EoError } from "../../src/errors.js";
import type { FakeRequest } from "../../src/experts/fakes/index.js";
import { startHarness, type Harness } from "../e2e/harness.js";

const REPLY = "Sort the list, then drop each item equal to the one before it.";
const pricing = { inputPerMTok: 1, outputPerMTok: 2 };
// A scripted reply is also a tool call's arguments: give tools valid JSON.
const script = { reply: (req: FakeRequest) => (req.tools?.length ? '{"q":"dedupe"}' : REPLY), usage: { promptTokens: 30, completionTokens: 12 } };
const messages = [{ role: "user" as const, content: "How do I dedupe a list quickly?" }];
const schema = { type: "object", properties: { answer: { type: "string" } }, required: ["answer"], additionalProperties: false };
const tools = [{ type: "function" as const, function: { name: "lookup", parameters: { type: "object", properties: { q: { type: "string" } } } } }];

type Eo = { costUsd: number };

describe("openaiApi in the config", () => {
  const expert = (extra: Record<string, unknown>) => ({ experts: [{ id: "x", provider: "openai", model: "gpt-5.1-codex", pricing, ...extra }] });
  const issues = (raw: unknown) => {
    try {
      parseConfig(raw);
    } catch (e) {
      expect(e).toBeInstanceOf(EoError);
      expect((e as EoError).code).toBe("config_invalid");
      return { message: (e as EoError).message, issues: ((e as EoError).details as { issues: { path: string; message: string }[] }).issues };
    }
    throw new Error("the config was accepted");
  };

  it("accepts auto, chat and responses, and leaves it unset by default", () => {
    for (const api of ["auto", "chat", "responses"]) expect(parseConfig(expert({ openaiApi: api })).experts[0]!.openaiApi).toBe(api);
    expect(parseConfig(expert({})).experts[0]!.openaiApi).toBeUndefined();
  });

  it("a value outside the three is a config error naming experts[0].openaiApi", () => {
    const r = issues(expert({ openaiApi: "completions" }));
    expect(r.issues).toEqual([{ path: "experts[0].openaiApi", message: expect.stringMatching(/auto.*chat.*responses/) }]);
    expect(r.message).toContain("experts[0].openaiApi");
  });

  it("on an expert whose provider is not openai it is a config error naming the field", () => {
    const r = issues({ experts: [{ id: "l", provider: "ollama", model: "llama3", openaiApi: "chat" }] });
    expect(r.issues).toEqual([{ path: "experts[0].openaiApi", message: expect.stringContaining('only for provider "openai"') }]);
  });
});

let h: Harness;
beforeAll(async () => {
  h = await startHarness([
    { id: "codex-chat", provider: "openai", model: "gpt-5.1-codex", openaiApi: "chat", local: false, pricing, domains: ["general"], skills: { general: 0.9 }, script },
    { id: "mini-responses", provider: "openai", model: "gpt-4o-mini", openaiApi: "responses", local: false, pricing, domains: ["general"], skills: { general: 0.5 }, script },
  ]);
});
afterAll(async () => {
  // The live judges read each answer on a later turn of the event loop: let them finish before the store closes.
  await new Promise((r) => setTimeout(r, 50));
  await h?.close();
});
beforeEach(() => h.upstream.reset());

const paths = () => h.upstream.requests.map((r) => `${r.path} ${r.model}`);

async function streamed(model: string) {
  const stream = await h.client.chat.completions.create({ model, messages, stream: true, stream_options: { include_usage: true } });
  let text = "";
  let usage: { prompt_tokens: number; completion_tokens: number } | undefined;
  for await (const chunk of stream) {
    text += chunk.choices[0]?.delta.content ?? "";
    if (chunk.usage) usage = chunk.usage;
  }
  return { text, usage };
}

/** The expert answers a plain question, whole and streamed, with the scripted usage priced; both calls went to `path model`. */
async function answersOn(expert: string, endpoint: string) {
  const r = await h.client.chat.completions.create({ model: expert, messages });
  expect(r.choices[0]!.message.content).toBe(REPLY);
  expect(r.usage).toMatchObject({ prompt_tokens: 30, completion_tokens: 12 });
  expect((r as unknown as { eo: Eo }).eo.costUsd).toBeCloseTo((30 * 1 + 12 * 2) / 1e6, 12);
  expect(await streamed(expert)).toEqual({ text: REPLY, usage: expect.objectContaining({ prompt_tokens: 30, completion_tokens: 12 }) });
  expect(paths()).toEqual([endpoint, endpoint]);
}

describe('openaiApi "chat": a model ChatOpenAI would send to the Responses API stays on Chat Completions', () => {
  it("non-stream and stream go to /v1/chat/completions, with the usage and cost", () => answersOn("codex-chat", "/v1/chat/completions gpt-5.1-codex"));

  it("so do calls with a response format or tools (the client is rebuilt for them: it must stay on Chat Completions)", async () => {
    await h.client.chat.completions.create({ model: "codex-chat", messages, response_format: { type: "json_schema", json_schema: { name: "a", strict: true, schema } } });
    await h.client.chat.completions.create({ model: "codex-chat", messages, tools, tool_choice: "auto" });
    expect(paths()).toEqual(["/v1/chat/completions gpt-5.1-codex", "/v1/chat/completions gpt-5.1-codex"]);
    expect(h.upstream.requests[0]!.schema).toEqual(schema);
    expect(h.upstream.requests[1]!.tools?.map((t) => t.name)).toEqual(["lookup"]);
  });
});

describe('openaiApi "responses": any model goes to the Responses API', () => {
  it("non-stream and stream go to /v1/responses, with the usage and cost", () => answersOn("mini-responses", "/v1/responses gpt-4o-mini"));

  it("GET /v1/experts shows the field where it is set", async () => {
    const listed = ((await (await h.http("/v1/experts")).json()) as { data: { id: string; openaiApi?: string }[] }).data;
    expect(listed.map((e) => [e.id, e.openaiApi])).toEqual([["codex-chat", "chat"], ["mini-responses", "responses"]]);
  });

  it("a tool call made on the Responses API comes back as an OpenAI tool call", async () => {
    const r = await h.client.chat.completions.create({ model: "mini-responses", messages, tools, tool_choice: { type: "function", function: { name: "lookup" } } });
    expect(r.choices[0]!.finish_reason).toBe("tool_calls");
    expect(r.choices[0]!.message.tool_calls).toEqual([{ id: expect.stringMatching(/^call_/), type: "function", function: { name: "lookup", arguments: '{"q":"dedupe"}' } }]);
    expect(h.upstream.requests[0]).toMatchObject({ path: "/v1/responses", toolChoice: "lookup", toolChoiceNamed: true });

    const stream = await h.client.chat.completions.create({ model: "mini-responses", messages, tools, tool_choice: "required", stream: true });
    let name = "";
    let args = "";
    let finish: string | null = null;
    for await (const chunk of stream) {
      for (const t of chunk.choices[0]?.delta.tool_calls ?? []) {
        name += t.function?.name ?? "";
        args += t.function?.arguments ?? "";
      }
      finish = chunk.choices[0]?.finish_reason ?? finish;
    }
    expect({ name, args, finish }).toEqual({ name: "lookup", args: '{"q":"dedupe"}', finish: "tool_calls" });
    expect(h.upstream.requests[1]).toMatchObject({ path: "/v1/responses", stream: true, toolChoice: "required" });
  });
});
