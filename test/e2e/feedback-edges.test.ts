// POST /v1/feedback at its edges: the store fails to read the log back after the write; a request to a named expert.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConfigSchema } from "../../src/config.js";
import { FakeUpstream, startFakeUpstreams, type FakeUpstreams } from "../../src/experts/fakes/index.js";
import { openSqliteStore } from "../../src/store/sqlite.js";
import { serveApp, storeWith, type AppServer } from "./app-server.js";
import { json } from "./harness.js";

const CODE_PROMPT = "Write a Python function that reverses a linked list.";

describe("feedback edges on the real app", () => {
  let upstreams: FakeUpstreams;
  let srv: AppServer;
  /** Reading the evidence log back fails while set (the write itself succeeds). */
  let failReads = false;
  const serverErrors: unknown[] = [];
  const http = (p: string, init?: RequestInit) => srv.http(p, init);
  const cell = async (domain: string, dimension: string, expert: string) => {
    const [board] = ((await (await http(`/v1/leaderboard?domain=${domain}&dimension=${dimension}`)).json()) as { data: { entries: { expert: string; n: number; mean: number }[] }[] }).data;
    return board!.entries.find((e) => e.expert === expert)!;
  };

  beforeAll(async () => {
    const upstream = new FakeUpstream();
    upstreams = await startFakeUpstreams(upstream);
    upstream.script("alpha-llm", { reply: "def reverse(head):\n    return head" });
    const config = ConfigSchema.parse({
      experts: [{ id: "alpha", provider: "openai", model: "alpha-llm", local: false, pricing: { inputPerMTok: 1, outputPerMTok: 2 }, domains: ["code", "general"], baseURL: upstreams.openai.baseURL }],
    });
    const store = storeWith(await openSqliteStore(":memory:"), {
      listEvidence: (target) => async (...args) => {
        if (failReads) throw new Error("evidence read failed");
        return target.listEvidence(...args);
      },
    });
    srv = await serveApp(config, store, (e) => serverErrors.push(e));
  });
  afterAll(async () => {
    await srv.close();
    await upstreams.close();
  });

  it("feedback on a request to a named expert is filed under the domain of its text, not 'general'", async () => {
    const r = (await srv.client.chat.completions.create({ model: "alpha", messages: [{ role: "user", content: CODE_PROMPT }] })) as unknown as { eo: { requestId: string } };
    const res = await http("/v1/feedback", json({ requestId: r.eo.requestId, dimension: "correctness", score: 0.2 }));
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ recorded: true, expert: "alpha", domain: "code" });
    expect((await cell("code", "correctness", "alpha")).n).toBe(1);
  });

  it("when reading the log back fails after the write, the feedback is still recorded (201), the failure reported, and applied by the next sync", async () => {
    const r = (await srv.client.chat.completions.create({ model: "eo/auto", messages: [{ role: "user", content: CODE_PROMPT }] })) as unknown as { eo: { requestId: string } };
    failReads = true;
    const post = () => http("/v1/feedback", { ...json({ requestId: r.eo.requestId, dimension: "expertise", score: 1 }), headers: { "content-type": "application/json", "x-request-id": "fb-retry-1" } });
    const res = await post();
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ recorded: true, expert: "alpha", domain: "code", dimension: "expertise" });
    // Reported (the live judges of the answer, recording in the background, may report the same failure).
    expect(serverErrors.length).toBeGreaterThan(0);
    for (const e of serverErrors) expect(e).toMatchObject({ message: "evidence read failed" });
    failReads = false;
    // The leaderboard syncs first: the evidence is there, once.
    expect((await cell("code", "expertise", "alpha")).n).toBe(1);
    // A retry of the same POST (same x-request-id) counts once.
    const again = await post();
    expect([again.status, ((await again.json()) as { recorded: boolean }).recorded]).toEqual([200, false]);
    expect((await cell("code", "expertise", "alpha")).n).toBe(1);
  });
});
