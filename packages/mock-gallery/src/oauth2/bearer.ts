// The guard of every API under /webapi/ (the token endpoint aside): a bearer token the mock
// issued and that has not expired. Each refusal is a Gallery-shaped 401 whose
// innerExceptionMessage says what was wrong (missing, unknown, expired, or an OAuth1 signature
// sent where a token is expected) and where to get a token.
import type { Rejection } from "../front/reject.js";
import { unauthorized } from "../gallery-error.js";
import { truncate } from "../oauth/parse.js";
import { TOKEN_PATH } from "./token-endpoint.js";
import type { TokenStore } from "./token-store.js";

/** What a Server answers a request it does not authorize (the message clients see). */
export const AUTHORIZATION_DENIED = "Authorization has been denied for this request.";

/** What the bearer check needs to know about the request. */
export interface BearerRequest {
  /** The Authorization header, if any. */
  authorization: string | undefined;
  /** The query string, without `?`. */
  query: string;
  /** The origin clients reach the mock at (http://host:port), to name the token URL. */
  origin: string;
}

/** Checks the bearer token of a request to a /webapi/ API; undefined when it may pass. */
export function checkBearer(request: BearerRequest, store: TokenStore): Rejection | undefined {
  const tokenUrl = `${request.origin}${TOKEN_PATH}`;
  const getOne = `Get a token with POST ${tokenUrl} (grant_type=client_credentials, the API key and secret as HTTP Basic or as client_id and client_secret) and send it as Authorization: Bearer <access_token>.`;
  const { authorization } = request;
  const scheme = authorization === undefined ? undefined : /^(\S+)/.exec(authorization)?.[1];
  if (
    scheme?.toLowerCase() === "oauth" ||
    /(?:^|&)oauth_(?:signature|consumer_key)=/.test(request.query)
  ) {
    return deny(
      "invalid_request",
      `This path takes an OAuth2 bearer token, not an OAuth1 signature (OAuth1 is served only under /gallery/api/ by Server 2021.4 and older, and Server 2022.1 removed it). ${getOne}`,
    );
  }
  if (authorization === undefined || authorization.trim() === "") {
    return deny(undefined, `The request has no bearer token. ${getOne}`);
  }
  const bearer = /^bearer[ \t]+(\S+)[ \t]*$/i.exec(authorization);
  if (!bearer?.[1]) {
    const what =
      scheme?.toLowerCase() === "bearer"
        ? "a Bearer header without a token"
        : `a ${truncate(scheme ?? "", 20)} Authorization header`;
    return deny(
      "invalid_request",
      `This path takes Authorization: Bearer <access_token>, not ${what}. ${getOne}`,
    );
  }
  const check = store.check(bearer[1]);
  switch (check.state) {
    case "valid":
      return undefined;
    case "unknown":
      return deny(
        "invalid_token",
        `The bearer token is not one this server issued (or it was issued by another server, or before a restart). ${getOne}`,
      );
    case "expired":
      return deny(
        "invalid_token",
        `The bearer token expired ${check.secondsAgo} s ago (tokens last ${store.lifetimeSeconds} s, the expires_in of the token answer). Get a new token with POST ${tokenUrl} before the old one expires; there is no refresh token.`,
      );
  }
}

/** A 401 with the RFC 6750 challenge (its error code when the request carried something). */
function deny(error: "invalid_request" | "invalid_token" | undefined, inner: string): Rejection {
  const challenge = error ? `Bearer realm="webapi", error="${error}"` : 'Bearer realm="webapi"';
  return {
    failure: unauthorized(AUTHORIZATION_DENIED, inner),
    headers: { "www-authenticate": challenge },
    note: `mock-gallery: bearer token refused: ${inner}`,
  };
}
