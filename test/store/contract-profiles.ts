// The profile half of the shared Store contract: judged evidence, safety exclusions, registered experts.
import { expect, it } from "vitest";
import { EoError } from "../../src/errors.js";
import type { NewEvidence, RegisteredExpert } from "../../src/store/profile-records.js";
import type { Store } from "../../src/store/store.js";

const evidence = (expert: string, over: Partial<NewEvidence> = {}): NewEvidence => ({
  expert, domain: "code", dimension: "correctness", score: 0.8, weight: 1, source: "judge", judge: "rubric", ref: "req-1", ...over,
});

/** Registers the profile tests inside the caller's describe. Stores may share data between opens: names are unique. */
export function profileContract(open: () => Promise<Store>) {
  it("records evidence in order with increasing seqs, and lists what came after a seq", async () => {
    const s = await open();
    const x = `x-${crypto.randomUUID()}`;
    const before = (await s.listEvidence()).at(-1)?.seq ?? 0;
    expect(await s.recordEvidence([evidence(x, { score: 0.1 }), evidence(x, { score: 0.9, dimension: "safety", ref: null })])).toBe(2);
    expect(await s.recordEvidence([evidence(x, { score: 0.5, source: "feedback", judge: "human" })])).toBe(1);
    const mine = (await s.listEvidence(before)).filter((e) => e.expert === x);
    expect(mine.map((e) => [e.score, e.dimension, e.source, e.ref])).toEqual([[0.1, "correctness", "judge", "req-1"], [0.9, "safety", "judge", null], [0.5, "correctness", "feedback", "req-1"]]);
    expect(mine[0]!.seq).toBeLessThan(mine[1]!.seq);
    expect(mine[1]!.seq).toBeLessThan(mine[2]!.seq);
    expect(Number.isNaN(Date.parse(mine[0]!.at))).toBe(false);
    const after = (await s.listEvidence(mine[0]!.seq)).filter((e) => e.expert === x);
    expect(after.map((e) => e.score)).toEqual([0.9, 0.5]);
    expect(await s.listEvidence(mine[0]!.seq, 1)).toHaveLength(1);
    await s.close();
  });

  it("skips evidence whose key was recorded before (a re-run does not count twice)", async () => {
    const s = await open();
    const x = `x-${crypto.randomUUID()}`;
    expect(await s.recordEvidence([evidence(x, { key: `${x}:1` }), evidence(x, { key: `${x}:2` })])).toBe(2);
    expect(await s.recordEvidence([evidence(x, { key: `${x}:2` }), evidence(x, { key: `${x}:3` })])).toBe(1);
    expect((await s.listEvidence()).filter((e) => e.expert === x).map((e) => e.key)).toEqual([`${x}:1`, `${x}:2`, `${x}:3`]);
    await s.close();
  });

  it("rejects a batch with a bad item whole, naming the field, and writes nothing", async () => {
    const s = await open();
    const x = `x-${crypto.randomUUID()}`;
    for (const bad of [{ score: 1.5 }, { score: -0.1 }, { score: Number.NaN }, { weight: -1 }, { dimension: "" }, { source: "oracle" as NewEvidence["source"] }]) {
      const err = await s.recordEvidence([evidence(x), evidence(x, bad)]).catch((e) => e);
      expect(err).toBeInstanceOf(EoError);
      expect((err as EoError).code).toBe("bad_request");
      expect((err as EoError).message).toContain("evidence[1].");
    }
    expect((await s.listEvidence()).filter((e) => e.expert === x)).toEqual([]);
    expect(await s.recordEvidence([])).toBe(0);
    await s.close();
  });

  it("sets, replaces and clears safety exclusions per expert and domain", async () => {
    const s = await open();
    const x = `x-${crypto.randomUUID()}`;
    const at = new Date().toISOString();
    await s.setExclusion({ expert: x, domain: "medicine", reason: "safety 0.2 < 0.5", at });
    await s.setExclusion({ expert: x, domain: "law", reason: "safety 0.3 < 0.5", at });
    await s.setExclusion({ expert: x, domain: "medicine", reason: "safety 0.1 < 0.5", at });
    const mine = () => s.listExclusions().then((all) => all.filter((e) => e.expert === x));
    expect((await mine()).map((e) => [e.domain, e.reason])).toEqual([["law", "safety 0.3 < 0.5"], ["medicine", "safety 0.1 < 0.5"]]);
    await s.clearExclusions(x, ["law"]);
    expect((await mine()).map((e) => e.domain)).toEqual(["medicine"]);
    await s.clearExclusions(x, []);
    expect(await mine()).toHaveLength(1);
    await s.clearExclusions(x);
    expect(await mine()).toEqual([]);
    await s.close();
  });

  it("saves, replaces and lists registered experts with their config as JSON", async () => {
    const s = await open();
    const id = `e-${crypto.randomUUID()}`;
    const now = new Date().toISOString();
    const r: RegisteredExpert = {
      id, config: { id, provider: "openai", model: "m", domains: ["code"], pricing: { inputPerMTok: 1, outputPerMTok: 2 } },
      status: "calibrating", calibrationId: "cal-1", calibratedAt: null, error: null, createdAt: now, updatedAt: now,
    };
    await s.saveRegisteredExpert(r);
    expect(await s.getRegisteredExpert(id)).toEqual(r);
    const done = { ...r, status: "ready" as const, calibratedAt: now, updatedAt: new Date(Date.parse(now) + 5).toISOString() };
    await s.saveRegisteredExpert(done);
    expect(await s.getRegisteredExpert(id)).toEqual(done);
    expect((await s.listRegisteredExperts()).filter((x) => x.id === id)).toEqual([done]);
    expect(await s.getRegisteredExpert("missing")).toBeNull();
    await s.close();
  });
}
