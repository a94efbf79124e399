/**
 * Exit codes, the CLI's error classes, and the one place where any failure becomes the line the
 * user reads: {@link describeFailure}. Messages never hold a header, a signature or a secret.
 */
import {
  AlteryxApiError,
  AlteryxError,
  AlteryxNetworkError,
  AlteryxTimeoutError,
} from "@alteryx-admin/client";
import { OAuth2TokenError } from "@alteryx-admin/oauth2";

/** Process exit codes: 0 success, 1 API or network failure, 2 usage or configuration, 130 Ctrl-C. */
export const EXIT = { ok: 0, failure: 1, usage: 2, interrupted: 130 } as const;

/** A mistake in how the command was called or configured; exits with code 2. */
export class UsageError extends Error {
  override name = "UsageError";
}

/** A failure that was already explained (for example by doctor); exits with code 1, prints nothing more. */
export class SilentFailure extends Error {
  override name = "SilentFailure";
  constructor() {
    super("failed");
  }
}

/** The run was interrupted (Ctrl-C) after saying so; exits with code 130. */
export class Interrupted extends Error {
  override name = "Interrupted";
  constructor() {
    super("interrupted");
  }
}

/** Error codes of Node's TLS stack that mean the server certificate was not trusted. */
const TLS_CODES = new Set([
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "CERT_HAS_EXPIRED",
  "ERR_TLS_CERT_ALTNAME_INVALID",
  "CERT_NOT_YET_VALID",
]);

/** Codes of a TLS handshake with a server that answered in plain HTTP. */
const PLAIN_HTTP_CODES = new Set([
  "ERR_SSL_WRONG_VERSION_NUMBER",
  "ERR_SSL_PACKET_LENGTH_TOO_LONG",
]);

/** Failures to reach a host, which may be the proxy rather than the Gallery. */
const CONNECT_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "ECONNRESET"]);

/**
 * undici's own timeouts (the dispatcher's, a backstop behind the client's `timeoutMs`) and the
 * system's connect timeout.
 */
const TIMEOUT_CODES = new Set([
  "UND_ERR_HEADERS_TIMEOUT",
  "UND_ERR_BODY_TIMEOUT",
  "UND_ERR_CONNECT_TIMEOUT",
  "ETIMEDOUT",
]);

/** The errors of a chain, outermost first (fetch wraps socket errors in `cause`). */
function chainOf(error: unknown): object[] {
  const chain: object[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 6 && current && typeof current === "object"; depth++) {
    chain.push(current);
    current = (current as { cause?: unknown }).cause;
  }
  return chain;
}

/** The innermost `code` of an error chain. */
export function errorCode(error: unknown): string | undefined {
  let code: string | undefined;
  for (const link of chainOf(error)) {
    const c = (link as { code?: unknown }).code;
    if (typeof c === "string") code = c;
  }
  return code;
}

/** The innermost message of an error chain (the socket's or the proxy's, not "fetch failed"). */
function innermostMessage(error: unknown): string {
  const messages = chainOf(error)
    .map((link) => (link instanceof Error ? link.message : ""))
    .filter((m) => m !== "");
  return messages.at(-1) ?? String(error);
}

/** The origin of a URL (scheme, host, port; never user info) or "the server" when it does not parse. */
export function safeOrigin(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return "the server";
  }
}

/**
 * One line explaining a network failure, with the fix when it is a known one.
 * Never includes request headers or signed URLs.
 */
export function describeNetworkError(error: unknown, url: string): string {
  const code = errorCode(error);
  const where = safeOrigin(url);
  if (code && TLS_CODES.has(code)) {
    return `TLS verification failed for ${where} (${code}); if the server uses a private CA, pass --ca FILE with its certificate (PEM)`;
  }
  if (code && PLAIN_HTTP_CODES.has(code))
    return `${where} speaks plain HTTP, not TLS: use ${where.replace(/^https:/, "http:")} or the server's HTTPS port`;
  if (code === "ECONNREFUSED")
    return `cannot connect to ${where}: connection refused (is the server running and the port right?)`;
  if (code === "ENOTFOUND" || code === "EAI_AGAIN")
    return `cannot resolve the host of ${where} (${code}); check the URL`;
  if (code === "ECONNRESET" || code === "UND_ERR_SOCKET")
    return `the connection to ${where} was reset`;
  const message = innermostMessage(error);
  if (/^Proxy response \((\d+)\)|Proxy Authentication Required/.test(message))
    return `the proxy refused the connection to ${where} (${message}); check --proxy or HTTP_PROXY/HTTPS_PROXY`;
  return `network error talking to ${where}: ${code ?? message}`;
}

/** The proxy a request may have gone through, and where it was set (for connect errors). */
export interface ProxyHint {
  /** The proxy's origin (never its user info). */
  origin: string;
  /** "--proxy", or the environment variable that set it. */
  setting: string;
}

/** What the CLI knows of a run's network settings, beyond what the client's errors carry. */
export interface FailureContext {
  /** The proxy in effect (none for the demo Gallery, which is always reached directly). */
  proxy?: ProxyHint | undefined;
}

/** "GET /users/?page=0 to https://gallery.example.com": the request a client error is about. */
function requestOf(error: AlteryxError): string {
  const what = [error.method, error.path].filter((part) => part !== "").join(" ") || "a request";
  return error.origin === "" ? what : `${what} to ${error.origin}`;
}

/** Seconds as --timeout takes them: 500 ms is 0.5. */
function seconds(ms: number): number {
  return ms / 1000;
}

/**
 * A request that got no complete answer (the client's AlteryxNetworkError, which names it):
 * a timeout with the --timeout that applied, a body cut mid-way, the known connection failures
 * with their fix (behind a proxy, the host that could not be reached may be the proxy).
 */
function describeRequestFailure(error: AlteryxNetworkError, context: FailureContext): string {
  const what = requestOf(error);
  const code = errorCode(error);
  const where = error.origin || "the Gallery";
  if (error instanceof AlteryxTimeoutError || (code !== undefined && TIMEOUT_CODES.has(code))) {
    const waited =
      error.during === "body" || code === "UND_ERR_BODY_TIMEOUT"
        ? "the answer's body stalled"
        : "no answer";
    const limit =
      error instanceof AlteryxTimeoutError
        ? `for ${seconds(error.timeoutMs)} s (--timeout ${seconds(error.timeoutMs)})`
        : `(${code})`;
    return `${what}: ${waited} ${limit}; check that the server is up and reachable from here (alteryx-admin doctor checks it), or raise --timeout`;
  }
  if (error.during === "body")
    return `${what}: the connection was cut while reading the answer (${code ?? innermostMessage(error)}); run the command again`;
  return `${what}: ${describeConnectFailure(error, code, where, context)}`;
}

/**
 * Why a request got no answer from `where`; behind a proxy, a connection failure may be the
 * proxy's (named through --proxy, or as the environment's proxy unless NO_PROXY excludes it).
 */
function describeConnectFailure(
  error: unknown,
  code: string | undefined,
  where: string,
  { proxy }: FailureContext,
): string {
  if (!proxy || !code || !CONNECT_CODES.has(code)) return describeNetworkError(error, where);
  if (proxy.setting === "--proxy")
    return `through --proxy: ${describeNetworkError(error, proxy.origin)}`;
  return `${describeNetworkError(error, where)} (or the proxy ${proxy.origin} of ${proxy.setting} could not, unless NO_PROXY excludes this host)`;
}

/**
 * A token request that failed (discovery's, or the client's): with no answer, the same words as
 * any request that got none (the proxy in effect included); else the token endpoint's reason.
 */
function describeTokenFailure(error: OAuth2TokenError, context: FailureContext): string {
  const url = new URL(error.tokenUrl);
  const what = `POST ${url.pathname} to ${url.origin}`;
  if (error.reason !== "network") return `${what}: ${error.message}`;
  return `${what}: ${describeConnectFailure(error, errorCode(error), url.origin, context)}`;
}

/** One line for an API error, with the Gallery's own message when it sent one. */
export function describeApiError(error: AlteryxApiError): string {
  let line = `${error.method} ${error.path} failed with HTTP ${error.status}`;
  if (error.galleryMessage) line += `: ${error.galleryMessage}`;
  if (error.innerExceptionMessage) line += ` [${error.innerExceptionMessage}]`;
  if (error.status === 401) line += " (run `alteryx-admin doctor` to diagnose the credentials)";
  return line;
}

/** Plain words for the file system errors a user can fix. */
const FILE_REASONS: Record<string, string> = {
  ENOENT: "no such file or directory",
  EACCES: "permission denied",
  EPERM: "operation not permitted",
  EISDIR: "it is a directory",
  ENOTDIR: "a part of the path is not a directory",
  EEXIST: "it already exists",
  ENOSPC: "no space left on the device",
  EROFS: "read-only file system",
};

/** "cannot <verb> <path>: <reason>" for a file system error (Node names the path in `path`). */
export function describeFileError(error: NodeJS.ErrnoException, path = error.path): string {
  const reason = (error.code && FILE_REASONS[error.code]) ?? error.message;
  const verb =
    error.syscall === "open" || error.syscall === "read" || error.syscall === "stat"
      ? "use"
      : "write";
  return `cannot ${verb} ${path}: ${reason}${error.code && FILE_REASONS[error.code] ? ` (${error.code})` : ""}`;
}

/** A file system error that names its file. */
function isFileError(error: unknown): error is NodeJS.ErrnoException & { path: string } {
  return (
    error instanceof Error &&
    typeof (error as NodeJS.ErrnoException).path === "string" &&
    typeof (error as NodeJS.ErrnoException).code === "string"
  );
}

/** What the user reads for a failure, and the exit code. */
export interface Failure {
  /** One line (without "error: "), or undefined when the failure was already explained. */
  message: string | undefined;
  exitCode: number;
}

/**
 * Maps any error a command throws to the line printed and the exit code. Failed requests are
 * named by the client's typed errors (method, origin, path); `context` adds the proxy in effect.
 */
export function describeFailure(error: unknown, context: FailureContext = {}): Failure {
  if (error instanceof SilentFailure) return { message: undefined, exitCode: EXIT.failure };
  if (error instanceof Interrupted) return { message: undefined, exitCode: EXIT.interrupted };
  if (error instanceof UsageError) return { message: error.message, exitCode: EXIT.usage };
  if (error instanceof AlteryxApiError)
    return { message: describeApiError(error), exitCode: EXIT.failure };
  if (error instanceof AlteryxNetworkError)
    return { message: describeRequestFailure(error, context), exitCode: EXIT.failure };
  if (error instanceof OAuth2TokenError)
    return { message: describeTokenFailure(error, context), exitCode: EXIT.failure };
  // A 2xx that is not JSON, a refused redirect, a paging walk that cannot go on: the client's
  // message names the request already.
  if (error instanceof AlteryxError) return { message: error.message, exitCode: EXIT.failure };
  if (isFileError(error)) return { message: describeFileError(error), exitCode: EXIT.failure };
  const message = error instanceof Error ? error.message : String(error);
  return { message, exitCode: EXIT.failure };
}
