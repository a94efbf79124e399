/**
 * Exit codes, the CLI's error classes, and the one place where any failure becomes the line the
 * user reads: {@link describeFailure}. Messages never hold a header, a signature or a secret.
 */
import { AlteryxApiError } from "@alteryx-admin/client";
import { failedRequestOf, type RequestLabel } from "./http/request-label.js";

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

/** undici's timeouts: no headers, or no body data, within --timeout. */
const TIMEOUT_CODES = new Set([
  "UND_ERR_HEADERS_TIMEOUT",
  "UND_ERR_BODY_TIMEOUT",
  "UND_ERR_CONNECT_TIMEOUT",
  "ETIMEDOUT",
]);

/** The innermost `code` of an error chain (fetch wraps socket errors in `cause`). */
export function errorCode(error: unknown): string | undefined {
  let current: unknown = error;
  let code: string | undefined;
  for (let depth = 0; depth < 6 && current && typeof current === "object"; depth++) {
    const c = (current as { code?: unknown }).code;
    if (typeof c === "string") code = c;
    current = (current as { cause?: unknown }).cause;
  }
  return code;
}

/** True when some error of the chain is a timeout (the client's own, or a TimeoutError abort). */
function chainTimedOut(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 6 && current && typeof current === "object"; depth++) {
    const { name, timedOut } = current as { name?: unknown; timedOut?: unknown };
    if (timedOut === true || name === "TimeoutError") return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
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
  const message = error instanceof Error ? error.message : String(error);
  if (/^Proxy response \((\d+)\)|Proxy Authentication Required/.test(message))
    return `the proxy refused the connection to ${where} (${message}); check --proxy or HTTP_PROXY/HTTPS_PROXY`;
  return `network error talking to ${where}: ${code ?? message}`;
}

/** A request that got no answer, or whose answer stopped: named, with the known causes explained. */
function describeRequestFailure(error: unknown, label: RequestLabel): string {
  const what = `${label.method} ${label.url}`;
  const code = errorCode(error);
  const timedOut = (code !== undefined && TIMEOUT_CODES.has(code)) || chainTimedOut(error);
  if (timedOut) {
    const waited =
      label.phase === "body" || code === "UND_ERR_BODY_TIMEOUT"
        ? "the answer's body stalled"
        : "no answer";
    return `${what}: ${waited} for ${label.timeoutSeconds} s (--timeout ${label.timeoutSeconds}); check that the server is up and reachable from here (alteryx-admin doctor checks it), or raise --timeout`;
  }
  if (label.phase === "body")
    return `${what}: the connection was cut while reading the answer (${code ?? "terminated"}); run the command again`;
  const { proxy } = label;
  if (!proxy || !code || !CONNECT_CODES.has(code))
    return `${what}: ${describeNetworkError(error, label.url)}`;
  // Behind a proxy, the host that could not be reached is the proxy (with --proxy, surely).
  if (proxy.setting === "--proxy")
    return `${what}: through --proxy: ${describeNetworkError(error, proxy.origin)}`;
  return `${what}: ${describeNetworkError(error, label.url)} (or the proxy ${proxy.origin} of ${proxy.setting} could not, unless NO_PROXY excludes this host)`;
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

/** Maps any error a command throws to the line printed and the exit code. */
export function describeFailure(error: unknown): Failure {
  if (error instanceof SilentFailure) return { message: undefined, exitCode: EXIT.failure };
  if (error instanceof Interrupted) return { message: undefined, exitCode: EXIT.interrupted };
  if (error instanceof UsageError) return { message: error.message, exitCode: EXIT.usage };
  if (error instanceof AlteryxApiError)
    return { message: describeApiError(error), exitCode: EXIT.failure };
  const label = failedRequestOf(error);
  if (label) return { message: describeRequestFailure(error, label), exitCode: EXIT.failure };
  if (isFileError(error)) return { message: describeFileError(error), exitCode: EXIT.failure };
  const message = error instanceof Error ? error.message : String(error);
  return { message, exitCode: EXIT.failure };
}
