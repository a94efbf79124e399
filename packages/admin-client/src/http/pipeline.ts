/**
 * The fetch that openapi-fetch calls: signs, times out and retries each request. This is where
 * a request is signed: once per attempt, so every attempt carries a fresh nonce and timestamp
 * (a server that remembers nonces would reject a replayed one).
 */
import type { Signer } from "@alteryx-admin/oauth1-signer";
import { AlteryxNetworkError, type RequestRecord, safePath, tagResponse } from "./errors.js";
import {
  AttemptTimeout,
  createNodeTransport,
  hasCustomDispatcher,
  isFollowedRedirect,
  type NodeSend,
} from "./node-transport.js";
import type { FetchLike, NormalizedRetry, Placement, RetryEvent } from "./options.js";
import { backoffDelay, isRetriableStatus, parseRetryAfter } from "./retry-after.js";

/** Options of {@link createAdminFetch}. @internal */
export interface AdminFetchOptions {
  signer: Signer;
  placement: Placement;
  fetch: FetchLike | undefined;
  timeoutMs: number;
  retry: NormalizedRetry;
  /** "fetch" sends every request with fetch; "auto" lets GET and HEAD use node:http on Node. */
  transport: "auto" | "fetch";
}

const FORM_TYPE = /^\s*application\/x-www-form-urlencoded\s*(;|$)/i;
const UTF8 = new TextDecoder();

/** Requests made without a caller's signal: their own signal can never abort. */
const withoutCallerSignal = new WeakSet<Request>();
/** A signal that never aborts, for waits of a call that the caller cannot abort. */
const NEVER_ABORTED = new AbortController().signal;

/**
 * The Request class given to openapi-fetch. It remembers whether the caller passed a `signal`:
 * a Request always has one, and handing fetch a signal to follow costs about 10 µs per request
 * in Node (a listener, a weak reference and a finalizer), which is wasted on a signal that
 * nothing can abort. A Request from elsewhere (a middleware's own) is treated as abortable.
 * @internal
 */
export class AdminRequest extends Request {
  constructor(input: RequestInfo | URL, init?: RequestInit) {
    super(input, init);
    if (init?.signal == null && !(input instanceof Request)) withoutCallerSignal.add(this);
  }
}

/**
 * What openapi-fetch builds for a bodiless call when no middleware will see the request: the
 * URL, method, headers and signal, kept as given. Only {@link createAdminFetch}'s fetch receives
 * it, and hands the same values to the platform fetch, which builds the one real Request.
 * A WHATWG Request costs about as much CPU as the signing (its constructor parses the URL and
 * creates an AbortSignal), and openapi-fetch would build one per call only to have fetch copy it.
 * @internal
 */
export class PlainRequest {
  readonly body = null;
  readonly method: string;
  /** openapi-fetch's merged headers: a fresh Headers per call, so it can be signed in place. */
  readonly headers: Headers;
  readonly redirect: RequestRedirect | undefined;
  readonly signal: AbortSignal | undefined;
  constructor(
    readonly url: string,
    init: RequestInit,
  ) {
    this.method = init.method ?? "GET";
    this.headers = init.headers as Headers;
    this.redirect = init.redirect;
    this.signal = init.signal ?? undefined;
  }
}

/** What a client's fetch can receive. @internal */
export type AnyRequest = Request | PlainRequest;

/**
 * The `Request` option for one client's openapi-fetch: a {@link PlainRequest} where that is
 * safe (a string URL, headers already a Headers, no body, and `usePlain()` says no middleware
 * will look at it), else an {@link AdminRequest}. A constructor may return another object; that
 * is what lets one class option pick per call.
 * @internal
 */
export function createRequestClass(usePlain: () => boolean): typeof Request {
  function ClientRequest(input: RequestInfo | URL, init?: RequestInit): AnyRequest {
    if (
      init !== undefined &&
      init.body == null &&
      typeof input === "string" &&
      init.headers instanceof Headers &&
      usePlain()
    ) {
      return new PlainRequest(input, init);
    }
    return new AdminRequest(input, init);
  }
  // openapi-fetch checks what a middleware returns with `instanceof` this class: any Request
  // must pass, as it would with the platform's Request.
  ClientRequest.prototype = Request.prototype;
  return ClientRequest as unknown as typeof Request;
}

/** Waits `ms`, or rejects with the abort reason as soon as `signal` aborts. */
function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
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

/** Request info whose path is computed only when an error message needs it. */
function lazyInfo(method: string, url: string, attempts: number): RequestRecord {
  let path: string | undefined;
  return {
    method,
    get path() {
      path ??= safePath(url);
      return path;
    },
    attempts,
  };
}

/**
 * Creates the fetch function given to openapi-fetch. GET and HEAD are retried on network
 * errors, timeouts, 429 and 5xx (except 501); other methods get exactly one attempt.
 * @internal
 */
export function createAdminFetch(o: AdminFetchOptions): (request: AnyRequest) => Promise<Response> {
  const { signer, placement, timeoutMs, retry } = o;
  const sleep = retry.sleep ?? abortableSleep;
  const hasTimeout = Number.isFinite(timeoutMs);
  // Without a custom fetch, bodiless GET and HEAD go over node:http on Node (see
  // node-transport.ts); it loads in the background and is awaited by the first request.
  let nodeSend: NodeSend | null = null;
  let nodeLoading: Promise<NodeSend | null> | null =
    o.fetch === undefined && o.transport !== "fetch" ? createNodeTransport() : null;

  /** A fresh signature for one attempt (a form body's fields are signed too). */
  function authorizeAttempt(template: AnyRequest, formBody: string | null) {
    return formBody === null
      ? signer.authorize({ method: template.method, url: template.url })
      : signer.authorize({
          method: template.method,
          url: template.url,
          body: formBody,
          contentType: template.headers.get("content-type"),
        });
  }

  /** Signs one attempt: the URL to send and the headers (never those of a Request, copied). */
  async function signAttempt(
    template: AnyRequest,
    formBody: string | null,
  ): Promise<{ url: string; headers: Headers }> {
    const authorization = await authorizeAttempt(template, formBody);
    let headers: Headers = template.headers;
    if (placement === "header") {
      // A PlainRequest's headers belong to this call alone; a Request's are copied, because
      // whoever built it may still hold it.
      if (template instanceof Request) headers = new Headers(headers);
      headers.set("authorization", authorization.header);
    }
    return { url: placement === "query" ? authorization.url : template.url, headers };
  }

  /**
   * Signs one attempt and sends it with fetch; the timeout, if any, aborts a controller of this
   * attempt. Without a custom fetch, globalThis.fetch gets a URL and init rather than a Request:
   * given a Request, Node's fetch copies it into another one, which costs as much as the signing.
   */
  async function fetchAttempt(
    template: AnyRequest,
    body: ArrayBuffer | null,
    formBody: string | null,
    callerSignal: AbortSignal | undefined,
  ): Promise<Response> {
    const { url, headers } = await signAttempt(template, formBody);
    const init: RequestInit = { method: template.method, headers };
    if (template.redirect !== undefined) init.redirect = template.redirect;
    if (body !== null) init.body = body;
    if (!hasTimeout) {
      // Without a timeout the caller's signal is enough, followed rather than handed over: fetch
      // leaves a listener on the signal it is given, one per call on a long-lived one.
      if (callerSignal !== undefined) init.signal = followBoth(callerSignal, undefined);
      return send(url, init);
    }
    // With one, a controller per attempt aborts on whichever comes first.
    const controller = new AbortController();
    init.signal = followBoth(callerSignal, controller.signal);
    const timer = setTimeout(
      () => controller.abort(new AttemptTimeout(`timed out after ${timeoutMs} ms`)),
      timeoutMs,
    );
    try {
      return await send(url, init);
    } finally {
      // The timeout covers connecting and waiting for the headers; the body is then read
      // under the caller's signal (a package download may legitimately take long).
      clearTimeout(timer);
    }
  }

  function send(url: string, init: RequestInit): Promise<Response> {
    return o.fetch === undefined ? globalThis.fetch(url, init) : o.fetch(new Request(url, init));
  }

  /** Signs one attempt and sends it over node:http (which handles the timeout itself). */
  async function nodeAttempt(
    transport: NodeSend,
    template: PlainRequest,
    callerSignal: AbortSignal | undefined,
  ): Promise<Response> {
    const authorization = await authorizeAttempt(template, null);
    const response = await transport(
      placement === "query" ? authorization.url : template.url,
      template.method,
      template.headers,
      placement === "header" ? authorization.header : undefined,
      callerSignal,
      timeoutMs,
      template.redirect,
    );
    if (
      template.redirect !== "manual" &&
      isFollowedRedirect(response.status, response.headers.has("location"))
    ) {
      // Redirects are fetch's to follow (and a signature never survives one, but that is for
      // the server to say): this attempt is signed again and sent with fetch. The transport
      // has not read this answer's body (it gives none).
      return fetchAttempt(template, null, null, callerSignal);
    }
    return response;
  }

  /** Tells onRetry which attempt is retried and why, then waits (the caller's signal stops it). */
  function waitBeforeRetry(
    request: AnyRequest,
    callerSignal: AbortSignal | undefined,
    event: Pick<RetryEvent, "attempt" | "attempts" | "delayMs">,
    cause: Pick<RetryEvent, "status"> | Pick<RetryEvent, "error">,
  ): Promise<void> {
    retry.onRetry?.({ ...event, method: request.method, path: safePath(request.url), ...cause });
    return sleep(event.delayMs, callerSignal ?? NEVER_ABORTED);
  }

  return async function adminFetch(request: AnyRequest): Promise<Response> {
    if (nodeLoading !== null) {
      nodeSend = await nodeLoading;
      nodeLoading = null;
    }
    const method = request.method;
    const attempts = method === "GET" || method === "HEAD" ? retry.attempts : 1;
    const callerSignal =
      request instanceof PlainRequest
        ? request.signal
        : withoutCallerSignal.has(request)
          ? undefined
          : request.signal;
    // Buffer a body once so that it can be sent again (a stream is read only once), and read a
    // form body as text because RFC 5849 signs its fields.
    let body: ArrayBuffer | null = null;
    let formBody: string | null = null;
    if (request instanceof Request && request.body !== null) {
      body = await request.arrayBuffer();
      if (FORM_TYPE.test(request.headers.get("content-type") ?? "")) {
        formBody = UTF8.decode(body);
      }
    }
    const transport =
      nodeSend !== null &&
      request instanceof PlainRequest &&
      (method === "GET" || method === "HEAD") &&
      request.redirect !== "error" &&
      isNodeOwnFetch(globalThis.fetch) &&
      !hasCustomDispatcher()
        ? nodeSend
        : null;

    for (let attempt = 1; ; attempt++) {
      callerSignal?.throwIfAborted();
      let response: Response;
      try {
        response =
          transport === null
            ? await fetchAttempt(request, body, formBody, callerSignal)
            : await nodeAttempt(transport, request as PlainRequest, callerSignal);
      } catch (error) {
        if (callerSignal?.aborted) throw callerSignal.reason;
        // Errors thrown before fetch ran (a bad URL or signer input) are not worth retrying.
        if (error instanceof TypeError && !isFetchFailure(error)) throw error;
        if (attempt < attempts) {
          const delayMs = backoffDelay(attempt, retry.minDelayMs, retry.maxDelayMs, retry.random);
          await waitBeforeRetry(request, callerSignal, { attempt, attempts, delayMs }, { error });
          continue;
        }
        const timedOut = error instanceof AttemptTimeout;
        throw new AlteryxNetworkError({
          method,
          path: safePath(request.url),
          attempts: attempt,
          timedOut,
          timeoutMs,
          cause: error,
        });
      }

      if (attempt < attempts && isRetriableStatus(response.status)) {
        const retryAfterMs = parseRetryAfter(response.headers.get("retry-after"));
        // A server asking for a longer wait than maxDelayMs gets its answer passed to the
        // caller rather than a silently hanging call.
        if (retryAfterMs === undefined || retryAfterMs <= retry.maxDelayMs) {
          const delayMs = Math.max(
            backoffDelay(attempt, retry.minDelayMs, retry.maxDelayMs, retry.random),
            retryAfterMs ?? 0,
          );
          // Release the connection of the answer we discard.
          await response.body?.cancel().catch(() => undefined);
          await waitBeforeRetry(
            request,
            callerSignal,
            { attempt, attempts, delayMs },
            { status: response.status },
          );
          continue;
        }
      }
      return tagResponse(response, lazyInfo(method, request.url, attempt));
    }
  };
}

/**
 * A signal that aborts when either does. AbortSignal.any holds its sources weakly: no listener
 * is left on a caller's long-lived signal (one per page of a paging walk, say), where a listener
 * per attempt would pile up. Without AbortSignal.any (older browsers), a listener it is.
 */
function followBoth(caller: AbortSignal, own: AbortSignal | undefined): AbortSignal;
function followBoth(caller: AbortSignal | undefined, own: AbortSignal): AbortSignal;
function followBoth(caller: AbortSignal | undefined, own: AbortSignal | undefined): AbortSignal {
  const sources = [caller, own].filter((s): s is AbortSignal => s !== undefined);
  if (typeof AbortSignal.any === "function") return AbortSignal.any(sources);
  if (sources.length === 1) return sources[0] as AbortSignal;
  const controller = new AbortController();
  for (const source of sources) {
    source.addEventListener("abort", () => controller.abort(source.reason), { once: true });
  }
  return controller.signal;
}

let checkedFetch: unknown;
let checkedIsNodeOwn = false;

/**
 * True when `fetch` is Node's own (not a stub or a wrapper that a test or an app installed on
 * globalThis): only then may a request skip it. Node's fetch loads undici lazily, which its
 * source says; the answer is cached per function.
 */
function isNodeOwnFetch(fetch: unknown): boolean {
  if (fetch !== checkedFetch) {
    checkedFetch = fetch;
    checkedIsNodeOwn =
      typeof fetch === "function" &&
      Function.prototype.toString.call(fetch).includes("internal/deps/undici");
  }
  return checkedIsNodeOwn;
}

/**
 * True for the TypeError that fetch throws when the network fails ("fetch failed" in Node,
 * "Failed to fetch" / "NetworkError" in browsers), as opposed to a TypeError from bad input.
 */
function isFetchFailure(error: TypeError): boolean {
  return (
    (error as TypeError & { cause?: unknown }).cause !== undefined ||
    /fetch failed|failed to fetch|networkerror|network error|load failed|terminated/i.test(
      error.message,
    )
  );
}
