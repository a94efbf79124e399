/** The one error class of this package: a token request that did not give a token. */

/**
 * Why a token request failed:
 * - `"rejected"`: the token endpoint answered with an error status (an RFC 6749 section 5.2
 *   error such as `invalid_client`, or any other non-200 answer);
 * - `"malformed"`: it answered 200 with something that is not a bearer token response (not
 *   JSON, no `access_token`, a `token_type` other than bearer, `expires_in` not a number);
 * - `"network"`: no answer at all (DNS, connection refused, TLS, a fetch that threw).
 */
export type OAuth2TokenErrorReason = "rejected" | "malformed" | "network";

/** The fields of an {@link OAuth2TokenError}. */
export interface OAuth2TokenErrorDetails {
  readonly reason: OAuth2TokenErrorReason;
  /** The token endpoint's origin and path (never its query). */
  readonly tokenUrl: string;
  /** The HTTP status, when there was an answer. */
  readonly status?: number | undefined;
  /** RFC 6749 `error` code (`invalid_client`, `unsupported_grant_type`, ...), when sent. */
  readonly error?: string | undefined;
  /** RFC 6749 `error_description`, when sent (the secret, if a server echoed it, redacted). */
  readonly errorDescription?: string | undefined;
  /** The underlying network error, for `"network"`. */
  readonly cause?: unknown;
}

/**
 * A token request that did not give a token. The message says what happened and what to fix;
 * it never contains the client secret or a token.
 *
 * @example
 * try {
 *   await tokens.getToken();
 * } catch (error) {
 *   if (error instanceof OAuth2TokenError && error.error === "invalid_client") {
 *     console.error("wrong API key or secret");
 *   }
 * }
 */
export class OAuth2TokenError extends Error {
  override readonly name = "OAuth2TokenError";
  /** Why the request failed; see {@link OAuth2TokenErrorReason}. */
  readonly reason: OAuth2TokenErrorReason;
  /** The token endpoint's origin and path (never its query). */
  readonly tokenUrl: string;
  /** The HTTP status, or undefined when there was no answer. */
  readonly status: number | undefined;
  /** RFC 6749 `error` code, when the endpoint sent one. */
  readonly error: string | undefined;
  /** RFC 6749 `error_description`, when the endpoint sent one. */
  readonly errorDescription: string | undefined;

  /** @internal Built by this package; the message is composed by the caller. */
  constructor(message: string, details: OAuth2TokenErrorDetails) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.reason = details.reason;
    this.tokenUrl = details.tokenUrl;
    this.status = details.status;
    this.error = details.error;
    this.errorDescription = details.errorDescription;
  }
}
