// The predictor half of the shared Store contract: published router artifacts, their text, the one in use, withdrawal.
import { expect, it } from "vitest";
import { PREDICTOR_CHUNK_CHARS, type NewPublishedPredictor } from "../../src/store/predictor-records.js";
import type { Store } from "../../src/store/store.js";

const meta = (over: Partial<NewPublishedPredictor> = {}): NewPublishedPredictor => ({
  sha256: "ab".repeat(32), bytes: 10, createdAt: "2026-11-21T10:00:00.000Z", records: 42, experts: ["gpt-4", "mixtral"], note: null, ...over,
});

/** Registers the predictor tests inside the caller's describe. Stores may share data between opens: compare versions. */
export function predictorContract(open: () => Promise<Store>) {
  it("publishes versions in order; the newest not withdrawn is in use; withdrawing falls back to the one before", async () => {
    const s = await open();
    const a = await s.publishPredictor(meta({ note: "first" }), '{"a":1}');
    const b = await s.publishPredictor(meta({ records: 7, experts: ["yi-34b"] }), '{"b":2}');
    expect(b.version).toBeGreaterThan(a.version);
    expect(a).toMatchObject({ note: "first", records: 42, experts: ["gpt-4", "mixtral"], withdrawnAt: null, createdAt: "2026-11-21T10:00:00.000Z" });
    expect(Number.isNaN(Date.parse(a.publishedAt))).toBe(false);
    expect(await s.activePredictor()).toEqual(b);
    expect((await s.listPredictors()).slice(0, 2)).toEqual([b, a]);

    const withdrawn = await s.withdrawPredictor(b.version);
    expect(withdrawn?.version).toBe(b.version);
    expect(Number.isNaN(Date.parse(withdrawn!.withdrawnAt!))).toBe(false);
    expect(await s.activePredictor()).toEqual(a);
    // Idempotent: the first withdrawal's time stays.
    expect((await s.withdrawPredictor(b.version))?.withdrawnAt).toBe(withdrawn!.withdrawnAt);
    expect(await s.withdrawPredictor(b.version + 1000)).toBeNull();
    // A withdrawn version's text is still there (for the audit trail and a re-publish).
    expect(await s.predictorText(b.version)).toBe('{"b":2}');
    await s.close();
  });

  it("keeps a text longer than one stored piece whole, multi-byte characters included", async () => {
    const s = await open();
    // 6 + 5k characters before each piece's end: the cut falls inside a surrogate pair unless the store avoids it.
    const text = `{"nn":"${"é€😀x".repeat(Math.ceil((2.5 * PREDICTOR_CHUNK_CHARS) / 5))}"}`;
    const p = await s.publishPredictor(meta({ bytes: new TextEncoder().encode(text).length }), text);
    const back = await s.predictorText(p.version);
    expect(back?.length).toBe(text.length);
    expect(back === text).toBe(true);
    expect(await s.predictorText(p.version + 1000)).toBeNull();
    await s.withdrawPredictor(p.version);
    await s.close();
  });
}
