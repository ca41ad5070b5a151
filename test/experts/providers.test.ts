// The provider contract: every LLM provider, through the project's own chatModel, against its local protocol server.
import { HumanMessage, type AIMessageChunk } from "@langchain/core/messages";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resolveExpert } from "../../src/experts/catalog.js";
import type { Expert } from "../../src/experts/expert.js";
import { FakeUpstream, startFakeUpstreams, type FakeUpstreams } from "../../src/experts/fakes/index.js";
import { PROVIDERS } from "../../src/experts/providers/registry.js";
import { classifyFault } from "../../src/experts/upstream-error.js";

let up: FakeUpstreams;
// model-a always says the same; model-b is the fake's default simulated model (schema-valid JSON when asked).
const upstream = new FakeUpstream({ "model-a": { reply: "The answer is forty-two." }, "model-b": {} });
beforeAll(async () => {
  up = await startFakeUpstreams(upstream);
});
afterAll(async () => up?.close());

const experts = (): Record<string, Expert> => ({
  openai: resolveExpert({ id: "o", provider: "openai", model: "model-a", baseURL: up.openai.baseURL, local: true, domains: ["general"], timeoutMs: 5000, sandbox: false }, 0),
  ollama: resolveExpert({ id: "l", provider: "ollama", model: "model-a", baseURL: up.ollama.url, domains: ["general"], timeoutMs: 5000, sandbox: false }, 0),
});

const ask = [new HumanMessage("What is the answer?")];

for (const name of ["openai", "ollama"] as const) {
  describe(`provider ${name}`, () => {
    const model = (params = {}, signal?: AbortSignal, id = "model-a") => PROVIDERS[name].chatModel({ ...experts()[name], model: id }, params, {}, signal);

    it("invoke returns the text and token usage", async () => {
      upstream.reset();
      const m = (await model().invoke(ask)) as AIMessageChunk;
      expect(m.content).toBe("The answer is forty-two.");
      expect(m.usage_metadata?.output_tokens).toBeGreaterThan(0);
      expect(upstream.requests[0]).toMatchObject({ protocol: name, model: "model-a" });
    });

    it("stream yields the text in several chunks", async () => {
      let text = "";
      let n = 0;
      for await (const c of await model().stream(ask)) {
        text += String(c.content);
        n++;
      }
      expect(text).toBe("The answer is forty-two.");
      expect(n).toBeGreaterThan(2);
    });

    it("a JSON-schema response format reaches the server as that protocol's structured output", async () => {
      upstream.reset();
      const schema = { type: "object", properties: { n: { type: "integer" } }, required: ["n"], additionalProperties: false };
      const m = (await model({ responseFormat: { type: "json_schema", json_schema: { name: "x", schema, strict: true } } }, undefined, "model-b").invoke(ask)) as AIMessageChunk;
      expect(upstream.requests[0]!.schema).toEqual(schema);
      expect(Number.isInteger((JSON.parse(String(m.content)) as { n: number }).n)).toBe(true);
    });

    it("max tokens and tools are passed on", async () => {
      upstream.reset();
      const tools = [{ type: "function" as const, function: { name: "lookup", parameters: { type: "object", properties: { q: { type: "string" } } } } }];
      await model({ maxTokens: 3, tools }).invoke(ask);
      expect(upstream.requests[0]!.maxTokens).toBe(3);
      expect(upstream.requests[0]!.tools?.[0]?.name).toBe("lookup");
    });

    it("a 429 surfaces as rate_limited with its Retry-After", async () => {
      upstream.fault("model-a", { kind: "rate_limit", retryAfterSeconds: 7 });
      const err = await model().invoke(ask).catch((e: unknown) => e);
      const f = classifyFault(err);
      expect(f.kind).toBe("rate_limited");
      expect(f.retryable).toBe(true);
      // Ollama's client drops response headers, so only OpenAI's carries the wait.
      if (name === "openai") expect(f.retryAfterMs).toBe(7000);
    });

    it("a 500 surfaces as a retryable server_error", async () => {
      upstream.fault("model-a", { kind: "server_error" });
      const f = classifyFault(await model().invoke(ask).catch((e: unknown) => e));
      expect(f).toMatchObject({ kind: "server_error", retryable: true });
    });

    it("the attempt's signal abandons a hung call", async () => {
      upstream.fault("model-a", { kind: "hang" });
      const t0 = Date.now();
      const err = await model({}, AbortSignal.timeout(300)).invoke(ask, { signal: AbortSignal.timeout(300) }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(Error);
      expect(Date.now() - t0).toBeLessThan(3000);
    });
  });
}

describe("provider builtin", () => {
  const calc = resolveExpert({ id: "c", provider: "builtin", model: "math", domains: ["arithmetic"], timeoutMs: 5000, sandbox: false }, 0);

  it("declines tools and structured output, so the gateway moves on", () => {
    const tools = [{ type: "function" as const, function: { name: "f" } }];
    expect(() => PROVIDERS.builtin.chatModel(calc, { tools }, {})).toThrow(/does not call tools/);
    expect(() => PROVIDERS.builtin.chatModel(calc, { responseFormat: { type: "json_object" } }, {})).toThrow(/structured output/);
  });

  it("answers arithmetic exactly and declines the rest", async () => {
    const m = PROVIDERS.builtin.chatModel(calc, {}, {});
    expect(((await m.invoke([new HumanMessage("What is 0.1 + 0.2?")])) as AIMessageChunk).content).toBe("0.1 + 0.2 = 0.3");
    const err = await m.invoke([new HumanMessage("Write a poem")]).catch((e: unknown) => e);
    expect(classifyFault(err).kind).toBe("declined");
  });
});
