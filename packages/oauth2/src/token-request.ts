/**
 * One client-credentials token request (RFC 6749 section 4.4) through oauth4webapi, which
 * builds the request, authenticates the client and validates a 200 answer; failures become an
 * {@link OAuth2TokenError}.
 */
import {
  allowInsecureRequests,
  ClientSecretBasic,
  ClientSecretPost,
  type CustomFetchOptions,
  clientCredentialsGrantRequest,
  customFetch,
  INVALID_RESPONSE,
  PARSE_ERROR,
  processClientCredentialsResponse,
  RESPONSE_IS_NOT_JSON,
  UNSUPPORTED_OPERATION,
} from "oauth4webapi";
import type { OAuth2TokenError } from "./errors.js";
import type { NormalizedOptions } from "./options.js";
import { malformedError, networkError, rejectedError } from "./token-errors.js";
import type { TokenFetchInit } from "./types.js";

/** A validated token response. @internal */
export interface TokenResponse {
  readonly accessToken: string;
  /** Seconds, when the server said. */
  readonly expiresIn: number | undefined;
}

const UNSUPPORTED_TOKEN_TYPE_HINT =
  "This server issues tokens of another kind, which this package cannot send (Alteryx Server issues bearer tokens)";

type Fetch = (input: string, init: TokenFetchInit) => Promise<Response>;

/**
 * The fetch for the token request, in the shape oauth4webapi calls: the caller's or the global
 * one, with the dispatcher. oauth4webapi passes a form body (URLSearchParams) here.
 */
function fetchFor(
  options: NormalizedOptions,
): (input: string, init: CustomFetchOptions<"POST", unknown>) => Promise<Response> {
  // Looked up per call, so that a fetch installed after the source was created is used.
  const base: Fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const { dispatcher } = options;
  return (input, init) =>
    base(input, (dispatcher === undefined ? init : { ...init, dispatcher }) as TokenFetchInit);
}

/**
 * Sends the token request and returns the token, or throws an {@link OAuth2TokenError} (or
 * `signal.reason` when `signal` aborts it).
 * @internal
 */
export async function requestToken(
  options: NormalizedOptions,
  signal: AbortSignal,
): Promise<TokenResponse> {
  const as = { issuer: options.tokenUrl.origin, token_endpoint: options.tokenUrl.href };
  const client = { client_id: options.clientId };
  const secret = options.clientSecret.reveal();
  const auth = options.clientAuth === "post" ? ClientSecretPost(secret) : ClientSecretBasic(secret);
  let response: Response;
  try {
    response = await clientCredentialsGrantRequest(as, client, auth, new URLSearchParams(), {
      signal,
      [customFetch]: fetchFor(options),
      [allowInsecureRequests]: options.insecure,
    });
  } catch (error) {
    if (signal.aborted) throw signal.reason;
    throw networkError(options, error);
  }
  if (Object.prototype.toString.call(response) !== "[object Response]") {
    throw new TypeError(
      `The fetch option resolved to ${response === null ? "null" : typeof response}, not a Response: pass a WHATWG fetch`,
    );
  }
  if (response.status !== 200) throw await rejectedError(options, response);
  let json: Awaited<ReturnType<typeof processClientCredentialsResponse>>;
  try {
    json = await processClientCredentialsResponse(as, client, response);
  } catch (error) {
    if (signal.aborted) throw signal.reason;
    throw describeInvalidResponse(options, response, error);
  }
  // oauth4webapi also accepts DPoP-bound tokens, which need a proof this package does not make.
  if (json.token_type !== "bearer") {
    throw malformedError(
      options,
      response,
      `token_type is ${quote(json.token_type)}, and only "bearer" tokens are supported`,
      UNSUPPORTED_TOKEN_TYPE_HINT,
    );
  }
  return { accessToken: json.access_token, expiresIn: json.expires_in };
}

function quote(value: unknown): string {
  return typeof value === "string" ? JSON.stringify(value.slice(0, 40)) : typeof value;
}

/**
 * oauth4webapi's validation error in words. Its messages name the property at fault and never
 * its value; its `cause` holds the body (and so the token), and is not kept.
 */
function describeInvalidResponse(
  options: NormalizedOptions,
  response: Response,
  error: unknown,
): OAuth2TokenError {
  const { code, message, cause } = (error ?? {}) as {
    code?: unknown;
    message?: unknown;
    cause?: unknown;
  };
  if (code === PARSE_ERROR || code === RESPONSE_IS_NOT_JSON) {
    const type = response.headers.get("content-type")?.split(";")[0]?.trim() || "no content-type";
    return malformedError(options, response, `the body is not JSON (${type})`);
  }
  if (code === UNSUPPORTED_OPERATION) {
    const body = (cause as { body?: { token_type?: unknown } } | undefined)?.body;
    return malformedError(
      options,
      response,
      `token_type is ${quote(body?.token_type)}, and only "bearer" tokens are supported`,
      UNSUPPORTED_TOKEN_TYPE_HINT,
    );
  }
  if (code === INVALID_RESPONSE && typeof message === "string") {
    const what = message
      .replace(/^"response" body must be a top level object$/, "the body is JSON but not an object")
      .replace(/^"response" body ("[^"]+") property /, "$1 ");
    return malformedError(options, response, what);
  }
  return malformedError(
    options,
    response,
    typeof message === "string" ? message : "it could not be read",
  );
}
