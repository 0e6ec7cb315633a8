/**
 * A module-level cache with a bound: at most `max` entries, the least recently used evicted first.
 * An isolate lives for many requests, so every cache kept between requests (parsers, formatters,
 * compiled rules, time-zone blocks) goes through this, never a bare Map that only grows.
 * It holds plain values only — never clients, streams or promises (Workers forbid sharing I/O
 * objects across requests).
 */
export class BoundedCache<K, V> {
  readonly #entries = new Map<K, V>();
  readonly max: number;

  constructor(max: number) {
    if (!Number.isInteger(max) || max < 1) throw new RangeError("max must be a positive integer");
    this.max = max;
  }

  get size(): number {
    return this.#entries.size;
  }

  get(key: K): V | undefined {
    const value = this.#entries.get(key);
    if (value === undefined) return undefined;
    // Map keeps insertion order: re-inserting marks the entry as the most recently used.
    this.#entries.delete(key);
    this.#entries.set(key, value);
    return value;
  }

  set(key: K, value: V): void {
    this.#entries.delete(key);
    this.#entries.set(key, value);
    while (this.#entries.size > this.max) {
      const oldest = this.#entries.keys().next().value as K;
      this.#entries.delete(oldest);
    }
  }

  /** The cached value, or `make()`'s, kept for next time. */
  getOrSet(key: K, make: () => V): V {
    const hit = this.get(key);
    if (hit !== undefined) return hit;
    const value = make();
    this.set(key, value);
    return value;
  }

  clear(): void {
    this.#entries.clear();
  }
}
