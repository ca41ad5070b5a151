// FakeUpstream's scripting (replies, wildcard, fault queues, log, reset), exercised through the bare fetch handlers.

import { describe, expect, it } from "vitest";
import { ANY_MODEL, FakeUpstream, createOllamaHandler, createOpenAIHandler } from "../../../src/experts/fakes/index.js";

const openaiCall = (upstream: FakeUpstream, model: string, content: string) =>
  createOpenAIHandler(upstream)(
    new Request("http://fake/v1/chat/completions", {
      method: "POST",
      body: JSON.stringify({ model, messages: [{ role: "user", content: [{ type: "text", text: content }] }] }),
    }),
  );

describe("FakeUpstream", () => {
  it("a reply function sees the parsed request (content parts flattened)", async () => {
    const upstream = new FakeUpstream({ m: { reply: (req) => `echo: ${req.messages[0]!.content} via ${req.protocol}` } });
    const res = await openaiCall(upstream, "m", "ping");
    expect((await res.json()).choices[0].message.content).toBe("echo: ping via openai");
  });

  it("the default reply is deterministic for the same model and prompt", async () => {
    const upstream = new FakeUpstream({ m: {} });
    const a = (await (await openaiCall(upstream, "m", "Compare tea and coffee")).json()).choices[0].message.content;
    const b = (await (await openaiCall(upstream, "m", "Compare tea and coffee")).json()).choices[0].message.content;
    expect(a).toBe(b);
    expect(a).toContain("Compare tea and coffee");
  });

  it("the wildcard answers any model; faults queued for a name stay with that name", async () => {
    const upstream = new FakeUpstream({ [ANY_MODEL]: { reply: "any" } });
    upstream.fault("flaky", { kind: "server_error" });
    expect((await openaiCall(upstream, "steady", "x")).status).toBe(200);
    expect((await openaiCall(upstream, "flaky", "x")).status).toBe(500);
    expect((await openaiCall(upstream, "flaky", "x")).status).toBe(200);
    expect(upstream.models()).toEqual([]);
  });

  it("reset clears the log and fault queues but keeps scripts; script() replaces a model's faults", async () => {
    const upstream = new FakeUpstream({ m: { reply: "ok", faults: [{ kind: "server_error" }] } });
    upstream.reset();
    expect((await openaiCall(upstream, "m", "x")).status).toBe(200);
    expect(upstream.requests).toHaveLength(1);
    upstream.reset();
    expect(upstream.requests).toHaveLength(0);
    upstream.script("m", { reply: "ok", faults: [{ kind: "rate_limit", retryAfterSeconds: 1 }] });
    expect((await openaiCall(upstream, "m", "x")).status).toBe(429);
  });

  it("one upstream serves both protocols and logs them in order", async () => {
    const upstream = new FakeUpstream({ "phi3:latest": { reply: "hi" } });
    await openaiCall(upstream, "phi3:latest", "first");
    await createOllamaHandler(upstream)(
      new Request("http://fake/api/chat", { method: "POST", body: JSON.stringify({ model: "phi3", messages: [{ role: "user", content: "second" }], stream: false }) }),
    );
    expect(upstream.requests.map((r) => [r.protocol, r.messages[0]!.content])).toEqual([
      ["openai", "first"],
      ["ollama", "second"],
    ]);
  });
});
