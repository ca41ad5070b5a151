// The profile learner on a real store: evidence → profiles, replicas converge through the log, the safety window.
import { describe, expect, it } from "vitest";
import { DefaultsSchema, ProfilesConfigSchema } from "../../src/config.js";
import { ProfileLearner } from "../../src/routing/profile-learner.js";
import { ProfileBook } from "../../src/routing/profiles.js";
import { Router } from "../../src/routing/router.js";
import type { ExclusionRecord } from "../../src/store/profile-records.js";
import { openSqliteStore } from "../../src/store/sqlite.js";
import { profileMethods } from "../../src/store/store.js";
import { expert } from "./catalog.js";

const EXPERTS = [
  expert({ id: "a", domains: ["code", "general"], skills: { code: 0.9 } }),
  expert({ id: "b", domains: ["code", "general"], skills: { code: 0.8 } }),
];
const config = ProfilesConfigSchema.parse({ safety: { floor: 0.5, minSamples: 3 } });

function replica(store: Awaited<ReturnType<typeof openSqliteStore>>) {
  const book = ProfileBook.fromCatalog(EXPERTS);
  const router = new Router(EXPERTS, book, DefaultsSchema.parse({ strategy: "quality" }));
  return { book, router, learner: new ProfileLearner(book, store, router, config) };
}
const route = (r: Router) => r.route({ messages: [{ role: "user", content: "Write a Python function that sorts a list" }], domain: "code" });
const judged = (expertId: string, dimension: string, score: number, source: "judge" | "feedback" | "calibration" = "judge") =>
  ({ expert: expertId, domain: "code", dimension, score, source, judge: "test", ref: null });

describe("ProfileLearner", () => {
  it("fills cells from evidence, and a second replica reading the same log computes the same profiles", async () => {
    const store = await openSqliteStore(":memory:");
    const one = replica(store);
    await one.learner.record([judged("a", "correctness", 0), judged("a", "correctness", 0.2), judged("a", "correctness", 0.1, "feedback")]);
    const cell = one.book.get("a", "code", "correctness");
    expect(cell).toMatchObject({ n: 3, source: "judged" });
    expect(cell.mean).toBeLessThan(0.5);
    expect(route(one.router).expert).toBe("b");
    const two = replica(store);
    expect(route(two.router).expert).toBe("a");
    await two.learner.sync();
    expect(two.book.get("a", "code", "correctness")).toEqual(cell);
    expect(route(two.router).expert).toBe("b");
    await store.close();
  });

  it("feedback counts more than one judge sample (configured source weights)", async () => {
    const store = await openSqliteStore(":memory:");
    const r = replica(store);
    await r.learner.record([judged("a", "correctness", 0, "judge")]);
    await r.learner.record([judged("b", "correctness", 0, "feedback")]);
    expect(r.book.get("b", "code", "correctness").mean / 0.8).toBeLessThan(r.book.get("a", "code", "correctness").mean / 0.9);
    await store.close();
  });

  it("blocks an expert in a domain when safety falls under the floor; only a good calibration unblocks it", async () => {
    const store = await openSqliteStore(":memory:");
    const r = replica(store);
    await r.learner.record([judged("a", "safety", 0), judged("a", "safety", 0)]);
    expect(r.router.blockedBecause("a", "code")).toBeNull(); // two samples are not a verdict
    await r.learner.record([judged("a", "safety", 0)]);
    expect(r.router.blockedBecause("a", "code")).toMatch(/under the floor 0\.5/);
    expect(r.router.blockedBecause("a", "general")).toBeNull();
    expect((await store.listExclusions()).map((x) => [x.expert, x.domain])).toEqual([["a", "code"]]);
    // Good judged answers do not lift it: it needs a calibration.
    await r.learner.record(Array.from({ length: 10 }, () => judged("a", "safety", 1, "feedback")));
    expect(r.router.blockedBecause("a", "code")).not.toBeNull();
    // A calibration starts a new window: its good samples lift the block.
    await r.learner.record([judged("a", "safety", 1, "calibration"), judged("a", "safety", 1, "calibration")]);
    expect(r.router.blockedBecause("a", "code")).toBeNull();
    expect(await store.listExclusions()).toEqual([]);
    // A fresh replica derives the same state from the log alone.
    const again = replica(store);
    await again.learner.sync();
    expect(again.router.blockedBecause("a", "code")).toBeNull();
    await store.close();
  });

  it("the exclusions table is written before sync resolves; a failed write is reported and made at the next sync", async () => {
    const store = await openSqliteStore(":memory:");
    let failures = 1;
    const flaky = { ...profileMethods(store), setExclusion: async (x: ExclusionRecord) => (failures-- > 0 ? Promise.reject(new Error("database away")) : store.setExclusion(x)) };
    const book = ProfileBook.fromCatalog(EXPERTS);
    const router = new Router(EXPERTS, book, DefaultsSchema.parse({ strategy: "quality" }));
    const reported: unknown[] = [];
    const learner = new ProfileLearner(book, flaky, router, config, (e) => reported.push(e));
    await learner.record([judged("a", "safety", 0), judged("a", "safety", 0), judged("a", "safety", 0)]);
    // The block holds at once (it is derived from the log); the mirror's write failed, and said so.
    expect(router.blockedBecause("a", "code")).toMatch(/under the floor/);
    expect(reported.map((e) => (e as Error).message)).toEqual(["database away"]);
    expect(await store.listExclusions()).toEqual([]);
    await learner.sync();
    expect((await store.listExclusions()).map((x) => [x.expert, x.domain])).toEqual([["a", "code"]]);
    await store.close();
  });

  it("a calibration with bad safety keeps the block; evidence for an expert registered later is attached when it arrives", async () => {
    const store = await openSqliteStore(":memory:");
    const r = replica(store);
    await r.learner.record([judged("a", "safety", 0), judged("a", "safety", 0), judged("a", "safety", 0)]);
    await r.learner.record([judged("a", "safety", 0.1, "calibration"), judged("a", "safety", 0.2, "calibration"), judged("a", "safety", 0, "calibration")]);
    expect(r.router.blockedBecause("a", "code")).toMatch(/calibrated again/);
    await r.learner.record([judged("late", "correctness", 0.3)]);
    const late = expert({ id: "late", domains: ["code"] });
    r.book.add(late);
    r.router.addExpert(late);
    r.learner.attach("late");
    expect(r.book.get("late", "code", "correctness")).toMatchObject({ n: 1, source: "judged" });
    await store.close();
  });

  it("each calibration run starts its own safety window: a good re-calibration lifts a block a bad calibration set", async () => {
    const store = await openSqliteStore(":memory:");
    const r = replica(store);
    const cal = (run: string, score: number, i: number) => ({ ...judged("a", "safety", score, "calibration"), ref: `calibration/${run}/item-${i}` });
    // The first calibration alone finds it unsafe in code.
    await r.learner.record([0, 1, 2].map((i) => cal("run-1", 0, i)));
    expect(r.router.blockedBecause("a", "code")).toMatch(/calibrated again/);
    // It is fixed and calibrated again, with nothing judged in between (it served no code traffic): this run
    // is the evidence "since its last calibration", so it is back in routing.
    await r.learner.record([0, 1].map((i) => cal("run-2", 1, i)));
    expect(r.router.blockedBecause("a", "code")).toBeNull();
    const again = replica(store);
    await again.learner.sync();
    expect(again.router.blockedBecause("a", "code")).toBeNull();
    await store.close();
  });
});
