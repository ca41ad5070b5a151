// Partial selection: the best k of many indices in order, without sorting them all.

/**
 * The first `k` of `items` under `before` (negative when a ranks first), in order: a bounded insertion
 * list when k is small against n, a full sort otherwise. `key`, when given, must agree with `before`
 * (a higher key ranks first); it lets most items be rejected with one comparison and no call.
 */
export function selectTop(items: Int32Array, k: number, before: (a: number, b: number) => number, key?: Float64Array): number[] {
  const n = items.length;
  if (k <= 0 || n === 0) return [];
  if (k * 8 >= n) return Array.from(items.slice().sort(before).subarray(0, Math.min(k, n)));
  const top: number[] = [];
  for (let j = 0; j < n; j++) {
    const x = items[j]!;
    if (top.length === k && ((key !== undefined && key[x]! < key[top[k - 1]!]!) || before(x, top[k - 1]!) >= 0)) continue;
    if (top.length < k) top.push(x); // grow by push only: writing past the end deoptimises
    let p = top.length - 1;
    while (p > 0 && before(x, top[p - 1]!) < 0) {
      top[p] = top[p - 1]!;
      p--;
    }
    top[p] = x;
  }
  return top;
}
