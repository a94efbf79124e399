// Test-side signing that shares no code with the mock's verifier or with our signer package:
// oauth-sign for the HMAC, and hand-built header/query placement.
import { randomBytes } from "node:crypto";
import { hmacsign, rfc3986 } from "oauth-sign";

/** Credentials of a mock. */
export interface Credentials {
  consumerKey: string;
  consumerSecret: string;
}

/** Options of a hand-signed request. */
export interface HandSignOptions {
  method?: string;
  placement?: "header" | "query";
  nonce?: string;
  timestamp?: number;
  version?: boolean;
  /** Override the signature sent (for mistake tests). */
  signature?: string;
  /** Extra oauth parameters sent (not signed). */
  extraOauth?: Record<string, string>;
}

/** Builds the URL and headers of a request signed with oauth-sign (RFC 5849 HMAC-SHA1). */
export function handSign(
  credentials: Credentials,
  url: string,
  options: HandSignOptions = {},
): { url: string; headers: Record<string, string>; oauth: Record<string, string> } {
  const method = options.method ?? "GET";
  const parsed = new URL(url);
  const oauth: Record<string, string> = {
    oauth_consumer_key: credentials.consumerKey,
    oauth_nonce: options.nonce ?? randomBytes(16).toString("hex"),
    oauth_signature_method: "HMAC-SHA1",
    oauth_timestamp: String(options.timestamp ?? Math.floor(Date.now() / 1000)),
  };
  if (options.version ?? true) oauth.oauth_version = "1.0";
  const params: Record<string, string | string[]> = {};
  for (const [name, value] of parsed.searchParams) {
    const previous = params[name];
    params[name] =
      previous === undefined
        ? value
        : Array.isArray(previous)
          ? [...previous, value]
          : [previous, value];
  }
  Object.assign(params, oauth);
  const baseUri = `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
  const signature =
    options.signature ?? hmacsign(method, baseUri, params, credentials.consumerSecret, "");
  const sent = { ...oauth, ...options.extraOauth, oauth_signature: signature };
  if (options.placement === "query") {
    const query = Object.entries(sent)
      .map(([k, v]) => `${rfc3986(k)}=${rfc3986(v)}`)
      .join("&");
    return { url: `${url}${parsed.search ? "&" : "?"}${query}`, headers: {}, oauth: sent };
  }
  const header = `OAuth ${Object.entries(sent)
    .map(([k, v]) => `${rfc3986(k)}="${rfc3986(v)}"`)
    .join(", ")}`;
  return { url, headers: { authorization: header }, oauth: sent };
}

/** Sends a hand-signed request with fetch. */
export async function signedFetch(
  credentials: Credentials,
  url: string,
  options: HandSignOptions & { body?: BodyInit } = {},
): Promise<Response> {
  const signed = handSign(credentials, url, options);
  const init: RequestInit = { method: options.method ?? "GET", headers: signed.headers };
  if (options.body !== undefined) init.body = options.body;
  return fetch(signed.url, init);
}

/** Reads a JSON body, tolerating a UTF-8 BOM. */
export async function json<T = unknown>(response: Response): Promise<T> {
  const text = await response.text();
  return JSON.parse(text.replace(/^\uFEFF/, "")) as T;
}
