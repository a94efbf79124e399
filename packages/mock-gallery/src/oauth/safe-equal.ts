/** Constant-time comparison of two secrets, for the OAuth1 verifier and the token endpoint. */
import { createHash, timingSafeEqual } from "node:crypto";

/**
 * True when `a` equals `b`, compared in constant time. Both are hashed first, so neither their
 * contents nor their lengths show in the time taken.
 */
export function safeEqual(a: string, b: string): boolean {
  const digest = (value: string) => createHash("sha256").update(value).digest();
  return timingSafeEqual(digest(a), digest(b));
}
