// Bad input gets a 4xx naming the problem, writes nothing, and the server keeps serving.
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MIXED_CATALOG, json, startHarness, type Harness } from "./harness.js";

let h: Harness;
beforeAll(async () => {
  h = await startHarness(MIXED_CATALOG, { server: { bodyLimitBytes: 20_000 } });
});
afterAll(async () => h?.close());

type OpenAIErr = { error: { message: string; type: string; code: string; param: string | null } };

async function post(path: string, body: string, contentType = "application/json") {
  const res = await h.http(path, { method: "POST", headers: { "content-type": contentType }, body });
  return { status: res.status, body: (await res.json()) as OpenAIErr };
}

const CHAT = "/v1/chat/completions";
const ok = { model: "eo/auto", messages: [{ role: "user", content: "hi" }] };

describe("bad input on /v1/chat/completions (OpenAI's error shape)", () => {
  const cases: [string, string, number, string, string | null, RegExp][] = [
    ["malformed JSON", '{"model": "eo/auto", "messages": [', 400, "invalid_json", null, /not valid JSON/],
    ["an empty body", "", 400, "invalid_json", null, /empty/],
    ["an unknown model", JSON.stringify({ ...ok, model: "no-such-model" }), 404, "unknown_model", "model", /no-such-model/],
    ["messages of the wrong type", JSON.stringify({ ...ok, messages: "hello" }), 400, "validation_failed", "messages", /messages/],
    ["empty messages", JSON.stringify({ ...ok, messages: [] }), 400, "validation_failed", "messages", /at least one message/],
    ["a temperature of the wrong type", JSON.stringify({ ...ok, temperature: "hot" }), 400, "validation_failed", "temperature", /temperature/],
    ["an unknown role", JSON.stringify({ ...ok, messages: [{ role: "wizard", content: "x" }] }), 400, "validation_failed", "messages.0.role", /role/],
    ["a missing model", JSON.stringify({ messages: ok.messages }), 400, "validation_failed", "model", /model/],
    ["an unknown strategy", JSON.stringify({ ...ok, eo: { strategy: "magic" } }), 400, "validation_failed", "eo.strategy", /strategy/],
    ["a negative cost limit", JSON.stringify({ ...ok, eo: { maxCostUsd: -1 } }), 400, "validation_failed", "eo.maxCostUsd", /maxCostUsd/],
    ["preferences on a named expert", JSON.stringify({ ...ok, model: "small", eo: { localOnly: true } }), 400, "validation_failed", "eo", /eo\/auto/],
    ["a body over the limit", JSON.stringify({ ...ok, messages: [{ role: "user", content: "x".repeat(30_000) }] }), 413, "payload_too_large", null, /limit/],
  ];
  for (const [what, body, status, code, param, message] of cases) {
    it(`${what} → ${status} ${code}`, async () => {
      const r = await post(CHAT, body);
      expect(r.status).toBe(status);
      expect(r.body.error.code).toBe(code);
      expect(r.body.error.param).toBe(param);
      expect(r.body.error.message).toMatch(message);
      expect(r.body.error.type).toBeTruthy();
    });
  }

  it("a chunked body (no content-length) over the limit → 413 too", async () => {
    const big = new TextEncoder().encode(JSON.stringify({ ...ok, messages: [{ role: "user", content: "y".repeat(30_000) }] }));
    const body = new ReadableStream({
      start(c) {
        for (let i = 0; i < big.length; i += 4096) c.enqueue(big.slice(i, i + 4096));
        c.close();
      },
    });
    const res = await h.http(CHAT, { method: "POST", headers: { "content-type": "application/json" }, body, duplex: "half" } as RequestInit);
    expect(res.status).toBe(413);
    expect(((await res.json()) as OpenAIErr).error.code).toBe("payload_too_large");
  });

  it("the openai SDK sees these as typed errors", async () => {
    await expect(h.client.chat.completions.create({ model: "nope", messages: [{ role: "user", content: "x" }] })).rejects.toBeInstanceOf(OpenAI.NotFoundError);
    await expect(h.client.chat.completions.create({ model: "eo/auto", messages: [] })).rejects.toBeInstanceOf(OpenAI.BadRequestError);
  });

  it("nothing is recorded for a rejected request, and the server keeps serving", async () => {
    const before = (await (await h.http("/v1/requests?limit=500")).json()) as { data: unknown[] };
    await post(CHAT, "{not json");
    await post(CHAT, JSON.stringify({ ...ok, messages: [] }));
    const after = (await (await h.http("/v1/requests?limit=500")).json()) as { data: unknown[] };
    expect(after.data.length).toBe(before.data.length);
    expect((await h.http("/healthz")).status).toBe(200);
    const r = await h.client.chat.completions.create({ model: "eo/auto", messages: [{ role: "user", content: "What is 2 + 2?" }] });
    expect(r.choices[0]!.message.content).toMatch(/= 4$/);
  });
});

describe("bad input elsewhere (our error shape)", () => {
  it("/v1/route with neither messages nor prompt → 400 naming messages", async () => {
    const r = (await h.http("/v1/route", json({}))) as Response;
    expect(r.status).toBe(400);
    const b = (await r.json()) as { error: { code: string; message: string; details: { path: string }[] } };
    expect(b.error.code).toBe("validation_failed");
    expect(b.error.details[0]!.path).toBe("messages");
  });

  it("/v1/route with an unknown field → 400 naming it", async () => {
    const r = await h.http("/v1/route", json({ prompt: "hi", colour: "blue" }));
    expect(r.status).toBe(400);
    expect(((await r.json()) as { error: { message: string } }).error.message).toMatch(/colour/);
  });

  it("an unknown request id → 404; an unknown path → 404", async () => {
    const a = await h.http("/v1/requests/does-not-exist");
    expect(a.status).toBe(404);
    expect(((await a.json()) as { error: { code: string } }).error.code).toBe("not_found");
    expect((await h.http("/v1/nothing-here")).status).toBe(404);
  });

  it("a bad pagination cursor → 400", async () => {
    const r = await h.http("/v1/requests?limit=0");
    expect(r.status).toBe(400);
  });

  it("a list query key given twice → 400 naming it, not the first value silently", async () => {
    for (const path of ["/v1/requests?limit=5&limit=0", "/v1/tasks?limit=5&limit=500000"]) {
      const r = await h.http(path);
      expect(r.status, path).toBe(400);
      expect(((await r.json()) as { error: { message: string } }).error.message).toMatch(/^limit: given 2 times/);
    }
  });
});
