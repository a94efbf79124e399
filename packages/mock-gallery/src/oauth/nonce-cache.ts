/**
 * Remembers nonces for as long as their timestamp is acceptable, so a replayed request is
 * refused. Memory is bounded twice: entries expire with the timestamp window, and past
 * `maxEntries` the oldest entries are evicted first.
 */
export class NonceCache {
  // Map keeps insertion order; expiries are inserted in (nearly) increasing order, so expired
  // entries sit at the front and the sweep stops at the first live one.
  readonly #expiries = new Map<string, number>();

  constructor(
    private readonly ttlSeconds: number,
    private readonly maxEntries = 100_000,
  ) {}

  /** Records `key` at `nowSeconds`; returns false when it was already seen and is still live. */
  remember(key: string, nowSeconds: number): boolean {
    this.#sweep(nowSeconds);
    const expiry = this.#expiries.get(key);
    if (expiry !== undefined && expiry > nowSeconds) return false;
    this.#expiries.delete(key);
    this.#expiries.set(key, nowSeconds + this.ttlSeconds);
    while (this.#expiries.size > this.maxEntries) {
      const oldest = this.#expiries.keys().next();
      if (oldest.done) break;
      this.#expiries.delete(oldest.value);
    }
    return true;
  }

  /** Number of nonces currently remembered. */
  get size(): number {
    return this.#expiries.size;
  }

  #sweep(nowSeconds: number): void {
    for (const [key, expiry] of this.#expiries) {
      if (expiry > nowSeconds) break;
      this.#expiries.delete(key);
    }
  }
}
