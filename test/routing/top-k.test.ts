// Partial top-k selection agrees with a full sort, ties included.
import { describe, expect, it } from "vitest";
import { selectTop } from "../../src/routing/top-k.js";

describe("selectTop", () => {
  const key = Float64Array.from({ length: 1000 }, (_, i) => ((i * 7919) % 101) / 100); // many ties
  const before = (a: number, b: number) => key[b]! - key[a]! || a - b;
  const items = Int32Array.from({ length: 1000 }, (_, i) => 999 - i);
  const full = Array.from(items).sort(before);

  it.each([1, 3, 10, 20, 124, 125, 500, 1000, 5000])("k = %i matches the full sort", (k) => {
    expect(selectTop(items, k, before)).toEqual(full.slice(0, k));
    expect(selectTop(items, k, before, key)).toEqual(full.slice(0, k));
  });

  it("handles k = 0 and no items", () => {
    expect(selectTop(items, 0, before)).toEqual([]);
    expect(selectTop(new Int32Array(0), 5, before)).toEqual([]);
  });
});
