// The real ChatOllama (@langchain/ollama, over the ollama package) against the fake Ollama server.

import { AIMessageChunk } from "@langchain/core/messages";
import { tool } from "@langchain/core/tools";
import { ChatOllama } from "@langchain/ollama";
import { describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { startFakeUpstreams } from "../../../src/experts/fakes/index.js";
import { useFakes } from "./use-fakes.js";
import { DOMAINS } from "../../../src/vocabulary.js";

const MODEL = "llama3.2";
const ctx = useFakes(MODEL);
const upstream = ctx.upstream;
const chat = () => new ChatOllama({ model: MODEL, baseUrl: ctx.fakes.ollama.url });


const Plan = z.object({
  subtasks: z.array(
    z.object({ id: z.string(), instruction: z.string(), domain: z.enum(DOMAINS), dependsOn: z.array(z.string()) }),
  ),
});

describe("ChatOllama against the fake", () => {
  it("invoke: streams under the hood and sums the done line's counts into usage_metadata", async () => {
    upstream.script(MODEL, { reply: "Lima is the capital of Peru.", usage: { promptTokens: 9, completionTokens: 8 } });
    const msg = await chat().invoke("What is the capital of Peru?");
    expect(msg.content).toBe("Lima is the capital of Peru.");
    expect(msg.usage_metadata).toMatchObject({ input_tokens: 9, output_tokens: 8, total_tokens: 17 });
    expect(upstream.requests[0]).toMatchObject({ protocol: "ollama", stream: true });
  });

  it("stream: several content chunks, then usage", async () => {
    const chunks: AIMessageChunk[] = [];
    for await (const c of await chat().stream("Explain how vaccines work")) chunks.push(c);
    expect(chunks.filter((c) => c.content !== "").length).toBeGreaterThan(3);
    expect(chunks.map((c) => c.content).join("")).toMatch(/^You asked: Explain how vaccines work\./);
    const usage = chunks.at(-1)!.usage_metadata;
    expect(usage?.output_tokens).toBeGreaterThan(10);
    expect(usage?.input_tokens).toBeGreaterThan(0);
  });

  it("withStructuredOutput: the schema goes in format, and a plan comes back one subtask per part", async () => {
    const plan = await chat()
      .withStructuredOutput(Plan)
      .invoke("1. Solve the equation 2x + 3 = 11 2. Explain the steps in a short essay 3. Write a unit test in Python for the solver");
    expect(plan.subtasks.map((s) => s.domain)).toEqual(["math", "writing", "code"]);
    expect(plan.subtasks.map((s) => s.id)).toEqual(["s1", "s2", "s3"]);
    expect((upstream.requests[0]!.body as { format: unknown }).format).toMatchObject({ type: "object" });
  });

  it("bindTools: a tool the prompt names is called with object arguments", async () => {
    const search = tool(async ({ query }: { query: string }) => `results for ${query}`, {
      name: "web_search",
      description: "Search the web",
      schema: z.object({ query: z.string() }),
    });
    const msg = await chat().bindTools([search]).invoke("Do a web search for llama facts");
    expect(msg.tool_calls).toHaveLength(1);
    expect(msg.tool_calls![0]).toMatchObject({ name: "web_search", args: { query: "Do a web search for llama facts" } });
    const plain = await chat().bindTools([search]).invoke("Say hello");
    expect(plain.tool_calls ?? []).toHaveLength(0);
  });

  it("withStructuredOutput (functionCalling): a prompt naming the tool gets a call parsed into the schema", async () => {
    const Answer = z.object({ answer: z.string(), confidence: z.number().min(0).max(1) });
    const out = await chat().withStructuredOutput(Answer, { method: "functionCalling", name: "extract" }).invoke("Use extract: what is 2+2?");
    expect(out.confidence).toBe(0.8);
  });
});

describe("faults through ChatOllama", () => {
  it("rate_limit and server_error reject with the server's message", async () => {
    upstream.fault(MODEL, { kind: "rate_limit", retryAfterSeconds: 1 }, { kind: "server_error" });
    await expect(chat().invoke("hi")).rejects.toThrow(/rate limit/i);
    await expect(chat().invoke("hi")).rejects.toMatchObject({ status_code: 500 });
  });

  it("hang: a timeout in ChatOllama's fetch ends the call", async () => {
    // ChatOllama 1.3 does not hand its call signal to fetch while waiting for headers, so a timeout
    // has to live in the fetch it is given (as a provider must do against a real, stuck Ollama).
    upstream.fault(MODEL, { kind: "hang" });
    const timed = new ChatOllama({
      model: MODEL,
      baseUrl: ctx.fakes.ollama.url,
      fetch: (input, init) => fetch(input, { ...init, signal: AbortSignal.any([init?.signal ?? new AbortController().signal, AbortSignal.timeout(200)]) }),
    });
    const started = Date.now();
    await expect(timed.invoke("hi")).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it("hang: closing the server releases a hung call promptly", async () => {
    const other = await startFakeUpstreams(upstream);
    upstream.fault(MODEL, { kind: "hang" });
    const call = new ChatOllama({ model: MODEL, baseUrl: other.ollama.url }).invoke("hi").then(() => "answered", () => "failed");
    await new Promise((r) => setTimeout(r, 100));
    const started = Date.now();
    await other.close();
    expect(await call).toBe("failed");
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it("cut_stream: the stream ends abnormally after the chunks it got", async () => {
    upstream.script(MODEL, { reply: "a b c d e f g h i j k l" });
    upstream.fault(MODEL, { kind: "cut_stream", afterChunks: 2 });
    const got: string[] = [];
    await expect(
      (async () => {
        for await (const c of await chat().stream("hi")) if (c.content) got.push(String(c.content));
      })(),
    ).rejects.toThrow();
    expect(got).toEqual(["a b c ", "d e f "]);
  });

  it("malformed_json: the client skips the bad line, never sees done, and fails", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {}); // the ollama client warns on bad lines
    upstream.fault(MODEL, { kind: "malformed_json" });
    await expect(chat().invoke("hi")).rejects.toThrow(/done/);
    expect(warn).toHaveBeenCalled();
    warn.mockRestore();
  });
});
