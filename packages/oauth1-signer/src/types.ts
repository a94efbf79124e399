/** Public types of the signer (the shared contract in TEAM.md). */

/** The signature methods this package implements. HMAC-SHA1 is the default and what Alteryx uses. */
export type SignatureMethod =
  | "HMAC-SHA1"
  | "HMAC-SHA256"
  | "HMAC-SHA512"
  | "PLAINTEXT"
  | "RSA-SHA1";

/**
 * Options of {@link createSigner} and {@link oauth1Middleware}. They are validated when the signer
 * is created; an unknown key (a typo such as `placment`) throws rather than being ignored.
 */
export interface SignerOptions {
  /** The client (consumer) key; sent in clear as `oauth_consumer_key`. */
  consumerKey: string;
  /** The client (consumer) secret; may be "" (RFC 5849 allows it), unused by RSA-SHA1. */
  consumerSecret: string;
  /** The token (three-legged flows); omitted for one-legged use such as the Alteryx Admin API. */
  token?: string;
  /** The token secret; "" when omitted. */
  tokenSecret?: string;
  /** Default "HMAC-SHA1". */
  signatureMethod?: SignatureMethod;
  /** PKCS#8 PEM private key ("-----BEGIN PRIVATE KEY-----"), required for RSA-SHA1. */
  privateKey?: string;
  /** Where the oauth parameters go: "header" (default, `Authorization: OAuth ...`) or "query". */
  placement?: "header" | "query";
  /** `realm` of the Authorization header (never signed). */
  realm?: string;
  /** Nonce source for tests; default 128 random bits from the platform CSPRNG as hex. */
  nonce?: () => string;
  /** Clock for tests: integer seconds since the epoch; default `Date.now() / 1000`. */
  timestamp?: () => number;
  /** Seconds added to the clock, to correct skew measured from a server's `Date` header. */
  clockOffsetSeconds?: number;
  /** Send and sign `oauth_version=1.0` (default true). */
  version?: boolean;
  /**
   * "auto" (default): node:crypto where the runtime provides it (Node, Deno, Bun), WebCrypto
   * elsewhere (browsers, workers). "node" where node:crypto is missing throws.
   */
  crypto?: "auto" | "webcrypto" | "node";
}

/** Input of {@link Signer.authorize}: a request described for any HTTP client. */
export interface AuthorizeInput {
  method: string;
  /** The absolute URL, including the query the request will send. */
  url: string | URL;
  /** The body; signed only when it is form-encoded (see `contentType`). */
  body?: string | URLSearchParams | null;
  /**
   * The request's Content-Type. A body is signed only for `application/x-www-form-urlencoded`;
   * a URLSearchParams body counts as form-encoded when this is omitted (as fetch sends it).
   */
  contentType?: string | null;
}

/** Everything computed while signing one request. */
export interface Authorization {
  /** Every oauth_* parameter sent, including oauth_signature (values decoded). */
  oauthParameters: Record<string, string>;
  /** The raw base64 signature. A secret while it is valid: never log it. */
  signature: string;
  /** The Authorization header value: `OAuth realm="...", oauth_consumer_key="...", ...`. */
  header: string;
  /**
   * The request URL with the oauth parameters appended to its query (fragment dropped).
   * Send either `header` with the original URL, or this URL without the header.
   */
  url: string;
  /** Every pair that was signed, decoded: the query's, then the oauth_* ones, then the form body's. */
  parameters: Array<[string, string]>;
  /** Step 2 of RFC 5849 3.4.1: the normalized parameter string. */
  normalizedParameters: string;
  /** Step 1: the base string URI. */
  baseStringUri: string;
  /** Step 3: the signature base string that was signed. */
  baseString: string;
}

/** A configured signer. Safe to log: inspect and JSON show no secrets. */
export interface Signer {
  /**
   * Returns a new Request with the oauth parameters added (header or query); the original is
   * not modified and its body stays readable. Each call uses a fresh nonce and timestamp.
   */
  sign(request: Request): Promise<Request>;
  /** Signs a request described by method, URL and optional body, for any HTTP client. */
  authorize(input: AuthorizeInput): Promise<Authorization>;
}
