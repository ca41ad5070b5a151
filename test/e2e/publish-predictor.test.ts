// Publishing a router artifact over HTTP: the real server routes with it at once (chat and /v1/route), keeps it across
// a restart, another replica on the same store follows it, withdrawing falls back, and bad uploads change nothing.
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConfigSchema } from "../../src/config.js";
import { trainPredictor, type TrainingRecord } from "../../src/routing/predictor/train.js";
import { openSqliteStore } from "../../src/store/sqlite.js";
import type { Store } from "../../src/store/store.js";
import { serveApp, type AppServer } from "./app-server.js";
import { startHarness, type Harness } from "./harness.js";

/** 40 recorded prompts: "big" is always right; "small" is right on code prompts only when `smallCodes`. */
function artifactText(smallCodes: boolean, note: string): string {
  const records: TrainingRecord[] = Array.from({ length: 40 }, (_, i) => {
    const code = i % 2 === 0;
    return {
      prompt: code ? `Write a python function number ${i} that sorts a list` : `What is the capital of country ${i}?`,
      domain: code ? "code" : "general",
      outcomes: {
        big: { score: 1, costUsd: 0.01, response: "def f(x):\n    return sorted(x)\n" },
        small: { score: code && !smallCodes ? 0 : 1, costUsd: 0.0002, response: "def f(x):\n    return sorted(x)\n" },
      },
    };
  });
  return JSON.stringify(trainPredictor(records, { folds: 2, sources: [note] }));
}

const CODE = "Write a python function that sorts a list of numbers";
type InUse = { source: string; version: number | null; name: string | null; experts: string[] };
type Published = { version: number; sha256: string; bytes: number; records: number; experts: string[]; note: string | null; withdrawnAt: string | null };

describe("PUT /v1/router/predictor", () => {
  let h: Harness;
  let replica: AppServer;
  let replicaStore: Store;
  const errors: unknown[] = [];
  const configured = artifactText(false, "configured");
  const better = artifactText(true, "published");
  const experts = [
    { id: "big", provider: "openai" as const, model: "big-model", local: false, domains: ["general" as const, "code" as const], pricing: { inputPerMTok: 10, outputPerMTok: 30 }, skills: { code: 0.95, general: 0.9 } },
    { id: "small", provider: "openai" as const, model: "small-model", local: false, domains: ["general" as const, "code" as const], pricing: { inputPerMTok: 0.1, outputPerMTok: 0.2 }, skills: { code: 0.2, general: 0.8 } },
  ];

  const route = async (http: (p: string, i?: RequestInit) => Promise<Response>) => {
    const r = await http("/v1/route", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ prompt: CODE, eo: { domain: "code" } }) });
    expect(r.status).toBe(200);
    return (await r.json()) as { expert: string; explanation: string };
  };
  const put = (body: string, query = "") =>
    h.http(`/v1/router/predictor${query}`, { method: "PUT", headers: { "content-type": "application/json" }, body });
  const state = async () => (await (await h.http("/v1/router/predictor")).json()) as { inUse: InUse; published: Published[] };

  beforeAll(async () => {
    h = await startHarness(
      experts.map((e) => ({ ...e, script: { reply: "def f(x):\n    return sorted(x)" } })),
      { router: { predictor: "router.json" }, files: { "router.json": configured } },
    );
    replicaStore = await openSqliteStore(join(h.dataDir, "eo.sqlite"));
    const config = ConfigSchema.parse({ experts: experts.map((e) => ({ ...e, baseURL: h.upstreams.openai.baseURL })) });
    replica = await serveApp(config, replicaStore, (e) => errors.push(e));
  });
  afterAll(async () => {
    await replica?.close();
    await replicaStore?.close();
    await h?.close();
  });

  it("starts on the configured artifact, which sends code to big", async () => {
    expect((await state()).inUse).toMatchObject({ source: "config", version: null, experts: ["big", "small"] });
    const d = await route(h.http);
    expect(d.expert).toBe("big");
    expect(d.explanation).toMatch(/learned predictor \(artifact v1, 40 prompts\)/);
  });

  it("publishes an artifact: 201 with its version and hash; chat and /v1/route use it at once", async () => {
    const r = await put(better, "?note=retrained%20on%20traffic");
    expect(r.status).toBe(201);
    const out = (await r.json()) as Published & { matched: string[]; unmatched: string[]; inUse: InUse };
    expect(out).toMatchObject({ records: 40, experts: ["big", "small"], note: "retrained on traffic", withdrawnAt: null, matched: ["big", "small"], unmatched: [] });
    expect(out.bytes).toBe(Buffer.byteLength(better));
    expect(out.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(out.inUse).toMatchObject({ source: "published", version: out.version });

    const d = await route(h.http);
    expect(d.expert).toBe("small");
    expect(d.explanation).toContain(`learned predictor (published #${out.version}; artifact v1, 40 prompts)`);
    const chat = await h.client.chat.completions.create({ model: "eo/auto", messages: [{ role: "user", content: CODE }], eo: { domain: "code" } } as never).withResponse();
    expect(chat.response.headers.get("x-eo-expert")).toBe("small");
    const audit = (await (await h.http(`/v1/requests/${chat.response.headers.get("x-request-id")}`)).json()) as { reason: string };
    expect(audit.reason).toContain(`published #${out.version}`);

    // The stored text is the uploaded one, byte for byte.
    const text = await (await h.http(`/v1/router/predictor/${out.version}`)).text();
    expect(text).toBe(better);
  });

  it("another replica on the same store follows at its next sync; a restart keeps the published artifact", async () => {
    const { inUse } = await state();
    expect((await route(replica.http)).expert).toBe("big"); // no artifact of its own: the declared skills say big
    await replica.built.predictors.sync();
    expect(replica.built.predictors.inUse()).toMatchObject({ source: "published", version: inUse.version });
    expect((await route(replica.http)).expert).toBe("small");

    await h.restart();
    expect((await state()).inUse).toMatchObject({ source: "published", version: inUse.version });
    expect((await route(h.http)).expert).toBe("small");
  });

  it("refuses bad uploads with a 4xx naming the problem, and stores nothing", async () => {
    const before = (await state()).published.length;
    const artifact = JSON.parse(better) as Record<string, unknown> & { experts: Record<string, unknown>[] };
    const cases: [string, number, string, string | RegExp][] = [
      ["", 400, "invalid_json", /empty/],
      ["{not json", 400, "invalid_json", /not valid JSON/],
      [JSON.stringify({ kind: "something-else" }), 400, "validation_failed", /not a router artifact/],
      [JSON.stringify({ ...artifact, version: 9 }), 400, "validation_failed", /version 9, but this build reads version 1/],
      [JSON.stringify({ ...artifact, experts: [{ ...artifact.experts[0], outcomes: -1 }] }), 400, "validation_failed", /experts\[0\]\.outcomes/],
      [JSON.stringify({ ...artifact, experts: artifact.experts.map((e, i) => ({ ...e, name: `stranger-${i}` })) }), 400, "validation_failed", /knows none of the catalog's experts \(it knows stranger-0, stranger-1\)/],
    ];
    for (const [body, status, code, message] of cases) {
      const r = await put(body);
      expect(r.status, body.slice(0, 40)).toBe(status);
      const err = ((await r.json()) as { error: { code: string; message: string } }).error;
      expect(err.code).toBe(code);
      expect(err.message).toMatch(message);
    }
    const repeated = await put(better, "?note=a&note=b");
    expect(repeated.status).toBe(400);
    expect(((await repeated.json()) as { error: { message: string } }).error.message).toMatch(/^note: given 2 times/);
    const huge = await put(`{"pad":"${"x".repeat(16_000_001)}"}`);
    expect(huge.status).toBe(413);
    expect((await state()).published.length).toBe(before);
    expect((await h.http("/v1/router/predictor/999999")).status).toBe(404);
    const badVersion = await h.http("/v1/router/predictor/abc", { method: "DELETE" });
    expect(badVersion.status).toBe(400);
    expect(((await badVersion.json()) as { error: { message: string } }).error.message).toMatch(/^version:/);
    expect((await h.http("/v1/router/predictor/999999", { method: "DELETE" })).status).toBe(404);
  });

  it("withdrawing the one in use falls back to the configured artifact, here and on the replica", async () => {
    const { inUse } = await state();
    const r = await h.http(`/v1/router/predictor/${inUse.version}`, { method: "DELETE" });
    expect(r.status).toBe(200);
    const out = (await r.json()) as { withdrawn: Published; inUse: InUse };
    expect(out.withdrawn.withdrawnAt).not.toBeNull();
    expect(out.inUse).toMatchObject({ source: "config", version: null });
    expect((await route(h.http)).expert).toBe("big");
    const history = (await state()).published;
    expect(history.find((p) => p.version === inUse.version)?.withdrawnAt).toBe(out.withdrawn.withdrawnAt);

    await replica.built.predictors.sync();
    expect(replica.built.predictors.inUse()).toMatchObject({ source: "none", version: null });
    expect((await route(replica.http)).expert).toBe("big");
    expect(errors).toEqual([]);
  });
});
