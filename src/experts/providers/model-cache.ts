// A small LRU of chat-model clients, so a provider does not build a new client for every request.

/** Keeps the `max` most recently used values by key. */
export class ModelCache<T> {
  private readonly map = new Map<string, T>();

  constructor(private readonly max = 256) {}

  get(key: string, make: () => T): T {
    const hit = this.map.get(key);
    if (hit !== undefined) {
      // Re-insert to mark as most recently used (Map keeps insertion order).
      this.map.delete(key);
      this.map.set(key, hit);
      return hit;
    }
    const value = make();
    this.map.set(key, value);
    if (this.map.size > this.max) this.map.delete(this.map.keys().next().value as string);
    return value;
  }

  get size(): number {
    return this.map.size;
  }
}
