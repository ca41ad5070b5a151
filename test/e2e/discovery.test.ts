// /v1/models, /v1/route, /healthz and /openapi.json on the running server.
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MIXED_CATALOG, json, startHarness, type Harness } from "./harness.js";

let h: Harness;
beforeAll(async () => {
  h = await startHarness(MIXED_CATALOG);
});
afterAll(async () => h?.close());

type RouteAnswer = {
  requestId: string; expert: string; predicted: { quality: number; costUsd: number }; explanation: string;
  domain: { name: string }; candidates: { expert: string; score: number; quality: number; costUsd: number; excludedBecause?: string }[];
};

describe("discovery", () => {
  it("GET /v1/models lists every expert plus eo/auto and eo/orchestrate, through the openai SDK", async () => {
    const ids: string[] = [];
    for await (const m of h.client.models.list()) ids.push(m.id);
    expect(ids.sort()).toEqual(["big", "calculator", "coder", "eo/auto", "eo/orchestrate", "small"]);
  });

  it("POST /v1/route explains without calling any model", async () => {
    const before = h.upstream.requests.length;
    const r = await h.http("/v1/route", json({ prompt: "Write a Rust function that parses a CSV line", eo: { maxCostUsd: 0.001 } }));
    expect(r.status).toBe(200);
    const d = (await r.json()) as RouteAnswer;
    expect(d.expert).toBe("coder");
    expect(d.domain.name).toBe("code");
    expect(d.predicted.costUsd).toBe(0);
    expect(d.explanation).toContain("coder");
    // gpt-4o's predicted cost for a 400-token answer is over $0.001: excluded, with the reason.
    const big = d.candidates.find((c) => c.expert === "big")!;
    expect(big.excludedBecause).toMatch(/over the limit/);
    const calc = d.candidates.find((c) => c.expert === "calculator")!;
    expect(calc.excludedBecause).toMatch(/arithmetic/);
    expect(h.upstream.requests.length).toBe(before);
    const audit = (await (await h.http(`/v1/requests/${d.requestId}`)).json()) as { kind: string; chosen: string };
    expect(audit).toMatchObject({ kind: "route", chosen: "coder" });
  });

  it("eo.domain: a caller that knows the domain skips the classifier, on /v1/route and on chat completions", async () => {
    const prompt = "Write a Rust function that parses a CSV line";
    const given = (await (await h.http("/v1/route", json({ prompt, eo: { domain: "writing" } }))).json()) as RouteAnswer & { domain: { confidence: number; reasons: string[] } };
    expect(given.domain).toEqual({ name: "writing", confidence: 1, reasons: ["given by the caller (eo.domain)"] });
    expect(given.explanation).toContain("Domain: writing (given by the caller).");
    // The profiles of the given domain are the ones read: the coder counts for less in writing than in code.
    const classified = (await (await h.http("/v1/route", json({ prompt }))).json()) as RouteAnswer;
    expect(classified.domain.name).toBe("code");
    const coder = (d: RouteAnswer) => d.candidates.find((c) => c.expert === "coder")!.quality;
    expect(coder(given)).toBeLessThan(coder(classified));
    const r = (await h.client.chat.completions.create({ model: "eo/auto", messages: [{ role: "user", content: prompt }], eo: { domain: "writing" } } as never)) as unknown as { eo: { requestId: string } };
    expect(((await (await h.http(`/v1/requests/${r.eo.requestId}`)).json()) as { domain: string }).domain).toBe("writing");
    const bad = await h.http("/v1/route", json({ prompt, eo: { domain: "astrology" } }));
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toMatch(/^eo\.domain: /);
  });

  it("POST /v1/route with nothing eligible → 422 with every exclusion", async () => {
    const r = await h.http("/v1/route", json({ prompt: "Tell me a story", eo: { approvedExperts: ["calculator"] } }));
    expect(r.status).toBe(422);
    const b = (await r.json()) as { error: { code: string; details: { candidates: { excludedBecause: string }[] } } };
    expect(b.error.code).toBe("no_eligible_expert");
    expect(b.error.details.candidates.every((c) => c.excludedBecause)).toBe(true);
  });

  it("GET /healthz and /openapi.json", async () => {
    expect(await (await h.http("/healthz")).json()).toMatchObject({ status: "ok", experts: 4, sandbox: false });
    const doc = (await (await h.http("/openapi.json")).json()) as { openapi: string; paths: Record<string, { post?: { requestBody: { content: Record<string, { schema: { properties: Record<string, unknown> } }> } } }> };
    expect(doc.openapi).toBe("3.1.0");
    const chat = doc.paths["/v1/chat/completions"]!.post!.requestBody.content["application/json"]!.schema;
    expect(Object.keys(chat.properties)).toEqual(expect.arrayContaining(["model", "messages", "stream", "eo"]));
    expect(doc.paths["/v1/route"]).toBeDefined();
  });

  it("CORS lets a browser on another origin read the answer and the expert header", async () => {
    const r = await h.http("/v1/models", { headers: { origin: "http://example.test" } });
    expect(r.headers.get("access-control-allow-origin")).toBe("*");
    expect(r.headers.get("access-control-expose-headers")).toMatch(/x-eo-expert/);
  });

  it("the openai SDK's typed error for a route with no eligible expert", async () => {
    const err = await h.client.chat.completions
      // @ts-expect-error the eo field is our extension of the OpenAI body
      .create({ model: "eo/auto", messages: [{ role: "user", content: "Tell me a story" }], eo: { approvedExperts: ["calculator"] } })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.UnprocessableEntityError);
  });
});

describe("GET /metrics", () => {
  it("counts requests, attempts, spend and latency in Prometheus text", async () => {
    await h.client.chat.completions.create({ model: "eo/auto", messages: [{ role: "user", content: "What is 6 * 7?" }] });
    await h.client.chat.completions.create({ model: "big", messages: [{ role: "user", content: "Hello there" }] });
    const r = await h.http("/metrics");
    expect(r.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await r.text();
    const value = (re: RegExp) => Number(re.exec(text)?.[1] ?? NaN);
    expect(value(/^eo_requests_total\{kind="chat",model="eo\/auto",expert="calculator",outcome="ok"\} (\d+)$/m)).toBeGreaterThanOrEqual(1);
    expect(value(/^eo_requests_total\{kind="chat",model="direct",expert="big",outcome="ok"\} (\d+)$/m)).toBeGreaterThanOrEqual(1);
    expect(value(/^eo_attempts_total\{expert="big",outcome="ok"\} (\d+)$/m)).toBeGreaterThanOrEqual(1);
    expect(value(/^eo_cost_usd_total\{expert="big"\} ([\d.e-]+)$/m)).toBeGreaterThan(0);
    expect(value(/^eo_request_duration_seconds_count (\d+)$/m)).toBeGreaterThanOrEqual(2);
  });
});
