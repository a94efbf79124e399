/**
 * The fetch that openapi-fetch calls: signs, times out and retries each request. This is where
 * a request is signed: once per attempt, so every attempt carries a fresh nonce and timestamp
 * (a server that remembers nonces would reject a replayed one).
 */
import type { Signer } from "@alteryx-admin/oauth1-signer";
import { AlteryxNetworkError, type RequestRecord, safePath, tagResponse } from "./errors.js";
import type { FetchLike, NormalizedRetry, Placement, RetryEvent } from "./options.js";
import { backoffDelay, isRetriableStatus, parseRetryAfter } from "./retry-after.js";

/** Options of {@link createAdminFetch}. @internal */
export interface AdminFetchOptions {
  signer: Signer;
  placement: Placement;
  fetch: FetchLike | undefined;
  timeoutMs: number;
  retry: NormalizedRetry;
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
export function createAdminFetch(o: AdminFetchOptions): (request: Request) => Promise<Response> {
  const { signer, placement, timeoutMs, retry } = o;
  const sleep = retry.sleep ?? abortableSleep;
  const hasTimeout = Number.isFinite(timeoutMs);

  /**
   * Signs one attempt and sends it. The template request is never modified. Without a custom
   * fetch, globalThis.fetch gets a URL and init rather than a Request: given a Request, Node's
   * fetch copies it into another one, which costs as much as the signing.
   */
  async function sendAttempt(
    template: Request,
    body: ArrayBuffer | null,
    formBody: string | null,
    signal: AbortSignal | undefined,
  ): Promise<Response> {
    const authorization =
      formBody === null
        ? await signer.authorize({ method: template.method, url: template.url })
        : await signer.authorize({
            method: template.method,
            url: template.url,
            body: formBody,
            contentType: template.headers.get("content-type"),
          });
    let headers: Headers = template.headers;
    if (placement === "header") {
      headers = new Headers(template.headers);
      headers.set("authorization", authorization.header);
    }
    const init: RequestInit = { method: template.method, headers, redirect: template.redirect };
    if (signal !== undefined) init.signal = signal;
    if (body !== null) init.body = body;
    const url = placement === "query" ? authorization.url : template.url;
    return o.fetch === undefined ? globalThis.fetch(url, init) : o.fetch(new Request(url, init));
  }

  /** Tells onRetry which attempt is retried and why, then waits (the caller's signal stops it). */
  function waitBeforeRetry(
    request: Request,
    callerSignal: AbortSignal | undefined,
    event: Pick<RetryEvent, "attempt" | "attempts" | "delayMs">,
    cause: Pick<RetryEvent, "status"> | Pick<RetryEvent, "error">,
  ): Promise<void> {
    retry.onRetry?.({ ...event, method: request.method, path: safePath(request.url), ...cause });
    return sleep(event.delayMs, callerSignal ?? NEVER_ABORTED);
  }

  return async function adminFetch(request: Request): Promise<Response> {
    const method = request.method;
    const attempts = method === "GET" || method === "HEAD" ? retry.attempts : 1;
    const callerSignal = withoutCallerSignal.has(request) ? undefined : request.signal;
    // Buffer a body once so that it can be sent again (a stream is read only once), and read a
    // form body as text because RFC 5849 signs its fields.
    let body: ArrayBuffer | null = null;
    let formBody: string | null = null;
    if (request.body !== null) {
      body = await request.arrayBuffer();
      if (FORM_TYPE.test(request.headers.get("content-type") ?? "")) {
        formBody = UTF8.decode(body);
      }
    }

    for (let attempt = 1; ; attempt++) {
      callerSignal?.throwIfAborted();
      // Without a timeout the caller's signal is enough; with one, a controller per attempt
      // aborts on whichever comes first.
      let attemptSignal = callerSignal;
      let onCallerAbort: (() => void) | undefined;
      let timer: ReturnType<typeof setTimeout> | undefined;
      let timedOut = false;
      if (hasTimeout) {
        const controller = new AbortController();
        attemptSignal = controller.signal;
        if (callerSignal !== undefined) {
          onCallerAbort = () => controller.abort(callerSignal.reason);
          callerSignal.addEventListener("abort", onCallerAbort, { once: true });
        }
        timer = setTimeout(() => {
          timedOut = true;
          controller.abort(new DOMException(`timed out after ${timeoutMs} ms`, "TimeoutError"));
        }, timeoutMs);
      }

      let response: Response;
      try {
        response = await sendAttempt(request, body, formBody, attemptSignal);
      } catch (error) {
        clearTimeout(timer);
        if (onCallerAbort !== undefined) callerSignal?.removeEventListener("abort", onCallerAbort);
        if (callerSignal?.aborted) throw callerSignal.reason;
        // Errors thrown before fetch ran (a bad URL or signer input) are not worth retrying.
        if (error instanceof TypeError && !isFetchFailure(error)) throw error;
        if (attempt < attempts) {
          const delayMs = backoffDelay(attempt, retry.minDelayMs, retry.maxDelayMs, retry.random);
          await waitBeforeRetry(request, callerSignal, { attempt, attempts, delayMs }, { error });
          continue;
        }
        throw new AlteryxNetworkError({
          method,
          path: safePath(request.url),
          attempts: attempt,
          timedOut,
          timeoutMs,
          cause: error,
        });
      }
      // The timeout covers connecting and waiting for the headers; the body is then read under
      // the caller's signal (a package download may legitimately take long).
      clearTimeout(timer);

      if (attempt < attempts && isRetriableStatus(response.status)) {
        const retryAfterMs = parseRetryAfter(response.headers.get("retry-after"));
        // A server asking for a longer wait than maxDelayMs gets its answer passed to the
        // caller rather than a silently hanging call.
        if (retryAfterMs === undefined || retryAfterMs <= retry.maxDelayMs) {
          const delayMs = Math.max(
            backoffDelay(attempt, retry.minDelayMs, retry.maxDelayMs, retry.random),
            retryAfterMs ?? 0,
          );
          if (onCallerAbort !== undefined)
            callerSignal?.removeEventListener("abort", onCallerAbort);
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
