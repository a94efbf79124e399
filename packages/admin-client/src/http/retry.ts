/**
 * Retry timing: which answers are worth another attempt, the `Retry-After` header, exponential
 * backoff with jitter, and a wait that the caller's signal cuts short.
 */

/**
 * Milliseconds to wait according to a `Retry-After` value (delay-seconds or an HTTP date), or
 * undefined when the header is missing or unreadable. Dates in the past give 0.
 *
 * @param value - the header value
 * @param now - the current time in milliseconds (for tests)
 * @internal
 */
export function parseRetryAfter(
  value: string | null,
  now: number = Date.now(),
): number | undefined {
  if (value === null) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  // HTTP-date (RFC 9110 5.6.7); Date.parse reads IMF-fixdate and the obsolete formats.
  if (!/[a-z]/i.test(text)) return undefined;
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

/**
 * The wait before retry number `attempt` (1 after the first failure): exponential from
 * `minDelayMs`, capped at `maxDelayMs`, with "equal jitter" (half fixed, half random) so that
 * clients that failed together do not retry together.
 */
export function backoffDelay(
  attempt: number,
  minDelayMs: number,
  maxDelayMs: number,
  random: () => number,
): number {
  const ceiling = Math.min(maxDelayMs, minDelayMs * 2 ** (attempt - 1));
  const r = Math.min(Math.max(random(), 0), 1);
  return Math.round(ceiling / 2 + (r * ceiling) / 2);
}

/** True for statuses worth retrying: 429 and 5xx except 501 (not implemented never changes). */
export function isRetriableStatus(status: number): boolean {
  return status === 429 || (status >= 500 && status <= 599 && status !== 501);
}

/** Waits `ms`, or rejects with the abort reason as soon as `signal` aborts. @internal */
export function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal.addEventListener("abort", onAbort, { once: true });
  });
}
