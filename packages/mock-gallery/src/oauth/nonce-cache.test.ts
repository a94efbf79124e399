import { describe, expect, it } from "vitest";
import { DEFAULT_NONCE_CAPACITY, NonceCache } from "./nonce-cache.js";

describe("NonceCache", () => {
  it("refuses a nonce until its expiry second (inclusive) and accepts it after", () => {
    const cache = new NonceCache();
    expect(cache.remember("a", 1300, 1000)).toEqual({ ok: true });
    expect(cache.remember("a", 1300, 1300)).toEqual({ ok: false, reason: "replay" });
    expect(cache.remember("a", 1601, 1301)).toEqual({ ok: true });
  });

  it("forgets expired nonces (memory stays bounded by the window)", () => {
    const cache = new NonceCache();
    for (let i = 0; i < 1000; i++) cache.remember(`n${i}`, i + 10, i);
    expect(cache.size).toBeLessThanOrEqual(11);
    // after a long pause every bucket goes at once
    cache.remember("late", 10_000_010, 10_000_000);
    expect(cache.size).toBe(1);
  });

  it("keeps nonces whose expiries arrive out of order (timestamps on both sides of the clock)", () => {
    const cache = new NonceCache();
    cache.remember("ahead", 1600, 1000); // signed 300 s ahead of the server clock
    cache.remember("behind", 1000, 1000); // signed 300 s behind it
    expect(cache.remember("behind", 0, 1001)).toEqual({ ok: true }); // expired
    expect(cache.remember("ahead", 0, 1599)).toEqual({ ok: false, reason: "replay" });
  });

  it("refuses a replay after 100 001 newer nonces instead of forgetting it", () => {
    // the default capacity is 500 000; 100 000 keeps the test quick and shows the same
    const capacity = 100_000;
    expect(DEFAULT_NONCE_CAPACITY).toBeGreaterThan(capacity);
    const cache = new NonceCache(capacity);
    expect(cache.remember("first", 1300, 1000)).toEqual({ ok: true });
    let full = 0;
    for (let i = 0; i <= capacity; i++) {
      if (!cache.remember(`n${i}`, 1300, 1000).ok) full++;
    }
    // the cache is full: the last newer nonces were refused, and the first one is still known
    expect(full).toBe(2);
    expect(cache.size).toBe(capacity);
    expect(cache.remember("first", 1300, 1200)).toEqual({ ok: false, reason: "replay" });
  });

  it("says when there will be room again when it is full", () => {
    const cache = new NonceCache(2);
    cache.remember("a", 1010, 1000);
    cache.remember("b", 1005, 1000);
    expect(cache.remember("c", 1300, 1000)).toEqual({
      ok: false,
      reason: "full",
      retryAfterSeconds: 6,
    });
    expect(cache.remember("c", 1300, 1006)).toEqual({ ok: true });
  });

  it("recognises nonces of any length (it keeps a fixed-size digest of each)", () => {
    const cache = new NonceCache(1);
    expect(cache.remember("x".repeat(100_000), 1300, 1000)).toEqual({ ok: true });
    expect(cache.remember("x".repeat(100_000), 1300, 1000)).toEqual({
      ok: false,
      reason: "replay",
    });
  });
});
