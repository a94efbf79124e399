/** The public types of the token source. */

/** How the client authenticates to the token endpoint (RFC 6749 section 2.3.1). */
export type ClientAuth = "basic" | "post";

/**
 * What the token request hands to the `fetch` option: a form POST (plus `dispatcher` when that
 * option is set). Narrower than `RequestInit`, so that both the platform's fetch and undici's fit.
 */
export interface TokenFetchInit {
  method: string;
  headers: Record<string, string>;
  body: URLSearchParams;
  redirect: "manual";
  signal?: AbortSignal;
}

/** Options of {@link createTokenSource}. */
export interface TokenSourceOptions {
  /**
   * The token endpoint: `https://<host>/webapi/oauth2/token` on Alteryx Server 2021.4 and later.
   * An absolute `https:` URL; `http:` only for a loopback host (127.0.0.0/8, `[::1]`,
   * `localhost`) unless `allowInsecureHttp` is set.
   */
  tokenUrl: string | URL;
  /** The client id: on Alteryx Server, the API Access Key (My Profile > Keys). */
  clientId: string;
  /** The client secret: on Alteryx Server, the API Access Secret shown next to the key. */
  clientSecret: string;
  /**
   * `"basic"` (default): `Authorization: Basic base64(id:secret)`, both form-encoded first as
   * RFC 6749 2.3.1 requires. `"post"`: `client_id` and `client_secret` form fields in the body.
   */
  clientAuth?: ClientAuth;
  /**
   * Seconds before `expires_in` runs out at which a new token is fetched (default 60). For a
   * lifetime shorter than twice this, the token is refreshed at half its lifetime.
   */
  refreshSkewSeconds?: number;
  /**
   * The fetch for the token request (default `globalThis.fetch`, looked up on each request):
   * the platform's, undici's, or a wrapper of either.
   */
  fetch?: (input: string, init: TokenFetchInit) => Promise<Response>;
  /**
   * An undici `Dispatcher` (`Agent`, `ProxyAgent`, ...) handed to fetch as `init.dispatcher` for
   * the token request: proxies, custom CAs, keep-alive settings. Node only.
   */
  dispatcher?: object;
  /**
   * Allow a plain `http:` token URL on a host that is not loopback (default false). The secret
   * and the token then cross the network unencrypted: only for servers without TLS on a network
   * you trust.
   */
  allowInsecureHttp?: boolean;
}

/** Options of {@link TokenSource.getToken}. */
export interface GetTokenOptions {
  /**
   * Stops this caller waiting. The token request shared with other callers goes on; it is
   * cancelled only when every caller waiting for it has aborted.
   */
  signal?: AbortSignal;
}

/** A cached, single-flight source of client-credentials access tokens. */
export interface TokenSource {
  /**
   * The current access token, fetching a new one when there is none or it is about to expire.
   * Concurrent callers share one token request; a failed request is not cached.
   *
   * @throws {@link OAuth2TokenError} when the token endpoint cannot be reached, refuses the
   * credentials or answers something that is not a token; the caller's `signal.reason` when it
   * aborts.
   */
  getToken(options?: GetTokenOptions): Promise<string>;
  /**
   * Drops the cached token, so that the next `getToken()` fetches a new one. Given the token a
   * server refused, drops it only if it is still the cached one: many requests refused with the
   * same token cause one new token request. Without an argument, a token request already in
   * flight is not reused by later callers either.
   */
  invalidate(token?: string): void;
}
