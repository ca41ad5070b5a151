// Scripted upstream faults: each ends in an answer from a retry or the next candidate, or a clear error; the audit shows it.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startHarness, type Harness } from "./harness.js";

const PRICE = { inputPerMTok: 1, outputPerMTok: 2 };
let h: Harness;
beforeAll(async () => {
  h = await startHarness(
    [
      { id: "primary", provider: "openai", model: "m-primary", local: false, pricing: PRICE, timeoutMs: 700, domains: ["general"], skills: { general: 0.95 } },
      { id: "backup", provider: "openai", model: "m-backup", local: false, pricing: PRICE, timeoutMs: 700, domains: ["general"], skills: { general: 0.85 } },
      { id: "last", provider: "ollama", model: "m-last", timeoutMs: 700, domains: ["general"], skills: { general: 0.7 } },
    ],
    // Ranked by declared correctness alone: the live judges' safety samples of each answer must not reorder the candidates between tests.
    { defaults: { strategy: "quality", weights: { correctness: 1 }, fallbacks: 3, attemptsPerExpert: 2, maxRetryAfterMs: 2000 } },
  );
});
afterAll(async () => h?.close());
beforeEach(() => h.upstream.reset());

const ASK = { model: "eo/auto", messages: [{ role: "user" as const, content: "Tell me something about rivers." }] };

type Attempt = { expert: string; attempt: number; outcome: string; retryAfterMs?: number; then?: string };
type Audit = { answeredBy: string | null; outcome: string; attempts: Attempt[]; error: { code: string } | null };

async function audit(requestId: string | null): Promise<Audit> {
  expect(requestId).toBeTruthy();
  return (await (await h.http(`/v1/requests/${requestId}`)).json()) as Audit;
}

async function ask(stream = false) {
  if (!stream) {
    const { data, response } = await h.client.chat.completions.create(ASK).withResponse();
    return { model: data.model, text: data.choices[0]!.message.content ?? "", id: response.headers.get("x-request-id") };
  }
  const { data, response } = await h.client.chat.completions.create({ ...ASK, stream: true }).withResponse();
  let text = "";
  let model = "";
  for await (const c of data) {
    model = c.model;
    text += c.choices[0]?.delta.content ?? "";
  }
  return { model, text, id: response.headers.get("x-request-id") };
}

describe("upstream faults", () => {
  it("429 with a short Retry-After: waits it out and the same expert answers", async () => {
    h.upstream.fault("m-primary", { kind: "rate_limit", retryAfterSeconds: 1 });
    const t0 = Date.now();
    const r = await ask();
    expect(r.model).toBe("primary");
    expect(Date.now() - t0).toBeGreaterThanOrEqual(900);
    const a = await audit(r.id);
    expect(a.attempts.map((x) => [x.expert, x.outcome, x.then])).toEqual([["primary", "rate_limited", "retry"], ["primary", "ok", undefined]]);
    expect(a.attempts[0]!.retryAfterMs).toBe(1000);
  });

  it("429 with a Retry-After longer than we wait: the next candidate answers at once", async () => {
    h.upstream.fault("m-primary", { kind: "rate_limit", retryAfterSeconds: 60 });
    const r = await ask();
    expect(r.model).toBe("backup");
    const a = await audit(r.id);
    expect(a.attempts.map((x) => [x.expert, x.outcome, x.then])).toEqual([["primary", "rate_limited", "next"], ["backup", "ok", undefined]]);
  });

  it("500 twice: retried once, then the next candidate answers", async () => {
    h.upstream.fault("m-primary", { kind: "server_error" }, { kind: "server_error" });
    const r = await ask();
    expect(r.model).toBe("backup");
    const a = await audit(r.id);
    expect(a.attempts.map((x) => x.outcome)).toEqual(["server_error", "server_error", "ok"]);
  });

  it("a hang past the expert's timeout: abandoned, the next candidate answers", async () => {
    h.upstream.fault("m-primary", { kind: "hang" });
    const r = await ask();
    expect(r.model).toBe("backup");
    const a = await audit(r.id);
    expect(a.attempts[0]).toMatchObject({ expert: "primary", outcome: "timeout", then: "next" });
  });

  it("a hang on an Ollama expert is abandoned too (its client honours no signal before headers)", async () => {
    h.upstream.fault("m-primary", { kind: "server_error", status: 503 }, { kind: "server_error", status: 503 });
    h.upstream.fault("m-backup", { kind: "rate_limit", retryAfterSeconds: 60 });
    h.upstream.fault("m-last", { kind: "hang" });
    const res = await h.http("/v1/chat/completions", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(ASK) });
    expect(res.status).toBe(504);
    const a = await audit(res.headers.get("x-request-id"));
    expect(a.attempts.map((x) => `${x.expert}:${x.outcome}`)).toEqual(["primary:server_error", "primary:server_error", "backup:rate_limited", "last:timeout"]);
    expect(a.error?.code).toBe("upstream_timeout");
  });

  it("malformed JSON: counted as a fault, and an answer still comes", async () => {
    h.upstream.fault("m-primary", { kind: "malformed_json" }, { kind: "malformed_json" });
    const r = await ask();
    expect(r.model).toBe("backup");
    const a = await audit(r.id);
    expect(a.attempts.slice(0, 2).map((x) => x.outcome)).toEqual(["malformed", "malformed"]);
  });

  it("a stream cut before any chunk: the client never sees it, the next candidate streams", async () => {
    h.upstream.fault("m-primary", { kind: "cut_stream", afterChunks: 0 }, { kind: "cut_stream", afterChunks: 0 });
    const r = await ask(true);
    expect(r.model).toBe("backup");
    expect(r.text.length).toBeGreaterThan(0);
    const a = await audit(r.id);
    expect(a.answeredBy).toBe("backup");
    expect(a.attempts.at(-1)).toMatchObject({ expert: "backup", outcome: "ok" });
  });

  it("a stream cut after bytes were sent: the stream ends with an error event, never a silent 200", async () => {
    h.upstream.fault("m-primary", { kind: "cut_stream", afterChunks: 2 });
    const { data, response } = await h.client.chat.completions.create({ ...ASK, stream: true }).withResponse();
    let received = "";
    await expect(
      (async () => {
        for await (const c of data) received += c.choices[0]?.delta.content ?? "";
      })(),
    ).rejects.toThrow(/failed mid-stream/);
    expect(received.length).toBeGreaterThan(0);
    const a = await audit(response.headers.get("x-request-id"));
    expect(a).toMatchObject({ answeredBy: "primary", outcome: "error", error: { code: "upstream_failed" } });
  });

  it("every candidate failing: a clear 502 listing the attempts, and the audit says so", async () => {
    for (const m of ["m-primary", "m-backup", "m-last"]) h.upstream.fault(m, { kind: "server_error" }, { kind: "server_error" });
    const res = await h.http("/v1/chat/completions", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(ASK) });
    expect(res.status).toBe(502);
    const body = (await res.json()) as { error: { code: string; message: string; type: string } };
    expect(body.error.code).toBe("upstream_failed");
    expect(body.error.type).toBe("server_error");
    expect(body.error.message).toMatch(/primary#1.*backup#2.*last#2/);
    const a = await audit(res.headers.get("x-request-id"));
    expect(a.outcome).toBe("error");
    expect(a.attempts).toHaveLength(6);
    // The service is still serving.
    expect((await ask()).model).toBe("primary");
  });
});
