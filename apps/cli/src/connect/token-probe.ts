/**
 * Asks a token endpoint for a client-credentials token, and says what the answer means for
 * discovery: a token (the server speaks OAuth2), a refusal of the key (it speaks OAuth2, the
 * key or secret is wrong), no token endpoint at all (OAuth1 only), or no answer. The token
 * source that got the token is kept: the run's clients take their tokens from it (their
 * `tokenSource` option), so a run makes one token request, not one per client.
 */
import { createTokenSource, OAuth2TokenError, type TokenSource } from "@alteryx-admin/oauth2";
import { UsageError } from "../errors.js";
import type { CliFetch } from "../http/fetch.js";

/** What a token request found. */
export type TokenProbe =
  /** A token was issued; `tokenSource` holds it (and fetches the next ones). */
  | { outcome: "issued"; tokenSource: TokenSource }
  /** There is a token endpoint, and it refused the credentials or the request. */
  | { outcome: "refused"; error: OAuth2TokenError }
  /** Nothing there answers like a token endpoint (404, 405, an HTML page...). */
  | { outcome: "absent"; error: OAuth2TokenError }
  /** No answer: DNS, connection, TLS. */
  | { outcome: "unreachable"; error: OAuth2TokenError };

/** True when a token endpoint answered this error: a status it uses for refusals, or an RFC 6749 code. */
function isRefusal(error: OAuth2TokenError): boolean {
  if (error.error !== undefined) return true;
  return error.status === 400 || error.status === 401 || error.status === 403;
}

/** Requests one token from `tokenUrl` with the API key and secret. */
export async function probeTokenEndpoint(
  fetch: CliFetch,
  tokenUrl: string,
  key: string,
  secret: string,
): Promise<TokenProbe> {
  let source: TokenSource;
  try {
    source = createTokenSource({ tokenUrl, clientId: key, clientSecret: secret, fetch });
  } catch (error) {
    // An option the token source refuses, such as plain http to a host that is not loopback.
    throw new UsageError(`cannot ask ${tokenUrl} for a token: ${(error as Error).message}`);
  }
  try {
    await source.getToken();
    return { outcome: "issued", tokenSource: source };
  } catch (error) {
    if (!(error instanceof OAuth2TokenError)) throw error;
    if (error.reason === "network") return { outcome: "unreachable", error };
    if (error.reason === "rejected" && isRefusal(error)) return { outcome: "refused", error };
    return { outcome: "absent", error };
  }
}
