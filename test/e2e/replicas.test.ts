// Two replicas over one store: an expert registered and calibrated on one joins the other's catalog, and serves there
// once its calibration is done (what the replicas' periodic sync does, run here by hand).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConfigSchema } from "../../src/config.js";
import { FakeUpstream, startFakeUpstreams, type FakeUpstreams } from "../../src/experts/fakes/index.js";
import { openSqliteStore } from "../../src/store/sqlite.js";
import type { Store } from "../../src/store/store.js";
import { serveApp, type AppServer } from "./app-server.js";
import { json } from "./harness.js";

const dir = mkdtempSync(join(tmpdir(), "eo-replicas-"));
type Route = { expert: string; candidates: { expert: string; excludedBecause?: string }[] };

describe("registrations across replicas", () => {
  let upstreams: FakeUpstreams;
  const stores: Store[] = [];
  let a: AppServer;
  let b: AppServer;
  const errors: unknown[] = [];
  const route = async (srv: AppServer) => (await (await srv.http("/v1/route", json({ prompt: "What is 12 times 13?" }))).json()) as Route;
  const newbieOn = async (srv: AppServer) => (await route(srv)).candidates.find((c) => c.expert === "newbie");

  beforeAll(async () => {
    const upstream = new FakeUpstream();
    upstreams = await startFakeUpstreams(upstream);
    upstream.script("vet-model", {});
    // The newcomer answers slowly, so the other replica sees it while it is still calibrating.
    upstream.script("newbie-model", { reply: "156", latencyMs: 150 });
    const config = ConfigSchema.parse({
      experts: [{ id: "veteran", provider: "openai", model: "vet-model", local: false, domains: ["general", "arithmetic"], pricing: { inputPerMTok: 1, outputPerMTok: 2 }, baseURL: upstreams.openai.baseURL }],
    });
    for (let i = 0; i < 2; i++) stores.push(await openSqliteStore(join(dir, "eo.sqlite")));
    a = await serveApp(config, stores[0]!, (e) => errors.push(e));
    b = await serveApp(config, stores[1]!, (e) => errors.push(e));
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    for (const s of stores) await s.close();
    await upstreams.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("the other replica learns of the registration (blocked while calibrating) and lets it serve once calibrated", async () => {
    const r = await a.http("/v1/experts", json({ id: "newbie", provider: "openai", model: "newbie-model", local: false, domains: ["general", "arithmetic"], pricing: { inputPerMTok: 0.1, outputPerMTok: 0.2 }, baseURL: upstreams.openai.baseURL }));
    expect(r.status).toBe(202);
    expect(await newbieOn(b)).toBeUndefined(); // b has not looked yet

    await b.built.calibrator.restore({ resume: false });
    expect((await newbieOn(b))?.excludedBecause).toMatch(/calibration not finished/);
    expect(b.built.calibrator.latestRun("newbie")).toBeUndefined(); // b runs no calibration of its own

    await a.built.calibrator.idle();
    expect((await newbieOn(a))?.excludedBecause).toBeUndefined();
    await b.built.learner.sync();
    await b.built.calibrator.restore({ resume: false });
    expect((await newbieOn(b))?.excludedBecause).toBeUndefined();
    // Its measured profile came with the evidence.
    const [board] = ((await (await b.http("/v1/leaderboard?domain=arithmetic&dimension=correctness")).json()) as { data: { entries: { expert: string; n: number }[] }[] }).data;
    expect(board!.entries.find((e) => e.expert === "newbie")!.n).toBeGreaterThan(0);
    expect(errors).toEqual([]);
  });
});
