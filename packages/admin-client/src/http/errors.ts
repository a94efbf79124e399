/**
 * Errors of the client: AlteryxApiError (the server answered non-2xx), AlteryxNetworkError (no
 * answer: connection failure or timeout, after the retries), and `unwrap()`. None of them keeps
 * a signature or a secret: URLs are stored without their oauth_* parameters.
 */
import type { components } from "./generated/admin-v1.js";
import { ADMIN_API_ROOT } from "./options.js";

type GalleryErrorBody = components["schemas"]["GalleryError"];

/** What the fetch layer records about a request on its Response, for error messages. @internal */
export interface RequestRecord {
  method: string;
  /** Path and query relative to the API root, without oauth_* parameters. */
  path: string;
  attempts: number;
}

// Request info per Response, kept aside: a property added to a Response would change its shape
// (slower in V8) and could be frozen by a custom fetch.
const requestInfos = new WeakMap<Response, RequestRecord>();

/** Remembers which request a response answers, for error messages. @internal */
export function tagResponse(response: Response, info: RequestRecord): Response {
  requestInfos.set(response, info);
  return response;
}

function requestInfoOf(response: Response): RequestRecord | undefined {
  return requestInfos.get(response);
}

/**
 * A URL's path and query relative to the Admin API root (`/users/?page=0`), with every
 * `oauth_*` query parameter removed, so that it can be logged.
 */
export function safePath(url: string): string {
  let pathAndQuery: string;
  try {
    const parsed = new URL(url);
    pathAndQuery = parsed.pathname + parsed.search;
  } catch {
    pathAndQuery = url;
  }
  const queryStart = pathAndQuery.indexOf("?");
  let path = queryStart === -1 ? pathAndQuery : pathAndQuery.slice(0, queryStart);
  const rootIndex = path.indexOf(ADMIN_API_ROOT);
  if (rootIndex !== -1) path = path.slice(rootIndex + ADMIN_API_ROOT.length) || "/";
  if (queryStart === -1) return path;
  // Split by hand: URLSearchParams would re-encode the other parameters.
  const kept = pathAndQuery
    .slice(queryStart + 1)
    .split("&")
    .filter((pair) => pair !== "" && !/^oauth_/i.test(pair));
  return kept.length === 0 ? path : `${path}?${kept.join("&")}`;
}

function oneLine(text: string, max = 500): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

function isGalleryError(value: unknown): value is GalleryErrorBody {
  return (
    typeof value === "object" &&
    value !== null &&
    ("message" in value || "exceptionName" in value || "Message" in value)
  );
}

/**
 * Hides the value of every oauth_signature in a text from the server. A proxy's error page or a
 * server's message may echo the request URL, which in query placement carries the signature.
 */
function redactSignatures(text: string): string {
  return text.replace(
    /(oauth_signature(?:=|%3D|"\s*:\s*|=\s*))("?)[^"&\s<>,;]+/gi,
    "$1$2[redacted]",
  );
}

function stringField(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? redactSignatures(value) : undefined;
}

/** Why a status usually happens, for the common ones. */
function hintFor(status: number, exceptionName: string | undefined): string | undefined {
  if (status === 401 || exceptionName === "UnauthorizedException") {
    return "check consumerKey and consumerSecret (a Curator's API key), and the clock: set clockOffsetSeconds if the machine's time is off";
  }
  if (status === 403) return "the key is valid but does not belong to a Curator";
  if (status === 429) return "the server is rate limiting; retry later or lower the request rate";
  return undefined;
}

/** Input of {@link AlteryxApiError}. */
export interface AlteryxApiErrorInit {
  status: number;
  statusText?: string;
  method?: string;
  /** Path relative to the API root; oauth_* parameters are removed if present. */
  path?: string;
  /** The parsed error body (a GalleryError), or its text. */
  body?: unknown;
  attempts?: number;
}

/**
 * The Gallery answered with a non-2xx status. Carries the Gallery's error fields; never the
 * signature or the secret.
 *
 * @example
 * try { await unwrap(await admin.GET("/users/")); }
 * catch (e) { if (e instanceof AlteryxApiError && e.status === 401) console.error(e.message); }
 */
export class AlteryxApiError extends Error {
  override readonly name = "AlteryxApiError";
  /** HTTP status, e.g. 401. */
  readonly status: number;
  /** HTTP status text, e.g. "Unauthorized" (may be empty). */
  readonly statusText: string;
  /** HTTP method, e.g. "GET" ("" when unknown). */
  readonly method: string;
  /** Path and query relative to the API root (`/users/?page=0`), without oauth_* parameters. */
  readonly path: string;
  /** The Gallery's .NET exception name, e.g. "UnauthorizedException". */
  readonly exceptionName: string | undefined;
  /** The Gallery's `message`, or the body's text when it is not a Gallery error. */
  readonly galleryMessage: string | undefined;
  /** The Gallery's `innerExceptionMessage` (often empty, then undefined). */
  readonly innerExceptionMessage: string | undefined;
  /** Attempts made (more than 1 when a GET was retried). */
  readonly attempts: number;
  /** A likely cause, for 401/403/429. */
  readonly hint: string | undefined;

  constructor(init: AlteryxApiErrorInit) {
    const body = init.body;
    let exceptionName: string | undefined;
    let galleryMessage: string | undefined;
    let innerExceptionMessage: string | undefined;
    if (isGalleryError(body)) {
      const b = body as Record<string, unknown>;
      exceptionName = stringField(b.exceptionName);
      galleryMessage = stringField(b.message) ?? stringField(b.Message);
      innerExceptionMessage = stringField(b.innerExceptionMessage);
    } else if (typeof body === "string" && body.trim() !== "") {
      galleryMessage = oneLine(redactSignatures(body), 200);
    }
    const method = init.method ?? "";
    const path = init.path === undefined ? "" : safePath(init.path);
    const statusText = init.statusText ?? "";
    const hint = hintFor(init.status, exceptionName);
    const what = [method, path].filter((s) => s !== "").join(" ") || "request";
    let message = `${what} failed with ${init.status}${statusText === "" ? "" : ` ${statusText}`}`;
    if (exceptionName !== undefined) message += ` (${exceptionName})`;
    if (galleryMessage !== undefined) message += `: ${galleryMessage}`;
    if (innerExceptionMessage !== undefined) message += ` [${innerExceptionMessage}]`;
    if (init.attempts !== undefined && init.attempts > 1)
      message += ` after ${init.attempts} attempts`;
    if (hint !== undefined) message += ` (hint: ${hint})`;
    super(oneLine(message, 1000));
    this.status = init.status;
    this.statusText = statusText;
    this.method = method;
    this.path = path;
    this.exceptionName = exceptionName;
    this.galleryMessage = galleryMessage;
    this.innerExceptionMessage = innerExceptionMessage;
    this.attempts = init.attempts ?? 1;
    this.hint = hint;
  }

  /** Builds the error from an openapi-fetch result's `response` and `error`. */
  static fromResponse(response: Response, body: unknown): AlteryxApiError {
    const info = requestInfoOf(response);
    return new AlteryxApiError({
      status: response.status,
      statusText: response.statusText,
      ...(info === undefined
        ? response.url === ""
          ? {}
          : { path: safePath(response.url) }
        : { method: info.method, path: info.path, attempts: info.attempts }),
      body,
    });
  }
}

/** No response at all: connection refused or dropped, DNS failure, or a timeout. */
export class AlteryxNetworkError extends Error {
  override readonly name = "AlteryxNetworkError";
  readonly method: string;
  /** Path and query relative to the API root, without oauth_* parameters. */
  readonly path: string;
  readonly attempts: number;
  /** True when the last attempt hit `timeoutMs`. */
  readonly timedOut: boolean;

  constructor(init: {
    method: string;
    path: string;
    attempts: number;
    timedOut: boolean;
    timeoutMs?: number;
    cause: unknown;
  }) {
    const tries = init.attempts === 1 ? "" : ` (${init.attempts} attempts)`;
    const reason = init.timedOut
      ? `timed out after ${init.timeoutMs} ms${tries}; raise timeoutMs or check that the server is reachable`
      : `failed${tries}: ${redactSignatures(describeCause(init.cause))}`;
    super(oneLine(`${init.method} ${init.path} ${reason}`), { cause: init.cause });
    this.method = init.method;
    this.path = init.path;
    this.attempts = init.attempts;
    this.timedOut = init.timedOut;
  }
}

function describeCause(cause: unknown): string {
  if (!(cause instanceof Error)) return String(cause);
  const inner = (cause as Error & { cause?: unknown }).cause;
  const code =
    inner instanceof Error ? ((inner as Error & { code?: string }).code ?? inner.message) : "";
  return code === "" || cause.message.includes(code) ? cause.message : `${cause.message} (${code})`;
}

/** A paging walk cannot go on (the server ignores the paging parameters). */
export class AlteryxPagingError extends Error {
  override readonly name = "AlteryxPagingError";
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
