/**
 * The messages of {@link OAuth2TokenError}: what the token endpoint said, in words, and what to
 * fix. Server-provided text passes through `redact` (a server could echo the secret); bodies of
 * 200 answers are never quoted (they may hold a token).
 */
import { OAuth2TokenError } from "./errors.js";
import type { NormalizedOptions } from "./options.js";
import { redact } from "./secret.js";

const TOKEN_URL_HINT = "https://<host>/webapi/oauth2/token on Alteryx Server 2021.4 and later";

function credentialsHint(options: NormalizedOptions): string {
  const base =
    "check the API key and secret (clientId, clientSecret: My Profile > Keys on the server) and that an administrator has turned on API Access for the user";
  // RFC 6749 2.3.1 form-encodes both before Basic; a server that does not decode them sees other bytes.
  const encoded = /[^A-Za-z0-9]/.test(options.clientId + options.clientSecret.reveal());
  return options.clientAuth === "basic" && encoded
    ? `${base}; the key or secret has characters that HTTP Basic sends form-encoded (RFC 6749 2.3.1), which some servers do not decode: if they are right, try clientAuth: "post"`
    : base;
}

/** What to do about an RFC 6749 `error` code, or about a status without one. */
function rejectionHint(
  options: NormalizedOptions,
  status: number,
  code: string | undefined,
  location: string | undefined,
): string {
  switch (code) {
    case "invalid_client":
      return credentialsHint(options);
    case "unauthorized_client":
      return "this key may not use the client-credentials grant: an administrator must turn on API Access for the user";
    case "unsupported_grant_type":
    case "invalid_scope":
      return `the server does not offer the client-credentials grant at this URL: check tokenUrl (${TOKEN_URL_HINT})`;
    case "invalid_request":
      return options.clientAuth === "basic"
        ? 'the server could not read the request; if it does not take HTTP Basic client authentication, try clientAuth: "post"'
        : 'the server could not read the request; if it does not take client_id and client_secret form fields, try clientAuth: "basic"';
    case undefined:
      break;
    default:
      return "see the server's description above";
  }
  if (status === 0 || (status >= 300 && status < 400)) {
    return `the token endpoint redirects${location === undefined ? "" : ` to ${location}`}: set tokenUrl to the final URL (often https:// instead of http://)`;
  }
  if (status === 401 || status === 403) return credentialsHint(options);
  if (status === 404 || status === 405) {
    return `there is no token endpoint at this URL: check tokenUrl (${TOKEN_URL_HINT}; older servers speak OAuth1 only)`;
  }
  if (status === 429) return "too many requests: try again later";
  if (status >= 500) return "the server failed: try again later, or look at the server's logs";
  return `this is not a token endpoint's answer: check tokenUrl (${TOKEN_URL_HINT})`;
}

function contentType(response: Response): string {
  return response.headers.get("content-type")?.split(";")[0]?.trim() || "no content-type";
}

/** An RFC 6749 section 5.2 body, or the `error` of a `WWW-Authenticate` challenge. */
function rfc6749Error(text: string, response: Response): { error?: string; description?: string } {
  try {
    const json: unknown = JSON.parse(text);
    if (
      json !== null &&
      typeof json === "object" &&
      typeof (json as { error?: unknown }).error === "string"
    ) {
      const { error, error_description } = json as { error: string; error_description?: unknown };
      return {
        error,
        ...(typeof error_description === "string" ? { description: error_description } : {}),
      };
    }
  } catch {
    // Not JSON: an HTML error page or a proxy's answer; the status and content type say enough.
  }
  const challenge = /\berror="([^"]*)"/.exec(response.headers.get("www-authenticate") ?? "");
  return challenge?.[1] ? { error: challenge[1] } : {};
}

/** The Location of a redirect, origin and path only (its query could carry anything). */
function redirectTarget(response: Response, base: URL): string | undefined {
  const location = response.headers.get("location");
  if (location === null || !URL.canParse(location, base)) return undefined;
  const url = new URL(location, base);
  return `${url.origin}${url.pathname}`;
}

/**
 * The error for a non-200 answer, with the RFC 6749 `error` and `error_description` when the
 * body (or a `WWW-Authenticate` challenge) has them. Reads the body.
 * @internal
 */
export async function rejectedError(
  options: NormalizedOptions,
  response: Response,
): Promise<OAuth2TokenError> {
  const text = await response.text().catch(() => "");
  const found = rfc6749Error(text, response);
  const error =
    found.error === undefined ? undefined : redact(found.error.slice(0, 100), options.clientSecret);
  const errorDescription =
    found.description === undefined
      ? undefined
      : redact(found.description.slice(0, 500), options.clientSecret);
  const status = response.status;
  const said =
    error === undefined
      ? `${status === 0 ? "a redirect" : status} (${contentType(response)}, no OAuth2 error in the body)`
      : `${status} ${error}${errorDescription === undefined ? "" : ` (${errorDescription})`}`;
  const hint = rejectionHint(options, status, error, redirectTarget(response, options.tokenUrl));
  return new OAuth2TokenError(
    `Token request to ${options.tokenUrlForDisplay} failed: ${said}: ${hint}`,
    {
      reason: "rejected",
      tokenUrl: options.tokenUrlForDisplay,
      status,
      error,
      errorDescription,
    },
  );
}

/**
 * The error for a 200 answer that is not a bearer token response. `what` names the problem
 * without quoting the body.
 * @internal
 */
export function malformedError(
  options: NormalizedOptions,
  response: Response,
  what: string,
  hint = `Check tokenUrl (${TOKEN_URL_HINT}); a proxy or a sign-in page may have answered instead`,
): OAuth2TokenError {
  return new OAuth2TokenError(
    `Token response from ${options.tokenUrlForDisplay} is not a bearer token: ${what}. ${hint}`,
    { reason: "malformed", tokenUrl: options.tokenUrlForDisplay, status: response.status },
  );
}

/** Error codes of Node's TLS layer that mean "certificate not trusted". */
const UNTRUSTED_CERTIFICATE =
  /^(?:DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT(?:_LOCALLY)?|CERT_HAS_EXPIRED|ERR_TLS_CERT_ALTNAME_INVALID)$/;

/** The innermost cause's message and code, e.g. "connect ECONNREFUSED 127.0.0.1:1". */
function describeNetworkError(error: unknown): { text: string; code: string | undefined } {
  const parts: string[] = [];
  let code: string | undefined;
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current instanceof Error; depth++) {
    if (current.message !== "" && !parts.includes(current.message)) parts.push(current.message);
    const c = (current as { code?: unknown }).code;
    if (typeof c === "string") code = c;
    current = (current as { cause?: unknown }).cause;
  }
  return { text: parts.length === 0 ? String(error) : parts.join(": "), code };
}

/**
 * The error for a token request that got no answer: which URL, what the network said, and a
 * hint for the usual causes.
 * @internal
 */
export function networkError(options: NormalizedOptions, error: unknown): OAuth2TokenError {
  const { text, code } = describeNetworkError(error);
  const hint =
    code !== undefined && UNTRUSTED_CERTIFICATE.test(code)
      ? "the server's TLS certificate is not trusted: give its CA to Node (NODE_EXTRA_CA_CERTS, or dispatcher: new Agent({ connect: { ca } }) from undici)"
      : "check the host name, that the server is up, and the network or proxy in between (a proxy goes in dispatcher: new ProxyAgent(url) from undici)";
  return new OAuth2TokenError(
    `Could not reach the token endpoint ${options.tokenUrlForDisplay}: ${redact(text, options.clientSecret)}: ${hint}`,
    { reason: "network", tokenUrl: options.tokenUrlForDisplay, cause: error },
  );
}
