/**
 * The request pipeline: the fetch function given to openapi-fetch. Every request of a client
 * goes through it, and through one fetch call per attempt and redirect hop:
 *
 *   openapi-fetch's Request
 *   -> prepare: headers (read before the body), body buffered once, the caller's signal
 *   -> per attempt (a fresh timeout each): authorize (OAuth1: sign; OAuth2: bearer token)
 *      -> fetch(url, init) -> on a 401, once per call, renew (OAuth2: drop the refused token)
 *      and send again -> redirects (redirects.ts) -> body (body.ts: JSON read whole, others
 *      streamed)
 *   -> retry of GET/HEAD on network errors, timeouts, 429 and 5xx (retry.ts)
 *   -> the Response, tagged with the request for error messages, or a typed error (errors.ts).
 *
 * The authorize step is the only part that knows the credentials: the two schemes (oauth1.ts,
 * oauth2.ts) and the two APIs (Admin v1, Server API v3) share this pipeline.
 */
import { isReadWhole, readWhole, streamGuarded } from "./body.js";
import {
  AlteryxError,
  AlteryxNetworkError,
  AlteryxTimeoutError,
  type RequestSummary,
  tagResponse,
} from "./errors.js";
import type { DispatcherLike, FetchLike, NormalizedRetry, RetryEvent } from "./options.js";
import { targetDescriber } from "./redact.js";
import { nextHop } from "./redirects.js";
import { abortableSleep, backoffDelay, isRetriableStatus, parseRetryAfter } from "./retry.js";

/** One request about to be sent, as the authorize step sees it. */
export interface OutgoingRequest {
  readonly method: string;
  /** The absolute URL; the step may replace it (OAuth1 in the query). */
  url: string;
  /** This request's own headers: the step may set some (Authorization). */
  readonly headers: Headers;
  /** The body, buffered once per call so that every attempt can send it, or null. */
  readonly body: Uint8Array<ArrayBuffer> | null;
  /** Aborts with the caller's signal or this attempt's timeout (a token request waits on it). */
  readonly signal: AbortSignal;
  /** Which request this is, for the step's errors. */
  readonly summary: RequestSummary;
}

/**
 * Authorizes one outgoing request in place (sets a header, or rewrites the URL). Called for
 * every attempt and for every redirect hop that stays on the caller's origin; never for a hop
 * to another origin.
 */
export type AuthorizeStep = (request: OutgoingRequest) => void | Promise<void>;

/** Options of {@link createPipeline}. @internal */
export interface PipelineOptions {
  /** The API root the paths of errors are relative to. */
  baseUrl: string;
  authorize: AuthorizeStep;
  /**
   * Called when the server answers 401 to an authorized request, at most once per call: drops
   * the credentials that request carried and returns true to send it once more (re-authorized);
   * false hands the 401 on. Absent (OAuth1): a 401 is handed on.
   */
  renew?: ((request: OutgoingRequest) => boolean | Promise<boolean>) | undefined;
  /** The scheme, recorded with each answer for the hint of a 401. */
  auth?: "oauth1" | "oauth2";
  /** The caller's fetch; undefined: `globalThis.fetch`, looked up on each request. */
  fetch: FetchLike | undefined;
  /** Handed to fetch as `init.dispatcher` (undici's Agent, ProxyAgent, ...). */
  dispatcher: DispatcherLike | undefined;
  timeoutMs: number;
  retry: NormalizedRetry;
}

/** A call, prepared once and sent by each attempt. */
interface Call {
  method: string;
  url: string;
  headers: Headers;
  body: Uint8Array<ArrayBuffer> | null;
  signal: AbortSignal;
  redirect: RequestRedirect;
  summary: RequestSummary;
  /** True once a 401 has been answered by renewing the credentials (once per call). */
  renewed: boolean;
}

/** Why an attempt failed, when another attempt may do better. */
class AttemptFailure {
  constructor(
    readonly during: "request" | "body",
    readonly timedOut: boolean,
    readonly cause: unknown,
  ) {}
}

const SAFE_METHODS = new Set(["GET", "HEAD"]);

/**
 * True for the TypeError that fetch throws when the network fails ("fetch failed" with a cause
 * in Node, "Failed to fetch" / "NetworkError" / "Load failed" in browsers, a system error code
 * such as ECONNREFUSED on the error itself in Bun), as opposed to a TypeError from bad input.
 */
function isFetchFailure(error: unknown): boolean {
  if (!(error instanceof TypeError)) return false;
  const { cause, code } = error as TypeError & { cause?: unknown; code?: unknown };
  return (
    cause !== undefined ||
    // Bun: "ECONNREFUSED: Unable to connect...", code "ECONNREFUSED". Node's own ERR_* codes
    // mark bad arguments, not the network.
    (typeof code === "string" && /^E(?!RR_)[A-Z]+$/.test(code)) ||
    /fetch failed|failed to fetch|networkerror|network error|load failed|terminated|unable to connect/i.test(
      error.message,
    )
  );
}

/** Settles like `promise`, or rejects with the signal's reason as soon as it aborts. */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}

/**
 * Reads what every attempt needs from the Request. With a body, the headers are copied before
 * the body is read: Bun drops a multipart body's Content-Type from a Request once it is read.
 */
async function prepare(
  request: Request,
  describe: (url: string) => { origin: string; path: string },
): Promise<Call> {
  const headers = request.body === null ? request.headers : new Headers(request.headers);
  const body = request.body === null ? null : new Uint8Array(await request.arrayBuffer());
  const method = request.method.toUpperCase();
  return {
    method,
    url: request.url,
    headers,
    body,
    signal: request.signal,
    redirect: request.redirect ?? "follow",
    summary: { method, ...describe(request.url) },
    renewed: false,
  };
}

/** Sends one request (one hop): authorized on the caller's origin, bare elsewhere. */
async function sendHop(
  o: PipelineOptions,
  call: Call,
  hop: { url: string; authorized: boolean },
  signal: AbortSignal,
): Promise<{ response: Response; outgoing: OutgoingRequest }> {
  const headers = new Headers(call.headers);
  if (!hop.authorized) for (const name of ["authorization", "cookie"]) headers.delete(name);
  const outgoing: OutgoingRequest = {
    method: call.method,
    url: hop.url,
    headers,
    body: call.body,
    signal,
    summary: call.summary,
  };
  if (hop.authorized) await o.authorize(outgoing);
  const init: RequestInit & { dispatcher?: DispatcherLike } = {
    method: call.method,
    headers,
    redirect: "manual",
    signal,
  };
  if (call.body !== null) init.body = call.body;
  if (o.dispatcher !== undefined) init.dispatcher = o.dispatcher;
  // Called as a method: a browser's fetch refuses to run detached from globalThis.
  const sent = o.fetch ? o.fetch(outgoing.url, init) : globalThis.fetch(outgoing.url, init);
  return { response: await untilAborted(sent, signal), outgoing };
}

/**
 * {@link sendHop}, and on a 401 to an authorized hop, once per call: renew the credentials and
 * send the same hop again. Any method: a 401 means the server did not act on the request, and
 * the body is the buffered copy, so it goes out intact (multipart included). A second 401 is
 * handed on.
 */
async function sendRenewing(
  o: PipelineOptions,
  call: Call,
  hop: { url: string; authorized: boolean },
  signal: AbortSignal,
): Promise<Response> {
  const { response, outgoing } = await sendHop(o, call, hop, signal);
  if (response.status !== 401 || !hop.authorized || o.renew === undefined || call.renewed) {
    return response;
  }
  call.renewed = true;
  if (!(await o.renew(outgoing))) return response;
  await response.body?.cancel().catch(() => undefined);
  return (await sendHop(o, call, hop, signal)).response;
}

/** One attempt: the request and its redirects, and a JSON body, within one timeout. */
async function attempt(o: PipelineOptions, call: Call, attempts: number): Promise<Response> {
  // The attempt's signal: aborted by its timeout, or by the caller's signal, forwarded by hand
  // (AbortSignal.any costs more than the rest of this function in Node; this runs per request).
  const controller = new AbortController();
  const { signal } = controller;
  const forward = () => controller.abort(call.signal.reason);
  if (call.signal.aborted) forward();
  else call.signal.addEventListener("abort", forward, { once: true });
  const timer = Number.isFinite(o.timeoutMs)
    ? setTimeout(() => controller.abort(new Error("attempt timed out")), o.timeoutMs)
    : undefined;
  /** True once a streamed body is handed on: the caller's signal must still reach fetch. */
  let streaming = false;
  let during: "request" | "body" = "request";
  try {
    let current = { url: call.url, authorized: true };
    let response = await sendRenewing(o, call, current, signal);
    for (let hops = 0; ; hops++) {
      const context = { request: call.summary, mode: call.redirect, hops };
      const next = nextHop(response, current.url, context);
      if (next === null) break;
      await response.body?.cancel().catch(() => undefined);
      current = next;
      response = await sendRenewing(o, call, current, signal);
    }
    during = "body";
    if (call.method === "HEAD" || response.body === null || !isReadWhole(response)) {
      const context = { request: call.summary, attempts, timeoutMs: o.timeoutMs };
      streaming = true;
      return streamGuarded(response, { ...context, signal: call.signal });
    }
    return await readWhole(response, call.summary, (text) => untilAborted(text, signal));
  } catch (error) {
    if (error instanceof AlteryxError || call.signal.aborted) throw error;
    if (controller.signal.aborted) throw new AttemptFailure(during, true, error);
    if (during === "body" || isFetchFailure(error)) throw new AttemptFailure(during, false, error);
    throw error;
  } finally {
    clearTimeout(timer);
    if (!streaming) call.signal.removeEventListener("abort", forward);
  }
}

/** The typed error for an attempt that failed. */
function toError(
  call: Call,
  failure: AttemptFailure,
  attempts: number,
  timeoutMs: number,
): AlteryxNetworkError {
  const init = { ...call.summary, attempts, during: failure.during };
  return failure.timedOut
    ? new AlteryxTimeoutError({ ...init, timeoutMs })
    : new AlteryxNetworkError({ ...init, cause: failure.cause });
}

/**
 * Creates the fetch function given to openapi-fetch. GET and HEAD get `retry.attempts`
 * attempts; other methods exactly one.
 * @internal
 */
export function createPipeline(o: PipelineOptions): (request: Request) => Promise<Response> {
  const { retry } = o;
  const sleep = retry.sleep ?? abortableSleep;
  const describe = targetDescriber(o.baseUrl);

  /** Tells onRetry which attempt is retried and why, then waits (the caller's signal stops it). */
  function waitBeforeRetry(
    call: Call,
    event: Pick<RetryEvent, "attempt" | "attempts" | "delayMs" | "status" | "error">,
  ): Promise<void> {
    retry.onRetry?.({ ...event, ...call.summary });
    return sleep(event.delayMs, call.signal);
  }

  return async function pipeline(request: Request): Promise<Response> {
    const call = await prepare(request, describe);
    const attempts = SAFE_METHODS.has(call.method) ? retry.attempts : 1;
    for (let n = 1; ; n++) {
      call.signal.throwIfAborted();
      const delayMs = backoffDelay(n, retry.minDelayMs, retry.maxDelayMs, retry.random);
      let response: Response;
      try {
        response = await attempt(o, call, n);
      } catch (error) {
        if (call.signal.aborted) throw call.signal.reason;
        if (!(error instanceof AttemptFailure)) throw error;
        const typed = toError(call, error, n, o.timeoutMs);
        if (n >= attempts) throw typed;
        await waitBeforeRetry(call, { attempt: n, attempts, delayMs, error: typed });
        continue;
      }
      if (n < attempts && isRetriableStatus(response.status)) {
        const retryAfterMs = parseRetryAfter(response.headers.get("retry-after"));
        // A server asking for a longer wait than maxDelayMs gets its answer passed to the
        // caller rather than a silently hanging call.
        if (retryAfterMs === undefined || retryAfterMs <= retry.maxDelayMs) {
          await response.body?.cancel().catch(() => undefined);
          const wait = Math.max(delayMs, retryAfterMs ?? 0);
          await waitBeforeRetry(call, {
            attempt: n,
            attempts,
            delayMs: wait,
            status: response.status,
          });
          continue;
        }
      }
      const auth = o.auth === undefined ? {} : { auth: o.auth };
      return tagResponse(response, { ...call.summary, attempts: n, ...auth });
    }
  };
}
