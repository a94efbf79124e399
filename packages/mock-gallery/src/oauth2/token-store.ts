// The bearer tokens the mock issued, in memory: random, each with its expiry, so that the
// bearer check can tell a token it never issued from one that expired (and say which).
import { randomBytes } from "node:crypto";

/** What the store knows about a presented token. */
export type TokenCheck =
  | { state: "valid" }
  | { state: "unknown" }
  | { state: "expired"; secondsAgo: number };

/** An issued token and its lifetime in seconds (the `expires_in` of the answer). */
export interface IssuedToken {
  accessToken: string;
  expiresIn: number;
}

/**
 * How many tokens are remembered; beyond it the oldest go first (a client that asks for a new
 * token on every call cannot grow the mock without bound). A forgotten token reads as unknown.
 */
export const MAX_REMEMBERED_TOKENS = 10_000;

/** The lifetime of a token when `tokenLifetimeSeconds` is not given: one hour, like the Server. */
export const DEFAULT_TOKEN_LIFETIME_SECONDS = 3600;

/** Issues tokens with a fixed lifetime and checks presented ones. */
export class TokenStore {
  readonly lifetimeSeconds: number;
  readonly #expiries = new Map<string, number>();
  readonly #now: () => number;

  constructor(lifetimeSeconds: number, now: () => number = Date.now) {
    this.lifetimeSeconds = lifetimeSeconds;
    this.#now = now;
  }

  /** A new random token (256 bits, base64url) valid for the lifetime from now. */
  issue(): IssuedToken {
    const accessToken = randomBytes(32).toString("base64url");
    this.#expiries.set(accessToken, this.#now() + this.lifetimeSeconds * 1000);
    if (this.#expiries.size > MAX_REMEMBERED_TOKENS) {
      const oldest = this.#expiries.keys().next().value;
      if (oldest !== undefined) this.#expiries.delete(oldest);
    }
    return { accessToken, expiresIn: this.lifetimeSeconds };
  }

  /** Whether a token was issued here and has not expired yet. */
  check(token: string): TokenCheck {
    const expiresAt = this.#expiries.get(token);
    if (expiresAt === undefined) return { state: "unknown" };
    const now = this.#now();
    if (now < expiresAt) return { state: "valid" };
    return { state: "expired", secondsAgo: Math.max(0, Math.round((now - expiresAt) / 1000)) };
  }
}
