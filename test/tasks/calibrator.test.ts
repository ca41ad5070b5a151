// The Calibrator around its edges: concurrent registrations of one id, a registration whose stored config no longer
// resolves at start-up, and the listeners a calibration's event stream leaves behind.
import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { createApp } from "../../src/app.js";
import { ConfigSchema } from "../../src/config.js";
import { openSqliteStore } from "../../src/store/sqlite.js";
import type { Store } from "../../src/store/store.js";

// Nothing listens on port 9: every call of the expert under test fails at once, so a calibration ends quickly.
const DEAD = "http://127.0.0.1:9/v1";
const CONFIG = ConfigSchema.parse({ experts: [{ id: "calculator", provider: "builtin", model: "math", domains: ["arithmetic"] }] });
const newcomer = (id: string, extra: Record<string, unknown> = {}) =>
  ({ id, provider: "openai", model: "newcomer-model", baseURL: DEAD, local: false, domains: ["general"], pricing: { inputPerMTok: 1, outputPerMTok: 2 }, ...extra });
const post = (body: unknown) => ({ method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

const opened: Store[] = [];
async function service(store?: Store) {
  const s = store ?? (await openSqliteStore(":memory:"));
  opened.push(s);
  const built = createApp({ config: CONFIG, store: s, env: {} });
  await built.learner.sync();
  return { ...built, store: s };
}
afterEach(async () => {
  for (const s of opened.splice(0)) await s.close();
});

describe("Calibrator", () => {
  it("two registrations of one id racing each other: one is accepted, the other gets 409, and one calibration runs", async () => {
    const svc = await service();
    const [a, b] = await Promise.all([svc.app.request("/v1/experts", post(newcomer("twin"))), svc.app.request("/v1/experts", post(newcomer("twin", { model: "other-model" })))]);
    expect([a.status, b.status].sort()).toEqual([202, 409]);
    const winner = (await (a.status === 202 ? a : b).json()) as { calibration: { id: string } };
    await svc.calibrator.idle();
    const stored = await svc.store.getRegisteredExpert("twin");
    expect(stored?.calibrationId).toBe(winner.calibration.id);
    expect(svc.catalog.get("twin")?.model).toBe((stored?.config as { model: string }).model);
  });

  it("restore() skips a stored registration whose config no longer resolves (its model's price vanished) and restores the rest", async () => {
    const store = await openSqliteStore(":memory:");
    const at = new Date().toISOString();
    const saved = (id: string, config: unknown) => store.saveRegisteredExpert({ id, config, status: "ready", calibrationId: "cal-old", calibratedAt: at, error: null, createdAt: at, updatedAt: at });
    await saved("priceless", { ...newcomer("priceless"), model: "no-such-model-anywhere", pricing: undefined });
    await saved("renamed", { ...newcomer("renamed"), domains: ["astrology"] });
    await saved("fine", newcomer("fine"));
    const errors: unknown[] = [];
    const svc = await service(store);
    await expect(svc.calibrator.restore({ resume: false, onError: (e) => errors.push(e) })).resolves.toBeUndefined();
    expect(svc.catalog.get("fine")).toBeDefined();
    expect(svc.router.blockedBecause("fine", "general")).toBeNull();
    expect(svc.catalog.get("priceless")).toBeUndefined();
    expect(svc.catalog.get("renamed")).toBeUndefined();
    expect(errors.map((e) => String((e as Error).message))).toEqual([expect.stringMatching(/priceless/), expect.stringMatching(/renamed/)]);
    expect((await (await svc.app.request("/v1/experts")).json()).data.map((e: { id: string }) => e.id)).toEqual(["calculator", "fine"]);
  });

  it("replaying a finished run's events leaves no listener behind on it", async () => {
    const svc = await service();
    const r = await svc.app.request("/v1/experts", post(newcomer("streamed")));
    const runId = ((await r.json()) as { calibration: { id: string } }).calibration.id;
    await svc.calibrator.idle();
    for (let i = 0; i < 3; i++) {
      const replay = await svc.app.request("/v1/experts/streamed/calibration/events");
      expect(await replay.text()).toMatch(/event: calibration\.(completed|failed)/);
    }
    expect(svc.calibrator.watchers(runId)).toBe(0);
    // Last-Event-ID resumes after it; a client holding the final event is told to stop (204); a bad one is a 400.
    const all = (await (await svc.app.request("/v1/experts/streamed/calibration/events")).text()).match(/^id: \d+$/gm)!;
    const tail = await svc.app.request("/v1/experts/streamed/calibration/events", { headers: { "last-event-id": String(all.length - 1) } });
    expect((await tail.text()).match(/^id: \d+$/gm)).toEqual([`id: ${all.length}`]);
    expect((await svc.app.request("/v1/experts/streamed/calibration/events", { headers: { "last-event-id": String(all.length) } })).status).toBe(204);
    expect((await svc.app.request("/v1/experts/streamed/calibration/events?lastEventId=-1")).status).toBe(400);
  });

  it("with a control, runs are handed over (none here); a hand-over that fails leaves the registration failed, not calibrating", async () => {
    const s = await openSqliteStore(":memory:");
    opened.push(s);
    const started: string[] = [];
    let refuse = false;
    const control = {
      start: async (expertId: string, runId: string) => {
        if (refuse) throw new Error("no object");
        started.push(`${expertId}/${runId}`);
        return runId;
      },
      events: async (expertId: string) => new Response(`events of ${expertId}`),
    };
    const svc = createApp({ config: CONFIG, store: s, env: {}, calibrationControl: control });
    const r = await svc.app.request("/v1/experts", post(newcomer("remote")));
    expect(r.status).toBe(202);
    const runId = ((await r.json()) as { calibration: { id: string } }).calibration.id;
    expect(started).toEqual([`remote/${runId}`]);
    expect(svc.calibrator.events(runId)).toBeNull(); // nothing runs in this process
    expect(await (await svc.app.request("/v1/experts/remote/calibration/events")).text()).toBe("events of remote");
    const again = await svc.app.request("/v1/experts/calculator/calibrate", post({}));
    expect(again.status).toBe(202);
    expect(started).toHaveLength(2);
    refuse = true;
    expect((await svc.app.request("/v1/experts", post(newcomer("orphan")))).status).toBe(500);
    expect(await s.getRegisteredExpert("orphan")).toMatchObject({ status: "failed", error: expect.stringMatching(/could not be started: no object/) });
  });

  it("a run still going keeps its events however many runs finish after it started", async () => {
    // An upstream that accepts the expert's calls and never answers them, until the test lets go.
    const held: ServerResponse[] = [];
    let released = false;
    const refuse = (res: ServerResponse) => res.writeHead(400, { "content-type": "application/json" }).end('{"error":{"message":"gone"}}');
    const server = createServer((_req, res) => (released ? refuse(res) : void held.push(res)));
    await new Promise<void>((ok) => server.listen(0, "127.0.0.1", () => ok()));
    const port = (server.address() as AddressInfo).port;
    try {
      const svc = await service();
      const r = await svc.app.request("/v1/experts", post(newcomer("stuck", { baseURL: `http://127.0.0.1:${port}/v1`, timeoutMs: 60_000 })));
      const runId = ((await r.json()) as { calibration: { id: string } }).calibration.id;
      for (let i = 0; i < 101; i++) await svc.calibrator.calibrate("calculator").done;
      expect(svc.calibrator.latestRun("stuck")).toBe(runId);
      expect(svc.calibrator.events(runId)?.events[0]).toMatchObject({ type: "calibration.started" });
      const live = await svc.app.request("/v1/experts/stuck/calibration/events");
      expect(live.status).toBe(200);
      await live.body?.cancel();
      released = true;
      for (const res of held.splice(0)) refuse(res);
      await svc.calibrator.idle();
    } finally {
      server.closeAllConnections();
      await new Promise((ok) => server.close(ok));
    }
  }, 30_000);
});
