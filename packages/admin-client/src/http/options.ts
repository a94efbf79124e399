/**
 * Validation of {@link AdminClientOptions}. Every mistake is reported when the client is
 * created, with what to fix; messages never contain the consumer secret.
 */
import type { TokenSource } from "@alteryx-admin/oauth2";
import leven from "leven";
import {
  ADMIN_API_ROOT,
  defaultTokenUrl,
  isLoopback,
  normalizeBaseUrl,
  normalizeServerBaseUrl,
  schemeOfPath,
  WEBAPI_ADMIN_ROOT,
} from "./base-url.js";
import type { AlteryxNetworkError } from "./errors.js";
import { clientTokenSource } from "./oauth2.js";
import { typeName } from "./type-name.js";

export { normalizeBaseUrl } from "./base-url.js";

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

/**
 * How the client authenticates: `"oauth1"`, RFC 5849 signatures at `/gallery/api/...` (Server
 * 2021.4 and older), or `"oauth2"`, client-credentials bearer tokens at `/webapi/...` (Server
 * 2021.4 and later, the only scheme from 2022.1).
 */
export type AuthScheme = "oauth1" | "oauth2";

/** The options both clients share: credentials, network, timeouts and retries. */
export interface CommonClientOptions {
  /** The API key (My Profile > Keys, or the Gallery's "API Access" settings). */
  consumerKey: string;
  /** The API secret. Never logged or shown in errors. */
  consumerSecret: string;
  /**
   * OAuth2 only: the token endpoint. Default: `/webapi/oauth2/token` next to the base URL's
   * `/webapi` (`<origin>/webapi/oauth2/token` for a server at the root of its host).
   */
  tokenUrl?: string | URL;
  /**
   * OAuth2 only: allow plain `http:` for the API and the token endpoint on a host that is not
   * loopback (default false). Loopback hosts (127.0.0.0/8, `[::1]`, `localhost`, such as the
   * mock) are always allowed. Elsewhere the secret and the token would cross the network
   * unencrypted: only for a server without TLS on a network you trust.
   */
  allowInsecureHttp?: boolean;
  /**
   * OAuth2 only: how the key and secret go to the token endpoint: `"basic"` (default), HTTP
   * Basic with both form-encoded first as RFC 6749 2.3.1 says; `"post"`, `client_id` and
   * `client_secret` form fields, for a server that does not decode the former.
   */
  clientAuth?: "basic" | "post";
  /**
   * OAuth2 only: take bearer tokens from this token source instead of one the client makes from
   * `consumerKey` and `consumerSecret`. Pass one client's `tokenSource` to another client of the
   * same server (Admin v1 and Server API v3) so that both send one token, fetched once, and
   * renewed once when it expires or is refused. The source keeps its own token URL and client
   * authentication: `tokenUrl` and `clientAuth` cannot be given with it; the key and secret are
   * still checked, and should be those the source was made with.
   *
   * @example
   * const admin = createAdminClient({ baseUrl: `${root}/webapi/admin/v1`, consumerKey, consumerSecret });
   * const server = createServerClient({
   *   baseUrl: `${root}/webapi`, consumerKey, consumerSecret, tokenSource: admin.tokenSource,
   * });
   */
  tokenSource?: TokenSource | undefined;
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
  /** A `User-Agent` header for every request. */
  userAgent?: string;
}

/** Options of {@link createAdminClient}. */
export interface AdminClientOptions extends CommonClientOptions {
  /**
   * The Admin API v1 root: `https://host/webapi/admin/v1` (OAuth2, Server 2021.4 and later) or
   * `https://host/gallery/api/admin/v1` (OAuth1, Server 2021.4 and older).
   */
  baseUrl: string;
  /**
   * The scheme. Default: from the base URL, `"oauth2"` for a path under `/webapi/`, `"oauth1"`
   * for `/gallery/api/` and for any other path (a proxy's own prefix): set `"oauth2"` there
   * for a current server. A base URL that contradicts it is an option error.
   */
  auth?: AuthScheme;
  /** OAuth1 only: where the OAuth1 parameters go (default "header"). */
  placement?: Placement;
  /** OAuth1 only: seconds added to the local clock for `oauth_timestamp` (clock skew). */
  clockOffsetSeconds?: number;
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

/** The options both clients share, after validation. @internal */
export interface NormalizedCommon {
  consumerKey: string;
  consumerSecret: string;
  fetch: FetchLike | undefined;
  dispatcher: DispatcherLike | undefined;
  headers: Headers;
  timeoutMs: number;
  retry: NormalizedRetry;
}

/** The OAuth2 settings after validation. @internal */
export interface NormalizedOAuth2 {
  /** Where requests get their bearer token: the client's own source, or the one given. */
  tokenSource: TokenSource;
  /** The token endpoint of the client's own source (undefined when a source was given). */
  tokenUrl: string | undefined;
  allowInsecureHttp: boolean;
}

/** {@link AdminClientOptions} after validation, for an OAuth1 client. @internal */
export interface NormalizedOAuth1Options extends NormalizedCommon {
  auth: "oauth1";
  baseUrl: string;
  placement: Placement;
  clockOffsetSeconds: number;
}

/** {@link AdminClientOptions} after validation, for an OAuth2 client. @internal */
export interface NormalizedOAuth2Options extends NormalizedCommon, NormalizedOAuth2 {
  auth: "oauth2";
  baseUrl: string;
}

/** {@link AdminClientOptions} after validation, tagged by `auth`. @internal */
export type NormalizedOptions = NormalizedOAuth1Options | NormalizedOAuth2Options;

const COMMON_OPTIONS = [
  "baseUrl",
  "consumerKey",
  "consumerSecret",
  "tokenUrl",
  "allowInsecureHttp",
  "clientAuth",
  "tokenSource",
  "fetch",
  "dispatcher",
  "headers",
  "timeoutMs",
  "retry",
  "userAgent",
] as const;
const ADMIN_OPTIONS = [...COMMON_OPTIONS, "auth", "placement", "clockOffsetSeconds"] as const;
const KNOWN_RETRY_OPTIONS = [
  "attempts",
  "minDelayMs",
  "maxDelayMs",
  "onRetry",
  "random",
  "sleep",
] as const;

/**
 * ` (did you mean "X"?)` when one of `valid` is close to `name` (case aside), else "".
 * @internal
 */
export function suggestion(name: string, valid: readonly string[]): string {
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

/** A number option within `rule`, or `fallback` when absent; throws naming it otherwise. @internal */
export function checkNumber(
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

/** A function option, or undefined when absent; throws naming it otherwise. @internal */
export function checkFunction<F>(name: string, value: unknown): F | undefined {
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

/** Validates the options both clients share; `where` names the function in messages. */
function normalizeCommon(options: CommonClientOptions, where: string): NormalizedCommon {
  const consumerKey = checkCredential("consumerKey", options.consumerKey);
  const consumerSecret = checkCredential("consumerSecret", options.consumerSecret);
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
  if (options.allowInsecureHttp !== undefined && typeof options.allowInsecureHttp !== "boolean") {
    throw new TypeError(
      `${where}: allowInsecureHttp must be true or false, got ${typeName(options.allowInsecureHttp)}`,
    );
  }
  const requestedTimeoutMs = checkNumber("timeoutMs", options.timeoutMs, DEFAULT_TIMEOUT_MS, {
    min: 1,
    allowInfinity: true,
  });
  // A timer cannot wait longer (setTimeout would fire after 1 ms instead): past it, none.
  const timeoutMs =
    requestedTimeoutMs > MAX_TIMER_MS ? Number.POSITIVE_INFINITY : requestedTimeoutMs;
  return {
    consumerKey,
    consumerSecret,
    fetch: fetchImpl,
    dispatcher,
    headers,
    timeoutMs,
    retry: normalizeRetry(options.retry),
  };
}

function checkObject(options: unknown, where: string, example: string): void {
  if (options === null || typeof options !== "object") {
    throw new TypeError(
      `${where} expects { baseUrl, consumerKey, consumerSecret }, such as { baseUrl: "${example}", ... }; got ${typeName(options)}`,
    );
  }
}

/**
 * The OAuth2 settings: the token source that gives requests their bearer token (the one given,
 * or the client's own, beside the base URL's `/webapi` unless `tokenUrl` says otherwise), and
 * the rule that plain http is for loopback hosts unless `allowInsecureHttp` says otherwise (the
 * bearer token crosses the network with every call). The token URL and client authentication
 * are checked by the token source alone (@alteryx-admin/oauth2), when it is made here.
 */
function normalizeOAuth2(
  baseUrl: string,
  options: CommonClientOptions,
  common: NormalizedCommon,
): NormalizedOAuth2 {
  const allowInsecureHttp = options.allowInsecureHttp === true;
  const base = new URL(baseUrl);
  if (base.protocol === "http:" && !allowInsecureHttp && !isLoopback(base.hostname)) {
    throw new TypeError(
      `baseUrl ${base.origin} is plain http: the OAuth2 token would cross the network unencrypted with every call. Use https://, or set allowInsecureHttp: true for a server without TLS on a network you trust`,
    );
  }
  const given = options.tokenSource;
  if (given !== undefined) {
    if (
      typeof given !== "object" ||
      given === null ||
      typeof given.getToken !== "function" ||
      typeof given.invalidate !== "function"
    ) {
      throw new TypeError(
        `tokenSource must be a token source such as another client's tokenSource, or createTokenSource() of @alteryx-admin/oauth2, got ${typeName(given)}`,
      );
    }
    for (const name of ["tokenUrl", "clientAuth"] as const) {
      if (options[name] !== undefined) {
        throw new TypeError(
          `${name} cannot be given with tokenSource: the token source has its own; remove ${name}`,
        );
      }
    }
    return { tokenSource: given, tokenUrl: undefined, allowInsecureHttp };
  }
  const tokenUrl = options.tokenUrl ?? defaultTokenUrl(baseUrl);
  const tokenSource = clientTokenSource({
    ...common,
    tokenUrl,
    allowInsecureHttp,
    clientAuth: options.clientAuth,
  });
  return { tokenSource, tokenUrl: String(tokenUrl), allowInsecureHttp };
}

/** The scheme of an Admin v1 client: the explicit `auth`, checked against the base URL. */
function resolveScheme(baseUrl: string, auth: unknown): AuthScheme {
  const implied = schemeOfPath(new URL(baseUrl).pathname);
  if (auth === undefined) return implied ?? "oauth1";
  if (auth !== "oauth1" && auth !== "oauth2") {
    throw new TypeError(
      `auth must be "oauth1" or "oauth2", got ${typeof auth === "string" ? `"${auth}"` : typeName(auth)}`,
    );
  }
  if (implied !== undefined && implied !== auth) {
    const origin = new URL(baseUrl).origin;
    throw new TypeError(
      auth === "oauth1"
        ? `auth is "oauth1" but baseUrl ${baseUrl} is under /webapi/, which takes OAuth2 bearer tokens only; drop auth (or set "oauth2"), or use the OAuth1 base ${origin}/gallery${ADMIN_API_ROOT} of a Server 2021.4 or older`
        : `auth is "oauth2" but baseUrl ${baseUrl} is under /gallery/api/, which takes OAuth1 signatures only; use the OAuth2 base ${origin}${WEBAPI_ADMIN_ROOT} (Server 2021.4 and later), or drop auth`,
    );
  }
  return auth;
}

/**
 * Validates {@link AdminClientOptions}; throws a TypeError saying what to fix.
 * @internal
 */
export function normalizeOptions(options: AdminClientOptions): NormalizedOptions {
  checkObject(options, "createAdminClient()", "https://alteryx.example.com/webapi/admin/v1");
  checkKnownKeys(options, ADMIN_OPTIONS, "createAdminClient()");
  const baseUrl = normalizeBaseUrl(options.baseUrl);
  const auth = resolveScheme(baseUrl, options.auth);
  const common = normalizeCommon(options, "createAdminClient()");
  if (auth === "oauth2") {
    for (const name of ["placement", "clockOffsetSeconds"] as const) {
      if (options[name] !== undefined) {
        throw new TypeError(
          `${name} is an OAuth1 option, but this client uses OAuth2 bearer tokens (${options.auth === undefined ? "its baseUrl is under /webapi/" : 'auth: "oauth2"'}); remove it`,
        );
      }
    }
    return { ...common, baseUrl, auth, ...normalizeOAuth2(baseUrl, options, common) };
  }
  for (const name of ["tokenUrl", "allowInsecureHttp", "clientAuth", "tokenSource"] as const) {
    if (options[name] !== undefined) {
      throw new TypeError(
        `${name} is an OAuth2 option, but this client signs with OAuth1 (${options.auth === undefined ? "its baseUrl is not under /webapi/" : 'auth: "oauth1"'}); remove it, or use the /webapi/admin/v1 base of Server 2021.4 and later`,
      );
    }
  }
  const placement = options.placement ?? "header";
  if (placement !== "header" && placement !== "query") {
    throw new TypeError(
      `placement must be "header" or "query", got ${typeof placement === "string" ? `"${placement}"` : typeName(placement)}`,
    );
  }
  const clockOffsetSeconds = options.clockOffsetSeconds ?? 0;
  if (typeof clockOffsetSeconds !== "number" || !Number.isFinite(clockOffsetSeconds)) {
    throw new TypeError(
      `clockOffsetSeconds must be a finite number of seconds, got ${typeName(clockOffsetSeconds)}`,
    );
  }
  return { ...common, baseUrl, auth, placement, clockOffsetSeconds };
}

/** Options of {@link createServerClient}. */
export interface ServerClientOptions extends CommonClientOptions {
  /** The server's `/webapi` root, e.g. `https://alteryx.example.com/webapi` (paths add `/v3/...`). */
  baseUrl: string;
}

/** {@link ServerClientOptions} after validation. @internal */
export interface NormalizedServerOptions extends NormalizedCommon, NormalizedOAuth2 {
  baseUrl: string;
}

/**
 * Validates {@link ServerClientOptions}; throws a TypeError saying what to fix.
 * @internal
 */
export function normalizeServerOptions(options: ServerClientOptions): NormalizedServerOptions {
  checkObject(options, "createServerClient()", "https://alteryx.example.com/webapi");
  for (const name of ["auth", "placement", "clockOffsetSeconds"]) {
    if (name in options && (options as unknown as Record<string, unknown>)[name] !== undefined) {
      throw new TypeError(
        `createServerClient() does not take "${name}": Server API v3 takes OAuth2 bearer tokens only`,
      );
    }
  }
  checkKnownKeys(options, COMMON_OPTIONS, "createServerClient()");
  const baseUrl = normalizeServerBaseUrl(options.baseUrl);
  const common = normalizeCommon(options, "createServerClient()");
  return { ...common, baseUrl, ...normalizeOAuth2(baseUrl, options, common) };
}
