// PublishedPredictors: the router follows the store's version in use; a version this build cannot read is skipped, said.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { LearnedPredictor } from "../../src/routing/predictor/predictor.js";
import { PublishedPredictors } from "../../src/routing/predictor/published.js";
import { trainPredictor } from "../../src/routing/predictor/train.js";
import { ProfileBook } from "../../src/routing/profiles.js";
import { Router } from "../../src/routing/router.js";
import { openSqliteStore } from "../../src/store/sqlite.js";
import { defaults, expert } from "./catalog.js";

const dir = mkdtempSync(join(tmpdir(), "eo-published-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const artifact = (source: string) =>
  trainPredictor([{ prompt: "Hi?", domain: "general", outcomes: { a: { score: 1, costUsd: 0.01 }, b: { score: 0, costUsd: 0.001 } } }], { folds: 0, sources: [source] });
const meta = { sha256: "0".repeat(64), bytes: 1, createdAt: "2026-11-21", records: 1, experts: ["a"], note: null };

describe("PublishedPredictors", () => {
  it("follows publish and withdraw by other writers, and keeps routing when a version cannot be read", async () => {
    const store = await openSqliteStore(join(dir, "eo.sqlite"));
    const experts = [expert({ id: "a" }), expert({ id: "b" })];
    const router = new Router(experts, ProfileBook.fromCatalog(experts), defaults);
    const configured = new LearnedPredictor(artifact("configured"));
    const p = new PublishedPredictors(store, router, () => experts, configured);
    const name = () => router.route({ messages: [{ role: "user", content: "Hi?" }] }).explanation;

    await p.sync();
    expect(p.inUse()).toMatchObject({ source: "config", version: null, experts: ["a", "b"] });

    // Another replica publishes (straight into the store): this one follows at its next sync.
    const v = await store.publishPredictor(meta, JSON.stringify(artifact("other replica")));
    expect(p.inUse().source).toBe("config");
    await p.sync();
    expect(p.inUse()).toMatchObject({ source: "published", version: v.version });
    expect(name()).toContain(`published #${v.version};`);

    // A version in a format this build does not read (a newer build published it): this one keeps what it routes
    // with, and says why.
    const newer = await store.publishPredictor(meta, JSON.stringify({ ...artifact("newer"), version: 2 }));
    await p.sync();
    expect(p.inUse()).toMatchObject({ source: "published", version: v.version, unreadable: { version: newer.version } });
    expect(p.inUse().unreadable!.error).toMatch(/version 2, but this build reads version 1/);
    expect(name()).toContain(`published #${v.version};`);

    // Withdrawn elsewhere: back to the previous version.
    await store.withdrawPredictor(newer.version);
    await p.sync();
    expect(p.inUse()).toMatchObject({ source: "published", version: v.version });
    expect(p.inUse().unreadable).toBeUndefined();
    await store.close();
  });
});
