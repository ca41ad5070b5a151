// The Workers entry in real workerd: chat completions through the openai SDK against local protocol servers, audited in D1.
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FakeUpstream, startFakeUpstreams, type FakeUpstreams } from "../../src/experts/fakes/index.js";
import { trainPredictor } from "../../src/routing/predictor/train.js";
import { startWorker, type StartedWorker } from "./start-worker.js";

type Eo = { expert: string; reason: string; costUsd: number };
type Audit = { requestId: string; kind: string; stream: boolean; chosen: string | null; answeredBy: string | null; outcome: string; costUsd: number; domain: string | null };

let upstreams: FakeUpstreams;
let worker: StartedWorker;
let client: OpenAI;
let config: string;

const json = (body: unknown): RequestInit => ({ method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
const http = (path: string, init?: RequestInit) => fetch(`${worker.url}${path}`, init);

/** The audit record of one request. A streamed answer is recorded as its stream ends, so it may lag the last chunk. */
async function audit(id: string): Promise<Audit> {
  for (let i = 0; ; i++) {
    const r = await http(`/v1/requests/${id}`);
    if (r.ok) return (await r.json()) as Audit;
    if (i >= 50) throw new Error(`no audit record for ${id}: ${r.status} ${await r.text()}`);
    await new Promise((ok) => setTimeout(ok, 100));
  }
}

/** Polls /healthz until `check` holds: a changed binding reloads the worker asynchronously, in a new isolate. */
async function healthzUntil(check: (status: number, body: Record<string, unknown>) => boolean): Promise<{ status: number; body: Record<string, unknown> }> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const r = await http("/healthz");
    const body = (await r.json()) as Record<string, unknown>;
    if (check(r.status, body)) return { status: r.status, body };
    if (Date.now() > deadline) throw new Error(`healthz never matched; last ${r.status} ${JSON.stringify(body)}`);
    await new Promise((ok) => setTimeout(ok, 200));
  }
}

beforeAll(async () => {
  upstreams = await startFakeUpstreams(
    new FakeUpstream({ "gpt-4o-mini": { reply: "Hello from the OpenAI-protocol expert." }, "llama3.2": { reply: "Hello from the Ollama-protocol expert, streamed." } }),
  );
  config = JSON.stringify({
    experts: [
      // local: false, or an expert on loopback would count as local and free.
      { id: "oa", provider: "openai", model: "gpt-4o-mini", baseURL: upstreams.openai.baseURL, apiKeyEnv: "OPENAI_API_KEY", local: false, domains: ["general"] },
      { id: "ol", provider: "ollama", model: "llama3.2", baseURL: upstreams.ollama.url, local: true, domains: ["general"] },
      { id: "calculator", provider: "builtin", model: "math", domains: ["arithmetic"], skills: { arithmetic: 1 } },
    ],
  });
  try {
    worker = await startWorker({ EO_CONFIG: config, OPENAI_API_KEY: "sk-workers-test" });
    // The first request waits for the bundle and the isolate: do it here, under the hook's timeout.
    await healthzUntil((status) => status === 200);
  } catch (e) {
    await upstreams.close();
    throw e;
  }
  client = new OpenAI({ baseURL: `${worker.url}/v1`, apiKey: "test", maxRetries: 0 });
}, 90_000);

afterAll(async () => {
  await worker?.close();
  await upstreams?.close();
});

describe("the Worker in workerd", () => {
  it("serves the configured catalog, not a sandbox", async () => {
    const { body } = await healthzUntil(() => true);
    expect(body).toMatchObject({ status: "ok", experts: 3, sandbox: false });
  });

  it("eo/auto sends arithmetic to the calculator: exact, free, and audited in D1", async () => {
    const { data, response } = await client.chat.completions
      .create({ model: "eo/auto", messages: [{ role: "user", content: "What is 12.5 * (3 + 4)?" }] })
      .withResponse();
    expect(data.model).toBe("calculator");
    expect(response.headers.get("x-eo-expert")).toBe("calculator");
    expect(data.choices[0]!.message.content).toMatch(/= 87\.5$/);
    expect((data as unknown as { eo: Eo }).eo.costUsd).toBe(0);
    const id = response.headers.get("x-request-id")!;
    expect(await audit(id)).toMatchObject({ requestId: id, kind: "chat", chosen: "calculator", answeredBy: "calculator", outcome: "ok", costUsd: 0, domain: "arithmetic" });
  });

  it("a named expert is called over the OpenAI protocol from inside workerd", async () => {
    const before = upstreams.upstream.requests.length;
    const { data, response } = await client.chat.completions
      .create({ model: "oa", messages: [{ role: "user", content: "Say hello." }] })
      .withResponse();
    expect(data.model).toBe("oa");
    expect(response.headers.get("x-eo-expert")).toBe("oa");
    expect(data.choices[0]!.message.content).toBe("Hello from the OpenAI-protocol expert.");
    expect((data as unknown as { eo: Eo }).eo.costUsd).toBeGreaterThan(0);
    const seen = upstreams.upstream.requests.slice(before);
    expect(seen.map((r) => [r.protocol, r.model])).toEqual([["openai", "gpt-4o-mini"]]);
    expect(await audit(response.headers.get("x-request-id")!)).toMatchObject({ answeredBy: "oa", outcome: "ok", stream: false });
  });

  it("streams SSE chunks from the Ollama-protocol expert, with a usage chunk", async () => {
    const { data: stream, response } = await client.chat.completions
      .create({ model: "ol", stream: true, stream_options: { include_usage: true }, messages: [{ role: "user", content: "Say hello." }] })
      .withResponse();
    expect(response.headers.get("content-type")).toMatch(/^text\/event-stream/);
    expect(response.headers.get("x-eo-expert")).toBe("ol");
    let text = "";
    let chunks = 0;
    let finish: string | null = null;
    let usage: { prompt_tokens: number; completion_tokens: number } | undefined;
    const models = new Set<string>();
    for await (const chunk of stream) {
      chunks++;
      models.add(chunk.model);
      text += chunk.choices[0]?.delta.content ?? "";
      finish = chunk.choices[0]?.finish_reason ?? finish;
      if (chunk.usage) usage = chunk.usage;
    }
    expect(chunks).toBeGreaterThan(2);
    expect([...models]).toEqual(["ol"]);
    expect(text).toBe("Hello from the Ollama-protocol expert, streamed.");
    expect(finish).toBe("stop");
    expect(usage?.completion_tokens).toBeGreaterThan(0);
    expect(upstreams.upstream.requests.at(-1)).toMatchObject({ protocol: "ollama", model: "llama3.2" });
    expect(await audit(response.headers.get("x-request-id")!)).toMatchObject({ answeredBy: "ol", outcome: "ok", stream: true });
  });

  it("rejects empty messages with a 400 naming messages", async () => {
    const err = await client.chat.completions.create({ model: "eo/auto", messages: [] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.BadRequestError);
    const e = err as InstanceType<typeof OpenAI.BadRequestError>;
    expect(e.status).toBe(400);
    expect(`${e.param ?? ""} ${e.message}`).toMatch(/messages/);
  });

  it("routes with a router artifact published over HTTP, kept in D1 in pieces and read back whole", async () => {
    // `bad` is wrong on every general prompt; a long `sources` entry makes the text span several stored pieces.
    const artifact = (bad: string) =>
      JSON.stringify(trainPredictor(
        Array.from({ length: 20 }, (_, i) => ({
          prompt: `Tell me something about topic ${i}`, domain: "general",
          outcomes: { oa: { score: bad === "oa" ? 0 : 1, costUsd: 0.001 }, ol: { score: bad === "ol" ? 0 : 1, costUsd: 0 } },
        })),
        { folds: 0, sources: [`${bad}-bad ${"x".repeat(900_000)}`] },
      ));
    const route = async () =>
      (await (await http("/v1/route", json({ prompt: "Tell me something about rivers", eo: { strategy: "quality", domain: "general" } }))).json()) as { expert: string; explanation: string };
    const publish = async (text: string) => {
      const r = await http("/v1/router/predictor", { method: "PUT", headers: { "content-type": "application/json" }, body: text });
      expect(r.status).toBe(201);
      return ((await r.json()) as { version: number }).version;
    };
    const olBad = artifact("ol");
    const v1 = await publish(olBad);
    let d = await route();
    expect(d.expert).toBe("oa");
    expect(d.explanation).toContain(`published #${v1};`);
    const v2 = await publish(artifact("oa"));
    d = await route();
    expect(d.expert).toBe("ol");
    expect(d.explanation).toContain(`published #${v2};`);
    expect(await (await http(`/v1/router/predictor/${v1}`)).text()).toBe(olBad);
    expect((await http(`/v1/router/predictor/${v2}`, { method: "DELETE" })).status).toBe(200);
    const state = (await (await http("/v1/router/predictor")).json()) as { inUse: { source: string; version: number }; published: unknown[] };
    expect(state.inUse).toMatchObject({ source: "published", version: v1 });
    expect(state.published).toHaveLength(2);
    expect((await route()).expert).toBe("oa");
  });

  it("serves the dashboard: the page, and the script it loads", async () => {
    const page = await http("/");
    expect([page.status, page.headers.get("content-type")]).toEqual([200, "text/html; charset=utf-8"]);
    expect(await page.text()).toContain('<script src="/dashboard.js" defer></script>');
    const js = await http("/dashboard.js");
    expect(js.status).toBe(200);
    expect(await js.text()).toContain('new EventSource("/v1/tasks/"');
  });

  it("unknown routes answer the JSON error shape", async () => {
    const r = await http("/v1/nope");
    expect(r.status).toBe(404);
    expect(((await r.json()) as { error: { code: string } }).error.code).toBe("not_found");
  });
});

// Reloads of the same worker with other bindings; last, because each replaces the isolate.
describe("the Worker's configuration", () => {
  it("a bad EO_CONFIG answers every request with 500 config_invalid naming the field", async () => {
    const bad = JSON.parse(config) as { experts: Record<string, unknown>[] };
    bad.experts[0]!.provider = "openia";
    await worker.setVars({ EO_CONFIG: JSON.stringify(bad) });
    const { status, body } = await healthzUntil((s) => s === 500);
    expect(status).toBe(500);
    const error = (body as { error: { code: string; message: string; details: { source: string; issues: { path: string }[] } } }).error;
    expect(error.code).toBe("config_invalid");
    expect(error.message).toContain("experts[0].provider");
    expect(error.details.source).toBe("EO_CONFIG");
    expect(error.details.issues.map((i) => i.path)).toContain("experts[0].provider");
    // The chat endpoint answers in OpenAI's error shape, with the same code.
    const chat = await http("/v1/chat/completions", json({ model: "eo/auto", messages: [{ role: "user", content: "1+1" }] }));
    expect(chat.status).toBe(500);
    expect(((await chat.json()) as { error: { code: string; type: string } }).error).toMatchObject({ code: "config_invalid", type: "server_error" });
  }, 45_000);

  it("without EO_CONFIG it serves the builtin calculator alone", async () => {
    await worker.setVars({});
    const { body } = await healthzUntil((s, b) => s === 200 && b.experts === 1);
    expect(body).toMatchObject({ status: "ok", experts: 1, sandbox: false });
    const models = (await (await http("/v1/models")).json()) as { data: { id: string }[] };
    expect(models.data.map((m) => m.id)).toContain("calculator");
    const r = await client.chat.completions.create({ model: "eo/auto", messages: [{ role: "user", content: "What is 2 + 3 * 4?" }] });
    expect(r.model).toBe("calculator");
    expect(r.choices[0]!.message.content).toMatch(/= 14$/);
  }, 45_000);
});
