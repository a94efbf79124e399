/**
 * Validation of {@link AdminClientOptions}. Every mistake is reported when the client is
 * created, with what to fix; messages never contain the consumer secret.
 */
import leven from "leven";
import type { AlteryxNetworkError } from "./errors.js";

/** Where the OAuth1 parameters go: the `Authorization` header (default) or the query string. */
export type Placement = "header" | "query";

/** What {@link RetryOptions.onRetry} is told before each retry. */
export interface RetryEvent {
  /** The attempt that just failed (1-based). */
  attempt: number;
  /** Attempts allowed in total. */
  attempts: number;
  /** How long the client waits before the next attempt. */
  delayMs: number;
  method: string;
  /** Scheme, host and port of the server. */
  origin: string;
  /** The request path and query relative to the API root, without oauth_* parameters. */
  path: string;
  /** The status that caused the retry (429 or 5xx), when there was a response. */
  status?: number;
  /** The network error or timeout that caused the retry, when there was no complete answer. */
  error?: AlteryxNetworkError;
}

/** Retry policy for idempotent requests (GET and HEAD only; POST and PUT are never retried). */
export interface RetryOptions {
  /** Attempts in total, including the first (default 3; 1 disables retries). */
  attempts?: number;
  /** Base of the exponential backoff (default 250 ms). */
  minDelayMs?: number;
  /**
   * Longest wait between attempts (default 10 000 ms). A `Retry-After` longer than this is not
   * waited for: the 429/503 response is returned to the caller instead.
   */
  maxDelayMs?: number;
  /** Called before each retry (for logging or progress). */
  onRetry?: (event: RetryEvent) => void;
  /** Source of jitter in [0, 1) (default Math.random); for deterministic tests. */
  random?: () => number;
  /** How to wait (default a timer that stops early when the request is aborted); for tests. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

/** Options of {@link createAdminClient}. */
export interface AdminClientOptions {
  /** The Admin API v1 root, e.g. `https://gallery.example.com/gallery/api/admin/v1`. */
  baseUrl: string;
  /** The Curator's API key (Gallery settings, "API Access"). */
  consumerKey: string;
  /** The Curator's API secret. Never logged or shown in errors. */
  consumerSecret: string;
  /** Where the OAuth1 parameters go (default "header"). */
  placement?: Placement;
  /**
   * The fetch to send requests with, called as `fetch(url, init)` once per attempt and redirect
   * hop, with the request already signed; `init.dispatcher` is set when `dispatcher` is given.
   * Default: `globalThis.fetch`, looked up on each request.
   */
  fetch?: FetchLike;
  /**
   * Network settings, handed to fetch as `init.dispatcher`: an undici `Agent` (private CA,
   * client certificate, timeouts), `ProxyAgent` or `EnvHttpProxyAgent`. Node's fetch and
   * undici's accept it; runtimes without dispatchers ignore it.
   */
  dispatcher?: DispatcherLike;
  /** Headers sent with every request. */
  headers?: HeadersInit;
  /**
   * Per-attempt timeout (default 30 000 ms; Infinity for none). It covers the request, its
   * redirects and, for JSON answers, reading the whole body. For a streamed answer (a package
   * download) it covers the wait for the headers and then each wait for the next chunk, not the
   * whole download.
   */
  timeoutMs?: number;
  /** Retry policy for GET/HEAD, or false for none. */
  retry?: RetryOptions | false;
  /** Seconds added to the local clock for `oauth_timestamp` (to correct clock skew). */
  clockOffsetSeconds?: number;
  /** A `User-Agent` header for every request. */
  userAgent?: string;
}

/**
 * What the client needs of a fetch implementation; `globalThis.fetch` qualifies. `init` is a
 * standard RequestInit, plus the `dispatcher` option when one is set.
 */
export type FetchLike = (
  url: string,
  init: RequestInit & { dispatcher?: DispatcherLike },
) => Promise<Response>;

/**
 * What the `dispatcher` option accepts: an undici `Dispatcher` (`Agent`, `ProxyAgent`,
 * `EnvHttpProxyAgent`, ...), typed by its `dispatch` method so that this package does not
 * depend on undici.
 */
export interface DispatcherLike {
  dispatch(...args: never[]): unknown;
}

/** Retry options after validation. @internal */
export interface NormalizedRetry {
  attempts: number;
  minDelayMs: number;
  maxDelayMs: number;
  onRetry: ((event: RetryEvent) => void) | undefined;
  random: () => number;
  sleep: ((ms: number, signal: AbortSignal) => Promise<void>) | undefined;
}

/** Options after validation. @internal */
export interface NormalizedOptions {
  baseUrl: string;
  consumerKey: string;
  consumerSecret: string;
  placement: Placement;
  fetch: FetchLike | undefined;
  dispatcher: DispatcherLike | undefined;
  headers: Headers;
  timeoutMs: number;
  retry: NormalizedRetry;
  clockOffsetSeconds: number;
}

/** The path every Admin API v1 base URL ends with. */
export const ADMIN_API_ROOT = "/api/admin/v1";
const EXAMPLE_BASE = "https://gallery.example.com/gallery/api/admin/v1";

const KNOWN_OPTIONS = [
  "baseUrl",
  "consumerKey",
  "consumerSecret",
  "placement",
  "fetch",
  "dispatcher",
  "headers",
  "timeoutMs",
  "retry",
  "clockOffsetSeconds",
  "userAgent",
] as const;
const KNOWN_RETRY_OPTIONS = [
  "attempts",
  "minDelayMs",
  "maxDelayMs",
  "onRetry",
  "random",
  "sleep",
] as const;

function suggestion(name: string, valid: readonly string[]): string {
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of valid) {
    const d = leven(name.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best !== undefined && bestDistance <= Math.max(2, Math.floor(name.length / 3))
    ? ` (did you mean "${best}"?)`
    : "";
}

function checkKnownKeys(object: object, valid: readonly string[], where: string): void {
  for (const key of Object.keys(object)) {
    if (!valid.includes(key)) {
      throw new TypeError(
        `Unknown ${where} option "${key}"${suggestion(key, valid)}; valid options: ${valid.join(", ")}`,
      );
    }
  }
}

function typeName(value: unknown): string {
  return value === null ? "null" : Array.isArray(value) ? "array" : typeof value;
}

function checkCredential(name: string, value: unknown): string {
  if (typeof value !== "string") {
    throw new TypeError(
      `${name} must be a string (the Curator's API ${name === "consumerKey" ? "key" : "secret"} from the Gallery's settings page), got ${typeName(value)}`,
    );
  }
  if (value === "") {
    throw new TypeError(
      `${name} is empty: pass the Curator's API ${name === "consumerKey" ? "key" : "secret"} from the Gallery's settings page ("API Access")`,
    );
  }
  if (value !== value.trim()) {
    // Mistake 8 of admin-api-v1.md: it signs fine locally and fails on the server.
    throw new TypeError(
      `${name} has leading or trailing whitespace (often a pasted space or newline), which makes every signature invalid; remove it`,
    );
  }
  return value;
}

/**
 * Validates and normalizes a base URL: absolute http(s), ending in `/api/admin/v1`, without a
 * trailing slash, query or fragment.
 * @internal
 */
export function normalizeBaseUrl(value: unknown): string {
  if (typeof value !== "string" || value.trim() === "") {
    throw new TypeError(
      `baseUrl must be the Admin API root as a string, such as ${EXAMPLE_BASE}; got ${typeof value === "string" ? "an empty string" : typeName(value)}`,
    );
  }
  if (value !== value.trim()) {
    throw new TypeError(
      `baseUrl has leading or trailing whitespace; remove it (expected something like ${EXAMPLE_BASE})`,
    );
  }
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) {
    throw new TypeError(
      `baseUrl "${value}" has no scheme; write it as an absolute URL such as https://${value.replace(/^\/+/, "")} (expected something like ${EXAMPLE_BASE})`,
    );
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new TypeError(
      `baseUrl "${value}" is not a valid URL; expected something like ${EXAMPLE_BASE}`,
    );
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new TypeError(
      `baseUrl must use http or https, not "${url.protocol.slice(0, -1)}"; expected something like ${EXAMPLE_BASE}`,
    );
  }
  if (url.username !== "" || url.password !== "") {
    throw new TypeError(
      "baseUrl must not contain a user name or password; the API is signed with consumerKey and consumerSecret",
    );
  }
  if (url.search !== "" || url.hash !== "") {
    // The query is not echoed: it might hold oauth parameters copied from a signed URL.
    throw new TypeError(
      `baseUrl must not have a query string or fragment; use just the API root, such as ${url.origin}${url.pathname.replace(/\/+$/, "")}`,
    );
  }
  const path = url.pathname.replace(/\/+$/, "");
  if (!path.endsWith(ADMIN_API_ROOT)) {
    throw new TypeError(`baseUrl "${value}" ${describeWrongPath(url.origin, path)}`);
  }
  return `${url.origin}${path}`;
}

function describeWrongPath(origin: string, path: string): string {
  const rootIndex = path.indexOf(`${ADMIN_API_ROOT}/`);
  if (rootIndex !== -1) {
    return `includes an endpoint after the API root; pass only the root: ${origin}${path.slice(0, rootIndex + ADMIN_API_ROOT.length)}`;
  }
  if (/\/webapi\/admin\/v1$/i.test(path)) {
    return `is the OAuth2 /webapi API of Server 2021.4+, which this client does not speak (it signs with OAuth1); use the Gallery's OAuth1 root, such as ${origin}/gallery${ADMIN_API_ROOT}`;
  }
  if (/\/api\/(admin\/v2|v1|user\/v2)$/i.test(path)) {
    return `is another Gallery API; this client speaks Admin API v1: ${origin}${path.replace(/\/api\/.*$/i, "")}${ADMIN_API_ROOT}`;
  }
  const suggested =
    path === "" ? `${origin}/gallery${ADMIN_API_ROOT}` : `${origin}${path}${ADMIN_API_ROOT}`;
  return `does not end in the Admin API root "${ADMIN_API_ROOT}"; it should look like ${suggested}`;
}

function checkNumber(
  name: string,
  value: unknown,
  fallback: number,
  rule: { min: number; integer?: boolean; allowInfinity?: boolean },
): number {
  if (value === undefined) return fallback;
  const ok =
    typeof value === "number" &&
    !Number.isNaN(value) &&
    value >= rule.min &&
    (rule.allowInfinity === true || Number.isFinite(value)) &&
    (rule.integer !== true || Number.isInteger(value));
  if (!ok) {
    throw new TypeError(
      `${name} must be ${rule.integer === true ? "an integer" : "a number"} >= ${rule.min}${rule.allowInfinity === true ? " (or Infinity)" : ""}, got ${typeof value === "number" ? String(value) : typeName(value)}`,
    );
  }
  return value as number;
}

function checkFunction<F>(name: string, value: unknown): F | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "function") {
    throw new TypeError(`${name} must be a function, got ${typeName(value)}`);
  }
  return value as F;
}

/** The defaults of {@link RetryOptions}. */
export const RETRY_DEFAULTS = { attempts: 3, minDelayMs: 250, maxDelayMs: 10_000 } as const;
/** The default per-attempt timeout. */
export const DEFAULT_TIMEOUT_MS = 30_000;
/** The longest delay setTimeout takes (2^31 - 1 ms); a longer one fires after 1 ms. */
const MAX_TIMER_MS = 2_147_483_647;

function normalizeRetry(value: unknown): NormalizedRetry {
  if (value === false) {
    return {
      attempts: 1,
      minDelayMs: 0,
      maxDelayMs: 0,
      onRetry: undefined,
      random: Math.random,
      sleep: undefined,
    };
  }
  if (
    value !== undefined &&
    (typeof value !== "object" || value === null || Array.isArray(value))
  ) {
    throw new TypeError(
      `retry must be an object such as { attempts: 3 } or false, got ${typeName(value)}`,
    );
  }
  const r = (value ?? {}) as RetryOptions;
  checkKnownKeys(r, KNOWN_RETRY_OPTIONS, "retry");
  const attempts = checkNumber("retry.attempts", r.attempts, RETRY_DEFAULTS.attempts, {
    min: 1,
    integer: true,
  });
  const minDelayMs = checkNumber("retry.minDelayMs", r.minDelayMs, RETRY_DEFAULTS.minDelayMs, {
    min: 0,
  });
  const maxDelayMs = checkNumber(
    "retry.maxDelayMs",
    r.maxDelayMs,
    Math.max(RETRY_DEFAULTS.maxDelayMs, minDelayMs),
    { min: 0 },
  );
  if (maxDelayMs > MAX_TIMER_MS || minDelayMs > MAX_TIMER_MS) {
    throw new TypeError(
      `retry delays must be at most ${MAX_TIMER_MS} ms (about 24.8 days, the longest a timer can wait)`,
    );
  }
  if (maxDelayMs < minDelayMs) {
    throw new TypeError(
      `retry.maxDelayMs (${maxDelayMs}) must not be smaller than retry.minDelayMs (${minDelayMs})`,
    );
  }
  return {
    attempts,
    minDelayMs,
    maxDelayMs,
    onRetry: checkFunction("retry.onRetry", r.onRetry),
    random: checkFunction<() => number>("retry.random", r.random) ?? Math.random,
    sleep: checkFunction("retry.sleep", r.sleep),
  };
}

/**
 * Validates {@link AdminClientOptions}; throws a TypeError saying what to fix.
 * @internal
 */
export function normalizeOptions(options: AdminClientOptions): NormalizedOptions {
  if (options === null || typeof options !== "object") {
    throw new TypeError(
      `createAdminClient() expects { baseUrl, consumerKey, consumerSecret }, got ${typeName(options)}`,
    );
  }
  checkKnownKeys(options, KNOWN_OPTIONS, "createAdminClient()");
  const baseUrl = normalizeBaseUrl(options.baseUrl);
  const consumerKey = checkCredential("consumerKey", options.consumerKey);
  const consumerSecret = checkCredential("consumerSecret", options.consumerSecret);
  const placement = options.placement ?? "header";
  if (placement !== "header" && placement !== "query") {
    throw new TypeError(
      `placement must be "header" or "query", got ${typeof placement === "string" ? `"${placement}"` : typeName(placement)}`,
    );
  }
  const fetchImpl = checkFunction<FetchLike>("fetch", options.fetch);
  const dispatcher = options.dispatcher;
  if (
    dispatcher !== undefined &&
    (typeof dispatcher !== "object" ||
      dispatcher === null ||
      typeof (dispatcher as { dispatch?: unknown }).dispatch !== "function")
  ) {
    throw new TypeError(
      `dispatcher must be an undici dispatcher such as new Agent({ connect: { ca } }), new ProxyAgent(url) or new EnvHttpProxyAgent(), got ${typeName(dispatcher)}`,
    );
  }
  let headers: Headers;
  try {
    headers = new Headers(options.headers);
  } catch (error) {
    throw new TypeError(
      `headers must be a Headers object, a record or a list of [name, value] pairs: ${(error as Error).message}`,
    );
  }
  if (options.userAgent !== undefined) {
    if (typeof options.userAgent !== "string" || options.userAgent.trim() === "") {
      throw new TypeError("userAgent must be a non-empty string");
    }
    headers.set("user-agent", options.userAgent);
  }
  const requestedTimeoutMs = checkNumber("timeoutMs", options.timeoutMs, DEFAULT_TIMEOUT_MS, {
    min: 1,
    allowInfinity: true,
  });
  // A timer cannot wait longer (setTimeout would fire after 1 ms instead): past it, none.
  const timeoutMs =
    requestedTimeoutMs > MAX_TIMER_MS ? Number.POSITIVE_INFINITY : requestedTimeoutMs;
  const clockOffsetSeconds = options.clockOffsetSeconds ?? 0;
  if (typeof clockOffsetSeconds !== "number" || !Number.isFinite(clockOffsetSeconds)) {
    throw new TypeError(
      `clockOffsetSeconds must be a finite number of seconds, got ${typeName(clockOffsetSeconds)}`,
    );
  }
  return {
    baseUrl,
    consumerKey,
    consumerSecret,
    placement,
    fetch: fetchImpl,
    dispatcher,
    headers,
    timeoutMs,
    retry: normalizeRetry(options.retry),
    clockOffsetSeconds,
  };
}
