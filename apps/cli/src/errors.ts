/** Exit codes and error classes shared by every command. */
import { type AlteryxNetworkError, AlteryxTimeoutError } from "@alteryx-admin/client";

/** Process exit codes: 0 success, 1 API or network failure, 2 usage error. */
export const EXIT = { ok: 0, failure: 1, usage: 2 } as const;

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

/** The innermost `code` of an error chain (fetch wraps socket errors in `cause`). */
export function errorCode(error: unknown): string | undefined {
  let current: unknown = error;
  let code: string | undefined;
  for (let depth = 0; depth < 5 && current && typeof current === "object"; depth++) {
    const c = (current as { code?: unknown }).code;
    if (typeof c === "string") code = c;
    current = (current as { cause?: unknown }).cause;
  }
  return code;
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
  if (code === "ECONNREFUSED")
    return `cannot connect to ${where}: connection refused (is the server running and the port right?)`;
  if (code === "ENOTFOUND" || code === "EAI_AGAIN")
    return `cannot resolve the host of ${where} (${code}); check the URL`;
  if (code === "ETIMEDOUT" || code === "UND_ERR_CONNECT_TIMEOUT")
    return `timed out connecting to ${where}`;
  if (code === "ECONNRESET" || code === "UND_ERR_SOCKET")
    return `the connection to ${where} was reset`;
  const message = error instanceof Error ? error.message : String(error);
  return `network error talking to ${where}: ${code ?? message}`;
}

/** Codes {@link describeNetworkError} explains with a fix. */
const EXPLAINED_CODES = new Set([
  ...TLS_CODES,
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "ETIMEDOUT",
  "UND_ERR_CONNECT_TIMEOUT",
  "ECONNRESET",
  "UND_ERR_SOCKET",
]);

/**
 * One line for a request that got no complete answer (the client's AlteryxNetworkError, which
 * names the request and its server): the known causes with their fix, a timeout with what to
 * check, else the client's own message.
 */
export function describeRequestFailure(error: AlteryxNetworkError): string {
  const where = error.origin || "the Gallery";
  const code = errorCode(error);
  if (code && EXPLAINED_CODES.has(code)) return describeNetworkError(error, where);
  if (error instanceof AlteryxTimeoutError) {
    return `${error.method} ${error.path} to ${where} timed out: check that the server is up and reachable from here (alteryx-admin doctor checks it)`;
  }
  return error.message;
}

/** The origin of a URL (scheme, host, port) or the input when it does not parse. */
export function safeOrigin(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
}
