// The fake Ollama server on the wire: raw HTTP for its endpoints, NDJSON framing, errors and faults.

import { describe, expect, it } from "vitest";
import { FAKE_OLLAMA_VERSION } from "../../../src/experts/fakes/index.js";
import { useFakes } from "./use-fakes.js";

const MODEL = "llama3.2:3b";
const ctx = useFakes(MODEL);
const upstream = ctx.upstream;


const chat = (body: unknown, init: RequestInit = {}) =>
  fetch(`${ctx.fakes.ollama.url}/api/chat`, { method: "POST", body: typeof body === "string" ? body : JSON.stringify(body), ...init });
const ask = (content: string, extra: object = {}) => ({ model: MODEL, messages: [{ role: "user", content }], ...extra });
const lines = (text: string) => text.split("\n").filter((l) => l !== "");

describe("endpoints", () => {
  it("GET / says Ollama is running; /api/version and /api/tags describe the fake", async () => {
    expect(await (await fetch(`${ctx.fakes.ollama.url}/`)).text()).toBe("Ollama is running");
    expect(await (await fetch(`${ctx.fakes.ollama.url}/api/version`)).json()).toEqual({ version: FAKE_OLLAMA_VERSION });
    upstream.script("qwen2.5", {});
    const { models } = await (await fetch(`${ctx.fakes.ollama.url}/api/tags`)).json();
    expect(models.map((m: { name: string }) => m.name).sort()).toEqual(["llama3.2:3b", "qwen2.5:latest"]);
    expect(models[0]).toMatchObject({ details: { format: "gguf", parameter_size: "3B" } });
    expect(models[0].digest).toMatch(/^[0-9a-f]{64}$/);
  });

  it("unknown paths get Ollama's plain 404", async () => {
    const res = await fetch(`${ctx.fakes.ollama.url}/api/nope`);
    expect(res.status).toBe(404);
    expect(await res.text()).toBe("404 page not found");
  });
});

describe("chat", () => {
  it("streams NDJSON by default: content lines, then one done line with counts", async () => {
    upstream.script(MODEL, { reply: "one two three four five six seven" });
    const res = await chat(ask("hi"));
    expect(res.headers.get("content-type")).toBe("application/x-ndjson");
    const parsed = lines(await res.text()).map((l) => JSON.parse(l));
    const last = parsed.at(-1);
    expect(parsed.slice(0, -1).every((p) => p.done === false && p.model === MODEL)).toBe(true);
    expect(parsed.slice(0, -1).map((p) => p.message.content).join("")).toBe("one two three four five six seven");
    expect(last).toMatchObject({ done: true, done_reason: "stop", message: { role: "assistant", content: "" } });
    expect(last.eval_count).toBeGreaterThan(0);
    expect(last.prompt_eval_count).toBeGreaterThan(0);
    expect(typeof last.total_duration).toBe("number");
    expect(Date.parse(last.created_at)).not.toBeNaN();
  });

  it("stream:false returns one object with the whole message; num_predict truncates", async () => {
    const res = await chat(ask("Explain the theory of relativity", { stream: false, options: { num_predict: 4 } }));
    const body = await res.json();
    expect(body).toMatchObject({ done: true, done_reason: "length", eval_count: 4 });
    expect(body.message.content.length).toBeGreaterThan(0);
  });

  it("answers model and model:latest alike; unknown models 404 with Ollama's error", async () => {
    upstream.script("mistral:latest", { reply: "ok" });
    expect((await (await chat({ ...ask("hi"), model: "mistral", stream: false })).json()).message.content).toBe("ok");
    const res = await chat({ ...ask("hi"), model: "ghost" });
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: 'model "ghost" not found, try pulling it first' });
  });

  it("malformed request JSON is a 400 with an error field", async () => {
    const res = await chat("{oops");
    expect(res.status).toBe(400);
    expect(typeof (await res.json()).error).toBe("string");
  });

  it("format schema → JSON content; tools named in the prompt → a tool call with object arguments", async () => {
    const format = { type: "object", properties: { capital: { type: "string" } }, required: ["capital"] };
    const structured = await (await chat(ask("Capital of Peru?", { stream: false, format }))).json();
    expect(Object.keys(JSON.parse(structured.message.content))).toEqual(["capital"]);

    const tools = [{ type: "function", function: { name: "lookup", parameters: { type: "object", properties: { term: { type: "string" } }, required: ["term"] } } }];
    const called = await (await chat(ask("Please lookup llamas", { stream: false, tools }))).json();
    expect(called.message.tool_calls[0].function).toEqual({ index: 0, name: "lookup", arguments: { term: "Please lookup llamas" } });
    const plain = await (await chat(ask("Tell me about llamas", { stream: false, tools }))).json();
    expect(plain.message.tool_calls).toBeUndefined();
  });
});

describe("faults", () => {
  it("rate_limit (Retry-After) and server_error carry Ollama's error body", async () => {
    upstream.fault(MODEL, { kind: "rate_limit", retryAfterSeconds: 3 }, { kind: "server_error", status: 502 });
    const limited = await chat(ask("hi"));
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("3");
    expect((await limited.json()).error).toMatch(/rate limit/i);
    const failed = await chat(ask("hi"));
    expect(failed.status).toBe(502);
    expect(typeof (await failed.json()).error).toBe("string");
  });

  it("hang is abortable by the client, and latency delays the first byte", async () => {
    upstream.fault(MODEL, { kind: "hang" });
    await expect(chat(ask("hi"), { signal: AbortSignal.timeout(200) })).rejects.toThrow();
    upstream.script(MODEL, { latencyMs: 150 });
    const started = Date.now();
    await chat(ask("hi", { stream: false }));
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });

  it("cut_stream sends N content lines and drops the connection without a done line", async () => {
    upstream.script(MODEL, { reply: "a b c d e f g h i" });
    upstream.fault(MODEL, { kind: "cut_stream", afterChunks: 2 });
    const res = await chat(ask("hi"));
    const reader = res.body!.getReader();
    let text = "";
    const decoder = new TextDecoder();
    await expect(
      (async () => {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) return;
          text += decoder.decode(value, { stream: true });
        }
      })(),
    ).rejects.toThrow();
    expect(lines(text).map((l) => JSON.parse(l).message.content)).toEqual(["a b c ", "d e f "]);
  });

  it("malformed_json breaks one NDJSON line and ends without done; a non-stream body is invalid JSON", async () => {
    upstream.fault(MODEL, { kind: "malformed_json" }, { kind: "malformed_json" });
    const streamed = lines(await (await chat(ask("hi"))).text());
    expect(() => JSON.parse(streamed.at(-1)!)).toThrow();
    expect(streamed.some((l) => l.includes('"done":true'))).toBe(false);
    const whole = await (await chat(ask("hi", { stream: false }))).text();
    expect(() => JSON.parse(whole)).toThrow();
  });
});
