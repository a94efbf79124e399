/**
 * The token source: a cached token, refreshed ahead of its expiry, and one shared token request
 * at a time (single flight). A failed request is not cached; `invalidate()` drops the token.
 */
import { normalizeOptions, publicView } from "./options.js";
import { redactedView } from "./secret.js";
import { requestToken, type TokenResponse } from "./token-request.js";
import type { GetTokenOptions, TokenSource, TokenSourceOptions } from "./types.js";

/** A monotonic clock in milliseconds (tests pass their own). @internal */
export type Clock = () => number;

interface CachedToken {
  readonly token: string;
  /** Clock time (ms) from which the token is refreshed instead of reused. */
  readonly refreshAt: number;
}

/** One token request and the callers waiting for it. */
interface Flight {
  readonly promise: Promise<CachedToken>;
  readonly controller: AbortController;
  waiters: number;
}

/**
 * When a token fetched at `requestedAt` stops being reused: `expires_in` minus the skew, or
 * minus half the lifetime when that is smaller (a 60 s token with the default 60 s skew is
 * reused for 30 s, not never). Without `expires_in`, until it is invalidated.
 * @internal
 */
export function refreshTime(
  requestedAt: number,
  expiresIn: number | undefined,
  skewSeconds: number,
): number {
  if (expiresIn === undefined) return Number.POSITIVE_INFINITY;
  const lifetime = expiresIn * 1000;
  return requestedAt + lifetime - Math.min(skewSeconds * 1000, lifetime / 2);
}

/**
 * One caller's wait for a shared token request. The caller's `signal` stops only this wait; when
 * the last waiter leaves that way, `abandon` is called (no waiter without a signal ever leaves).
 */
function waitFor(
  joined: Flight,
  signal: AbortSignal | undefined,
  abandon: (flight: Flight) => void,
): Promise<string> {
  joined.waiters++;
  if (signal === undefined) return joined.promise.then((entry) => entry.token);
  return new Promise<string>((resolve, reject) => {
    const onAbort = () => {
      joined.waiters--;
      abandon(joined);
      reject(signal.reason);
    };
    signal.addEventListener("abort", onAbort, { once: true });
    joined.promise.then(
      (entry) => {
        signal.removeEventListener("abort", onAbort);
        resolve(entry.token);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
}

/**
 * A client-credentials token source: `getToken()` resolves to an access token, fetched from
 * `tokenUrl` when there is none or it is about to expire, and shared by concurrent callers.
 *
 * @param options - token endpoint, credentials and settings; validated here (TypeError)
 * @example
 * const tokens = createTokenSource({
 *   tokenUrl: "https://alteryx.example.com/webapi/oauth2/token",
 *   clientId: process.env.ALTERYX_API_KEY!,
 *   clientSecret: process.env.ALTERYX_API_SECRET!,
 * });
 * const response = await fetch(url, { headers: { Authorization: `Bearer ${await tokens.getToken()}` } });
 */
export function createTokenSource(options: TokenSourceOptions): TokenSource {
  return createTokenSourceWithClock(options, () => performance.now());
}

/** {@link createTokenSource} with the clock injected. @internal */
export function createTokenSourceWithClock(options: TokenSourceOptions, clock: Clock): TokenSource {
  const settings = normalizeOptions(options);
  let cached: CachedToken | undefined;
  let flight: Flight | undefined;

  function startFlight(): Flight {
    const controller = new AbortController();
    const requestedAt = clock();
    // The callbacks below run asynchronously, after `current` is assigned.
    const promise = requestToken(settings, controller.signal).then(
      (response: TokenResponse) => {
        const entry = {
          token: response.accessToken,
          refreshAt: refreshTime(requestedAt, response.expiresIn, settings.refreshSkewSeconds),
        };
        // A flight detached by invalidate() still answers its waiters, but is not cached.
        if (flight === current) {
          flight = undefined;
          cached = entry;
        }
        return entry;
      },
      (error: unknown) => {
        if (flight === current) flight = undefined;
        throw error;
      },
    );
    // When every waiter aborted, nobody handles the rejection.
    promise.catch(() => {});
    const current: Flight = { promise, controller, waiters: 0 };
    flight = current;
    return current;
  }

  function cancelIfAbandoned(abandoned: Flight): void {
    if (abandoned.waiters > 0) return;
    if (flight === abandoned) flight = undefined;
    abandoned.controller.abort();
  }

  const source: TokenSource = {
    async getToken(getOptions?: GetTokenOptions) {
      const signal = getOptions?.signal;
      signal?.throwIfAborted();
      if (cached !== undefined && clock() < cached.refreshAt) return cached.token;
      return waitFor(flight ?? startFlight(), signal, cancelIfAbandoned);
    },
    invalidate(token?: string) {
      if (token === undefined) {
        cached = undefined;
        flight = undefined;
      } else if (cached?.token === token) {
        cached = undefined;
      }
    },
  };
  return Object.freeze(redactedView(source, "TokenSource", publicView(settings)));
}
