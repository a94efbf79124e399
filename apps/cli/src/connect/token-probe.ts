/**
 * Asks a token endpoint for a client-credentials token, and says what the answer means for
 * discovery: a token (the server speaks OAuth2), a refusal of the key (it speaks OAuth2, the
 * key or secret is wrong), no token endpoint at all (OAuth1 only), or no answer. The token
 * answer is kept to be replayed once to the client (see {@link replayFirstToken}), so a run
 * makes one token request, not two.
 */
import { createTokenSource, OAuth2TokenError } from "@alteryx-admin/oauth2";
import { UsageError } from "../errors.js";
import type { CliFetch } from "../http/fetch.js";

/** What a token request found. */
export type TokenProbe =
  /** A token was issued; `answer` is the token response's text (never printed). */
  | { outcome: "issued"; answer: string }
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
  let answer: string | undefined;
  let source: ReturnType<typeof createTokenSource>;
  try {
    source = createTokenSource({
      tokenUrl,
      clientId: key,
      clientSecret: secret,
      fetch: async (url, init) => {
        const response = await fetch(url, init);
        if (response.status === 200) answer = await response.clone().text();
        return response;
      },
    });
  } catch (error) {
    // An option the token source refuses, such as plain http to a host that is not loopback.
    throw new UsageError(`cannot ask ${tokenUrl} for a token: ${(error as Error).message}`);
  }
  try {
    await source.getToken();
    return { outcome: "issued", answer: answer ?? "" };
  } catch (error) {
    if (!(error instanceof OAuth2TokenError)) throw error;
    if (error.reason === "network") return { outcome: "unreachable", error };
    if (error.reason === "rejected" && isRefusal(error)) return { outcome: "refused", error };
    return { outcome: "absent", error };
  }
}

/**
 * A fetch that answers the first token request to `tokenUrl` with the token already obtained
 * by discovery (seconds ago, same credentials), then passes everything through: the client's
 * own token source starts with it instead of asking again.
 */
export function replayFirstToken(fetch: CliFetch, tokenUrl: string, answer: string): CliFetch {
  let pending: string | undefined = answer;
  const target = new URL(tokenUrl).href;
  return async (url, init) => {
    if (pending !== undefined && new URL(url).href === target && init?.method === "POST") {
      const body = pending;
      pending = undefined;
      return new Response(body, {
        status: 200,
        headers: { "content-type": "application/json", "cache-control": "no-store" },
      });
    }
    return fetch(url, init);
  };
}
