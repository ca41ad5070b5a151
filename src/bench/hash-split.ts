// A deterministic train/test split by hashing each record's id with a seed: the same ids land on the same side on every machine.

/** FNV-1a (32-bit) of a string's UTF-16 code units, as a fraction in [0, 1). */
export function hashFraction(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  // Final avalanche (murmur3 fmix32): FNV's low bits alone spread short, similar ids poorly.
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return (h >>> 0) / 2 ** 32;
}

/**
 * Splits records into train (a share of about `trainShare`) and test by the hash of `seed:id`. A record's
 * side depends only on its id and the seed, not on the order or the other records: adding pairs to a data
 * set never moves an old pair across.
 */
export function hashSplit<T extends { id: string }>(records: readonly T[], trainShare: number, seed: number | string): { train: T[]; test: T[] } {
  const train: T[] = [];
  const test: T[] = [];
  for (const r of records) (hashFraction(`${seed}:${r.id}`) < trainShare ? train : test).push(r);
  return { train, test };
}
