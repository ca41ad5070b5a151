// The deterministic split by hash of id: stable across runs and orders, close to the asked share, different per seed.
import { describe, expect, it } from "vitest";
import { hashFraction, hashSplit } from "../../src/bench/hash-split.js";

const ids = Array.from({ length: 2000 }, (_, i) => ({ id: `pair-${i}` }));

describe("hashSplit", () => {
  it("puts each id on the same side whatever the order and the other records", () => {
    const a = hashSplit(ids, 0.5, 1);
    const b = hashSplit([...ids].reverse().slice(0, 1500), 0.5, 1);
    const trainA = new Set(a.train.map((r) => r.id));
    for (const r of b.train) expect(trainA.has(r.id)).toBe(true);
    for (const r of b.test) expect(trainA.has(r.id)).toBe(false);
    expect(a.train.length + a.test.length).toBe(2000);
  });

  it("gives about the asked share, and another split for another seed", () => {
    const a = hashSplit(ids, 0.3, 1);
    expect(a.train.length / 2000).toBeGreaterThan(0.27);
    expect(a.train.length / 2000).toBeLessThan(0.33);
    const b = hashSplit(ids, 0.3, 2);
    const overlap = b.train.filter((r) => a.train.some((x) => x.id === r.id)).length;
    expect(overlap / b.train.length).toBeLessThan(0.45); // independent splits overlap by about 30%
  });

  it("hashes to [0, 1), pinned so a split never silently changes", () => {
    expect(hashFraction("1:jb-17")).toBeGreaterThanOrEqual(0);
    expect(hashFraction("1:jb-17")).toBeLessThan(1);
    expect(hashFraction("1:jb-17")).toBe(0.5797641437966377);
    expect(hashFraction("1:jb-17")).not.toBe(hashFraction("2:jb-17"));
  });
});
