// The real ChatOpenAI (@langchain/openai) against the fake OpenAI server: invoke, stream, structured output, tools, faults.

import { AIMessageChunk, HumanMessage, ToolMessage } from "@langchain/core/messages";
import { tool } from "@langchain/core/tools";
import { ChatOpenAI } from "@langchain/openai";
import { describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { useFakes } from "./use-fakes.js";
import { DOMAINS } from "../../../src/vocabulary.js";

const MODEL = "gpt-4o-mini";
const ctx = useFakes(MODEL);
const upstream = ctx.upstream;
const chat = (extra: Partial<ConstructorParameters<typeof ChatOpenAI>[0] & object> = {}) =>
  new ChatOpenAI({ model: MODEL, apiKey: "test", configuration: { baseURL: ctx.fakes.openai.baseURL }, maxRetries: 0, ...extra });


const Plan = z.object({
  subtasks: z.array(
    z.object({ id: z.string(), instruction: z.string(), domain: z.enum(DOMAINS), dependsOn: z.array(z.string()) }),
  ),
});
const PLAN_REQUEST = "1. Compute 15% of 240. 2. Write a short poem about the number. 3. Translate the poem into Spanish.";

describe("ChatOpenAI against the fake", () => {
  it("invoke: text with usage_metadata from the server's counts", async () => {
    upstream.script(MODEL, { reply: "Paris is the capital of France.", usage: { promptTokens: 12, completionTokens: 7 } });
    const msg = await chat().invoke("What is the capital of France?");
    expect(msg.content).toBe("Paris is the capital of France.");
    expect(msg.usage_metadata).toMatchObject({ input_tokens: 12, output_tokens: 7, total_tokens: 19 });
    expect(msg.response_metadata.finish_reason).toBe("stop");
  });

  it("stream: several chunks, usage_metadata present, stream_options.include_usage sent", async () => {
    const chunks: AIMessageChunk[] = [];
    for await (const c of await chat().stream("Describe the water cycle")) chunks.push(c);
    const text = chunks.map((c) => c.content).join("");
    expect(chunks.filter((c) => c.content !== "").length).toBeGreaterThan(3);
    expect(text).toMatch(/^You asked: Describe the water cycle\./);
    const usage = chunks.find((c) => c.usage_metadata)?.usage_metadata;
    expect(usage?.output_tokens).toBeGreaterThan(10);
    expect(upstream.requests[0]).toMatchObject({ stream: true, includeUsage: true });
  });

  it("withStructuredOutput (json_schema): a planner schema gets one subtask per numbered part", async () => {
    const plan = await chat().withStructuredOutput(Plan).invoke(PLAN_REQUEST);
    expect(plan.subtasks.map((s) => [s.id, s.domain])).toEqual([
      ["s1", "arithmetic"],
      ["s2", "writing"],
      ["s3", "translation"],
    ]);
    expect(plan.subtasks[0]!.instruction).toBe("Compute 15% of 240.");
    expect(upstream.requests[0]!.schema).toBeDefined();
  });

  it("withStructuredOutput (functionCalling): a forced tool call parsed into the schema", async () => {
    const plan = await chat().withStructuredOutput(Plan, { method: "functionCalling", name: "plan" }).invoke(PLAN_REQUEST);
    expect(plan.subtasks).toHaveLength(3);
    expect(upstream.requests[0]).toMatchObject({ toolChoice: "plan", toolChoiceNamed: true });
  });

  it("withStructuredOutput fails on a scripted invalid reply", async () => {
    upstream.script(MODEL, { reply: "{\"subtasks\": [oops" });
    await expect(chat().withStructuredOutput(Plan).invoke(PLAN_REQUEST)).rejects.toThrow();
  });

  it("bindTools: calls a tool the user names, then answers the tool result in text", async () => {
    const weather = tool(async ({ city }: { city: string }) => `Sunny in ${city}`, {
      name: "get_weather",
      description: "Current weather for a city",
      schema: z.object({ city: z.string() }),
    });
    const model = chat().bindTools([weather]);
    const first = await model.invoke([new HumanMessage("Use get_weather for Oslo")]);
    expect(first.tool_calls).toHaveLength(1);
    expect(first.tool_calls![0]).toMatchObject({ name: "get_weather", args: { city: "Use get_weather for Oslo" } });
    const second = await model.invoke([
      new HumanMessage("Use get_weather for Oslo"),
      first,
      new ToolMessage({ content: "Sunny in Oslo", tool_call_id: first.tool_calls![0]!.id! }),
    ]);
    expect(second.tool_calls ?? []).toHaveLength(0);
    expect(second.content).toContain("Sunny in Oslo");
  });
});

describe("faults through ChatOpenAI", () => {
  it("rate_limit and server_error reject the call (no retries)", async () => {
    upstream.fault(MODEL, { kind: "rate_limit", retryAfterSeconds: 2 }, { kind: "server_error" });
    await expect(chat().invoke("hi")).rejects.toMatchObject({ status: 429 });
    await expect(chat().invoke("hi")).rejects.toMatchObject({ status: 500 });
    expect(upstream.requests).toHaveLength(2);
  });

  it("hang: the client's timeout ends the call", async () => {
    upstream.fault(MODEL, { kind: "hang" });
    const started = Date.now();
    await expect(chat({ timeout: 300 }).invoke("hi")).rejects.toThrow(/timed? ?out/i);
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it("hang: an AbortSignal ends the call", async () => {
    upstream.fault(MODEL, { kind: "hang" });
    await expect(chat().invoke("hi", { signal: AbortSignal.timeout(200) })).rejects.toThrow();
  });

  it("cut_stream: the stream throws after the content chunks it got", async () => {
    upstream.script(MODEL, { reply: "a b c d e f g h i j k l m n o p" });
    upstream.fault(MODEL, { kind: "cut_stream", afterChunks: 3 });
    const got: string[] = [];
    await expect(
      (async () => {
        for await (const c of await chat().stream("hi")) if (c.content) got.push(String(c.content));
      })(),
    ).rejects.toThrow();
    expect(got.join("")).toBe("a b c d e f g h i ");
  });

  it("malformed_json: invoke and stream both fail", async () => {
    const logged = vi.spyOn(console, "error").mockImplementation(() => {}); // the SDK logs the bad line
    upstream.fault(MODEL, { kind: "malformed_json" }, { kind: "malformed_json" });
    await expect(chat().invoke("hi")).rejects.toThrow();
    await expect(
      (async () => {
        for await (const _ of await chat().stream("hi")) void _;
      })(),
    ).rejects.toThrow();
    logged.mockRestore();
  });
});
