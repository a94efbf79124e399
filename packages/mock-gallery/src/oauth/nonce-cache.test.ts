import { describe, expect, it } from "vitest";
import { NonceCache } from "./nonce-cache.js";

describe("NonceCache", () => {
  it("refuses a nonce seen within its lifetime and accepts it after expiry", () => {
    const cache = new NonceCache(600);
    expect(cache.remember("a", 1000)).toBe(true);
    expect(cache.remember("a", 1599)).toBe(false);
    expect(cache.remember("a", 1600)).toBe(true);
  });

  it("forgets expired nonces (memory stays bounded by the window)", () => {
    const cache = new NonceCache(10);
    for (let i = 0; i < 1000; i++) cache.remember(`n${i}`, i);
    expect(cache.size).toBeLessThanOrEqual(11);
  });

  it("evicts the oldest nonces beyond maxEntries", () => {
    const cache = new NonceCache(1_000_000, 100);
    for (let i = 0; i < 1000; i++) cache.remember(`n${i}`, 0);
    expect(cache.size).toBe(100);
    expect(cache.remember("n999", 0)).toBe(false);
  });
});
