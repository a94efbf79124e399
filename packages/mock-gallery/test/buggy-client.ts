// A hand-written OAuth1 client that can make each of the usual mistakes on purpose, so that the
// mock's diagnosis can be checked against real wrong signatures.
import { createHmac, randomBytes } from "node:crypto";

/** The mistakes this client can make (any combination). */
export interface Bugs {
  unsorted?: boolean;
  base64url?: boolean;
  /** Sign this URL (scheme://host[:port]/path) instead of the real one. */
  signedBase?: string;
  formEncoding?: boolean;
  encodeURIComponentOnly?: boolean;
  queryInBaseUri?: boolean;
  versionSignedNotSent?: boolean;
  versionSentNotSigned?: boolean;
  secretSuffix?: string;
  timestampOffset?: number;
  constantNonce?: string;
  /** Sign the query names and values as they appear in the URL, without decoding them. */
  queryNotDecoded?: boolean;
}

const rfc3986 = (v: string) =>
  encodeURIComponent(v).replace(
    /[!*'()]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
const form = (v: string) => new URLSearchParams([["", v]]).toString().slice(1);

/**
 * Signs `url` (whose query must already be RFC 3986-encoded as sent) with the given bugs and
 * returns what to send. Placement: header.
 */
export function buggySign(
  credentials: { consumerKey: string; consumerSecret: string },
  method: string,
  url: string,
  bugs: Bugs = {},
  placement: "header" | "query" = "header",
): { url: string; headers: Record<string, string> } {
  const parsed = new URL(url);
  const timestamp = Math.floor(Date.now() / 1000);
  const oauth: Array<[string, string]> = [
    ["oauth_consumer_key", credentials.consumerKey],
    ["oauth_nonce", bugs.constantNonce ?? randomBytes(12).toString("hex")],
    ["oauth_signature_method", "HMAC-SHA1"],
    ["oauth_timestamp", String(timestamp)],
  ];
  const sentVersion = !bugs.versionSignedNotSent;
  const signedVersion = !bugs.versionSentNotSigned;
  const query: Array<[string, string]> = bugs.queryNotDecoded
    ? parsed.search
        .slice(1)
        .split("&")
        .filter((s) => s !== "")
        .map((s) => [s.split("=")[0] ?? "", s.split("=").slice(1).join("=")])
    : [...parsed.searchParams];
  const signedOauth: Array<[string, string]> = oauth.map(([n, v]) => [
    n,
    n === "oauth_timestamp" && bugs.timestampOffset ? String(timestamp + bugs.timestampOffset) : v,
  ]);
  if (signedVersion) signedOauth.push(["oauth_version", "1.0"]);
  const encode = bugs.formEncoding
    ? form
    : bugs.encodeURIComponentOnly
      ? encodeURIComponent
      : rfc3986;
  let pairs = [...(bugs.queryInBaseUri ? [] : query), ...signedOauth].map(([n, v]) => [
    encode(n),
    encode(v),
  ]);
  if (!bugs.unsorted) {
    pairs = pairs.sort(([a = "", av = ""], [b = "", bv = ""]) =>
      a < b ? -1 : a > b ? 1 : av < bv ? -1 : av > bv ? 1 : 0,
    );
  }
  let baseUri = bugs.signedBase ?? `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
  if (bugs.queryInBaseUri && parsed.search) baseUri += parsed.search;
  const baseString = [
    method,
    encode(baseUri),
    encode(pairs.map(([n, v]) => `${n}=${v}`).join("&")),
  ].join("&");
  const digest = createHmac(
    "sha1",
    `${encode(credentials.consumerSecret + (bugs.secretSuffix ?? ""))}&`,
  )
    .update(baseString)
    .digest();
  const signature = bugs.base64url ? digest.toString("base64url") : digest.toString("base64");
  const sent: Array<[string, string]> = [...oauth];
  if (sentVersion) sent.push(["oauth_version", "1.0"]);
  sent.push(["oauth_signature", signature]);
  if (placement === "query") {
    const extra = sent.map(([n, v]) => `${rfc3986(n)}=${rfc3986(v)}`).join("&");
    return { url: `${url}${parsed.search ? "&" : "?"}${extra}`, headers: {} };
  }
  return {
    url,
    headers: {
      authorization: `OAuth ${sent.map(([n, v]) => `${n}="${rfc3986(v)}"`).join(", ")}`,
    },
  };
}
