/**
 * The client's errors: one base class, {@link AlteryxError}, carrying the request (method,
 * origin, path), and a subclass per thing a caller may want to branch on. None of them keeps a
 * signature or a secret: paths lose their `oauth_*` parameters, server texts are redacted.
 *
 * - {@link AlteryxApiError}: the server answered with a non-2xx status.
 * - {@link AlteryxNetworkError}: no complete answer (connection refused, reset, cut mid-body).
 * - {@link AlteryxTimeoutError}: an attempt took longer than `timeoutMs` (a network error too).
 * - {@link AlteryxResponseError}: a 2xx answer that is not what was expected (not JSON).
 * - {@link AlteryxRedirectError}: a redirect the client refuses to follow.
 * - {@link AlteryxPagingError}: a paging walk that cannot go on.
 * - {@link AlteryxTokenError}: OAuth2 only, the token endpoint gave no token.
 * - {@link AlteryxJobTimeoutError}: a job run with `runWorkflow(..., { wait })` did not end in time.
 */
import type { components } from "../generated/admin-v1.js";
import { redactOAuthText, redactUrl } from "./redact.js";

type GalleryErrorBody = components["schemas"]["GalleryError"];

/** The request an error is about. */
export interface RequestSummary {
  /** HTTP method, e.g. "GET" ("" when unknown). */
  method: string;
  /** Scheme, host and port of the server, e.g. "https://gallery.example.com" ("" when unknown). */
  origin: string;
  /** Path and query relative to the client's base URL (`/users/?page=0`), without oauth_*. */
  path: string;
}

/** What the pipeline records about the request a Response answers. @internal */
export interface AnsweredRequest extends RequestSummary {
  attempts: number;
  /** The scheme the request was authorized with, for the hint of a 401. */
  auth?: "oauth1" | "oauth2";
}

// Kept aside rather than as a property of the Response: a custom fetch may freeze it.
const answered = new WeakMap<Response, AnsweredRequest>();

/** Remembers which request a response answers, for error messages. @internal */
export function tagResponse(response: Response, request: AnsweredRequest): Response {
  answered.set(response, request);
  return response;
}

/** Flattens whitespace and shortens a text to one line of at most `max` characters. @internal */
export function oneLine(text: string, max = 500): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** "GET /users/", or "request" when nothing is known. */
function label(request: Partial<RequestSummary>): string {
  const path = request.path === undefined ? "" : redactUrl(request.path);
  return [request.method ?? "", path].filter((s) => s !== "").join(" ") || "request";
}

/** "GET /users/ to https://host", for failures where the server matters. */
function labelWithOrigin(request: RequestSummary): string {
  return request.origin === "" ? label(request) : `${label(request)} to ${request.origin}`;
}

function attemptsText(attempts: number): string {
  return attempts > 1 ? ` (${attempts} attempts)` : "";
}

/**
 * The base class of every error the client throws about a request. `method`, `origin` and
 * `path` say which request; the message is one line.
 *
 * @example
 * try { await downloadPackage(admin, id); }
 * catch (e) { if (e instanceof AlteryxError) console.error(`${e.method} ${e.origin}${e.path}: ${e.message}`); }
 */
export class AlteryxError extends Error {
  override name = "AlteryxError";
  readonly method: string;
  readonly origin: string;
  readonly path: string;

  constructor(message: string, request: Partial<RequestSummary>, options?: { cause?: unknown }) {
    super(oneLine(message, 1000), options);
    this.method = request.method ?? "";
    this.origin = request.origin ?? "";
    this.path = redactUrl(request.path ?? "");
  }
}

function isGalleryError(value: unknown): value is GalleryErrorBody {
  return (
    typeof value === "object" &&
    value !== null &&
    ("message" in value || "exceptionName" in value || "Message" in value)
  );
}

function stringField(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? redactOAuthText(value) : undefined;
}

/** ASP.NET's `modelState` (field -> messages), redacted; undefined when absent or empty. */
function modelStateOf(value: unknown): Record<string, string[]> | undefined {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return undefined;
  const result: Record<string, string[]> = {};
  for (const [field, messages] of Object.entries(value)) {
    const list = (Array.isArray(messages) ? messages : [messages])
      .map(stringField)
      .filter((m): m is string => m !== undefined);
    if (list.length > 0) result[field] = list;
  }
  return Object.keys(result).length === 0 ? undefined : result;
}

/** Why a status usually happens, for the common ones. */
function hintFor(
  status: number,
  exceptionName: string | undefined,
  auth: "oauth1" | "oauth2" | undefined,
): string | undefined {
  if ((status === 401 || exceptionName === "UnauthorizedException") && auth === "oauth2") {
    return "the server refused a fresh bearer token too: check that the API key's user has API access and the role the call needs (Curator for most v3 calls)";
  }
  if (status === 401 || exceptionName === "UnauthorizedException") {
    return "check consumerKey and consumerSecret (a Curator's API key), and the clock: set clockOffsetSeconds if the machine's time is off";
  }
  if (status === 403 && auth === "oauth2") {
    return "the token is valid, but this user may not do this: it needs the role (Curator for most v3 calls) or a permission on this resource, or the resource refuses it (see the message)";
  }
  if (status === 403) return "the key is valid but does not belong to a Curator";
  if (status === 429) return "the server is rate limiting; retry later or lower the request rate";
  return undefined;
}

/** Input of {@link AlteryxApiError}. */
export interface AlteryxApiErrorInit extends Partial<RequestSummary> {
  status: number;
  statusText?: string;
  /** The parsed error body (a GalleryError), or its text. */
  body?: unknown;
  attempts?: number;
  /** The scheme of the request (changes the 401 hint). */
  auth?: "oauth1" | "oauth2";
}

/**
 * The server answered with a non-2xx status. Carries the Gallery's error fields.
 *
 * @example
 * try { await unwrap(await admin.GET("/users/")); }
 * catch (e) { if (e instanceof AlteryxApiError && e.status === 401) console.error(e.message); }
 */
export class AlteryxApiError extends AlteryxError {
  override name = "AlteryxApiError";
  /** HTTP status, e.g. 401. */
  readonly status: number;
  /** HTTP status text, e.g. "Unauthorized" (may be empty). */
  readonly statusText: string;
  /** The Gallery's .NET exception name, e.g. "UnauthorizedException". */
  readonly exceptionName: string | undefined;
  /** The Gallery's `message`, or the body's text when it is not a Gallery error. */
  readonly galleryMessage: string | undefined;
  /** The Gallery's `innerExceptionMessage` (often empty, then undefined). */
  readonly innerExceptionMessage: string | undefined;
  /**
   * Server API v3's 400 answers: the problems per field (`{ "contract.email": ["..."] }`), from
   * ASP.NET's `modelState`; undefined when the body has none.
   */
  readonly modelState: Readonly<Record<string, readonly string[]>> | undefined;
  /** Attempts made (more than 1 when a GET was retried). */
  readonly attempts: number;
  /** A likely cause, for 401/403/429. */
  readonly hint: string | undefined;

  constructor(init: AlteryxApiErrorInit) {
    const { body } = init;
    let exceptionName: string | undefined;
    let galleryMessage: string | undefined;
    let innerExceptionMessage: string | undefined;
    let modelState: Record<string, string[]> | undefined;
    if (isGalleryError(body)) {
      const b = body as Record<string, unknown>;
      exceptionName = stringField(b.exceptionName);
      galleryMessage = stringField(b.message) ?? stringField(b.Message);
      innerExceptionMessage = stringField(b.innerExceptionMessage);
      modelState = modelStateOf(b.modelState ?? b.ModelState);
    } else if (typeof body === "string" && body.trim() !== "") {
      galleryMessage = oneLine(redactOAuthText(body), 200);
    }
    const statusText = init.statusText ?? "";
    const hint = hintFor(init.status, exceptionName, init.auth);
    let message = `${label(init)} failed with ${init.status}${statusText === "" ? "" : ` ${statusText}`}`;
    if (exceptionName !== undefined) message += ` (${exceptionName})`;
    if (galleryMessage !== undefined) message += `: ${galleryMessage}`;
    if (innerExceptionMessage !== undefined) message += ` [${innerExceptionMessage}]`;
    if (modelState !== undefined) {
      const problems = Object.entries(modelState).map(([f, m]) => `${f}: ${m.join(" ")}`);
      message += ` [${problems.join("; ")}]`;
    }
    if (init.attempts !== undefined && init.attempts > 1) {
      message += ` after ${init.attempts} attempts`;
    }
    if (hint !== undefined) message += ` (hint: ${hint})`;
    super(message, init);
    this.status = init.status;
    this.statusText = statusText;
    this.exceptionName = exceptionName;
    this.galleryMessage = galleryMessage;
    this.innerExceptionMessage = innerExceptionMessage;
    this.modelState = modelState;
    this.attempts = init.attempts ?? 1;
    this.hint = hint;
  }

  /** Builds the error from an openapi-fetch result's `response` and `error`. */
  static fromResponse(response: Response, body: unknown): AlteryxApiError {
    const request = answered.get(response);
    return new AlteryxApiError({
      ...request,
      status: response.status,
      statusText: response.statusText,
      body,
    });
  }
}

/** Input of {@link AlteryxNetworkError}. */
export interface AlteryxNetworkErrorInit extends RequestSummary {
  attempts: number;
  /** Whether the failure came before the answer's headers or while reading its body. */
  during: "request" | "body";
  cause: unknown;
}

/** The innermost code or message of fetch's error ("ECONNREFUSED"), for the message. */
function describeCause(cause: unknown): string {
  if (!(cause instanceof Error)) return String(cause);
  const inner = (cause as Error & { cause?: unknown }).cause;
  const code =
    inner instanceof Error ? ((inner as Error & { code?: string }).code ?? inner.message) : "";
  return code === "" || cause.message.includes(code) ? cause.message : `${cause.message} (${code})`;
}

/**
 * No complete answer: the connection was refused, reset or cut while the body was read, or the
 * host was not found (after the retries, for GET and HEAD). `cause` is fetch's error, whose own
 * `cause` usually has the system code (`ECONNREFUSED`).
 */
export class AlteryxNetworkError extends AlteryxError {
  override name = "AlteryxNetworkError";
  /** Attempts made. */
  readonly attempts: number;
  /** "request": no answer at all; "body": the answer started but its body did not complete. */
  readonly during: "request" | "body";

  constructor(init: AlteryxNetworkErrorInit, message?: string) {
    const what =
      init.during === "body"
        ? `failed while reading the answer's body${attemptsText(init.attempts)}`
        : `failed${attemptsText(init.attempts)}`;
    super(
      message ?? `${labelWithOrigin(init)} ${what}: ${redactOAuthText(describeCause(init.cause))}`,
      init,
      { cause: init.cause },
    );
    this.attempts = init.attempts;
    this.during = init.during;
  }
}

/**
 * An attempt took longer than `timeoutMs`: no answer in time, or (`during: "body"`) an answer
 * whose body stalled. A subclass of {@link AlteryxNetworkError}, so code that retries on network
 * errors retries on timeouts too.
 */
export class AlteryxTimeoutError extends AlteryxNetworkError {
  override name = "AlteryxTimeoutError";
  /** The limit that was reached, in milliseconds. */
  readonly timeoutMs: number;

  constructor(init: Omit<AlteryxNetworkErrorInit, "cause"> & { timeoutMs: number }) {
    const waiting =
      init.during === "body" ? "while reading the answer's body" : "waiting for an answer";
    super(
      { ...init, cause: undefined },
      `${labelWithOrigin(init)} timed out after ${init.timeoutMs} ms ${waiting}${attemptsText(init.attempts)}; check that the server is reachable, or raise timeoutMs`,
    );
    this.timeoutMs = init.timeoutMs;
  }
}

/**
 * A 2xx answer that is not what the call expected: a body that is not JSON where JSON was
 * expected (a proxy's or a login page's HTML, a truncated document).
 */
export class AlteryxResponseError extends AlteryxError {
  override name = "AlteryxResponseError";
  /** HTTP status of the answer. */
  readonly status: number;
  /** The answer's Content-Type ("" when it had none). */
  readonly contentType: string;

  constructor(init: RequestSummary & { status: number; contentType: string; bodyStart: string }) {
    const start = oneLine(redactOAuthText(init.bodyStart), 80);
    const type = init.contentType === "" ? "no content type" : init.contentType;
    super(
      `${labelWithOrigin(init)} answered ${init.status} with a body that is not JSON (${type}${start === "" ? "" : `: ${start}`}); is a proxy or a login page answering instead of the Gallery?`,
      init,
    );
    this.status = init.status;
    this.contentType = init.contentType;
  }
}

/**
 * A redirect the client does not follow: a POST, PUT, PATCH or DELETE answered with a redirect
 * (it would be sent again, or turned into a GET), too many redirects, or a redirect that a
 * browser hides from fetch. Nothing was re-sent.
 */
export class AlteryxRedirectError extends AlteryxError {
  override name = "AlteryxRedirectError";
  /** The redirect status (301, 302, 303, 307, 308; 0 for a browser's opaque redirect). */
  readonly status: number;
  /** Where the server redirected to (without oauth_* parameters; "" when hidden). */
  readonly location: string;

  constructor(init: RequestSummary & { status: number; location: string; reason: string }) {
    const to = init.location === "" ? "" : ` to ${init.location}`;
    super(`${labelWithOrigin(init)} was redirected (${init.status})${to}: ${init.reason}`, init);
    this.status = init.status;
    this.location = init.location;
  }
}

/** A paging walk cannot go on (the server ignores the paging parameters, or sent no list). */
export class AlteryxPagingError extends AlteryxError {
  override name = "AlteryxPagingError";
}

/** Input of {@link AlteryxTokenError}. */
export interface AlteryxTokenErrorInit extends Partial<RequestSummary> {
  /** Why: `"rejected"` (an error answer), `"malformed"` (not a token), `"network"`. */
  reason: "rejected" | "malformed" | "network";
  /** The token endpoint's origin and path. */
  tokenUrl: string;
  status?: number | undefined;
  error?: string | undefined;
  errorDescription?: string | undefined;
  /** What failed underneath (the token source's error); its message says what to fix. */
  cause: Error;
}

/**
 * OAuth2 only: the token endpoint gave no token for this request, so it was not sent. Carries
 * the RFC 6749 `error` and `error_description` and the status; never the secret or a token.
 *
 * @example
 * catch (e) { if (e instanceof AlteryxTokenError && e.error === "invalid_client") console.error("wrong API key or secret"); }
 */
export class AlteryxTokenError extends AlteryxError {
  override name = "AlteryxTokenError";
  /** `"rejected"`, `"malformed"` or `"network"` (see the token source's OAuth2TokenError). */
  readonly reason: "rejected" | "malformed" | "network";
  /** The token endpoint's origin and path (never its query). */
  readonly tokenUrl: string;
  /** The token endpoint's HTTP status, when it answered. */
  readonly status: number | undefined;
  /** RFC 6749 `error` code (`invalid_client`, ...), when the endpoint sent one. */
  readonly error: string | undefined;
  /** RFC 6749 `error_description`, when the endpoint sent one. */
  readonly errorDescription: string | undefined;

  constructor(init: AlteryxTokenErrorInit) {
    super(`${label(init)} was not sent: no OAuth2 token: ${init.cause.message}`, init, {
      cause: init.cause,
    });
    this.reason = init.reason;
    this.tokenUrl = init.tokenUrl;
    this.status = init.status;
    this.error = init.error;
    this.errorDescription = init.errorDescription;
  }
}

/**
 * A job followed by `runWorkflow(..., { wait })` had not ended when `timeoutMs` ran out. The job
 * goes on on the server: cancel it with `DELETE /v3/jobs/{jobId}`, or keep polling it.
 */
export class AlteryxJobTimeoutError extends AlteryxError {
  override name = "AlteryxJobTimeoutError";
  /** The job that was still running. */
  readonly jobId: string;
  /** Its status at the last poll (`Queued`, `Running`, ...). */
  readonly lastStatus: string;
  /** The limit that was reached, in milliseconds. */
  readonly timeoutMs: number;

  constructor(init: RequestSummary & { jobId: string; lastStatus: string; timeoutMs: number }) {
    super(
      `job ${init.jobId} was still ${init.lastStatus} after ${init.timeoutMs} ms; it goes on on the server: raise wait.timeoutMs, poll GET /v3/jobs/${init.jobId} yourself, or cancel it with DELETE /v3/jobs/${init.jobId}`,
      init,
    );
    this.jobId = init.jobId;
    this.lastStatus = init.lastStatus;
    this.timeoutMs = init.timeoutMs;
  }
}

/**
 * Returns `data` of an openapi-fetch result, or throws {@link AlteryxApiError} for a non-2xx
 * answer.
 *
 * @example
 * const users = unwrap(await admin.GET("/users/", { params: { query: { page: 0, pageSize: 100 } } }));
 */
export function unwrap<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (result.response.ok && result.error === undefined) return result.data as T;
  throw AlteryxApiError.fromResponse(result.response, result.error);
}
