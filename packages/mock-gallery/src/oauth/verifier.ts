// The mock's OAuth1 check, modelled on the Gallery's: one-legged OAuth 1.0a, HMAC-SHA1 only,
// parameters in the query OR the Authorization header. The expected signature comes from the
// `oauth-sign` package, independent of our own signer, so a bug in one is caught by the other.
import { createHash, timingSafeEqual } from "node:crypto";
import { hmacsign } from "oauth-sign";
import { badRequest, type GalleryFailure, unauthorized } from "../gallery-error.js";
import { describeMistakes, diagnoseSignature, MISTAKES } from "./diagnose.js";
import { NonceCache } from "./nonce-cache.js";
import {
  baseStringUri,
  headerValues,
  ParseError,
  parseAuthorizationHeader,
  parseQuery,
  type RawRequest,
  splitTarget,
  truncate,
} from "./parse.js";

/** The message a real Gallery sends for a bad signature. */
export const INVALID_SIGNATURE = "The provided signature(oauth_signature) is invalid.";

const MAX_DIAGNOSED_PARAMETERS = 200;

const REQUIRED = [
  "oauth_consumer_key",
  "oauth_signature_method",
  "oauth_signature",
  "oauth_timestamp",
  "oauth_nonce",
] as const;

/** How the verifier is configured. */
export interface VerifierOptions {
  consumerKey: string;
  consumerSecret: string;
  /** Largest accepted distance between oauth_timestamp and the server clock (default 300). */
  timestampWindowSeconds?: number;
  /**
   * Public address the Gallery is reached at (behind a load balancer): the signed URL is rebuilt
   * from its scheme and host, and its path replaces the mock's `/gallery` mount point.
   */
  publicBaseUrl?: string;
  /** Server clock in seconds (tests). */
  now?: () => number;
}

/** The outcome of one check. */
export type Verification =
  | { ok: true; nonce: string; placement: "header" | "query" }
  | { ok: false; failure: GalleryFailure; nonce?: string; diagnosis?: string };

/** Verifies OAuth1-signed requests. */
export interface Verifier {
  /** Checks one request; `host` is the Host header (or the local address when absent). */
  verify(request: RawRequest, host: string): Verification;
}

/**
 * Creates the verifier: required parameters, HMAC-SHA1 only, oauth_version 1.0, timestamp
 * window, nonce replay cache with bounded memory, constant-time signature comparison, and a
 * diagnosis of the usual mistakes when the signature is wrong.
 */
export function createVerifier(options: VerifierOptions): Verifier {
  const window = options.timestampWindowSeconds ?? 300;
  const now = options.now ?? (() => Math.floor(Date.now() / 1000));
  // A nonce must be remembered for as long as its timestamp can still be accepted.
  const nonces = new NonceCache(2 * window);
  const publicBase = options.publicBaseUrl ? parsePublicBase(options.publicBaseUrl) : undefined;

  function check(request: RawRequest, host: string): Verification {
    const { path, query } = splitTarget(request.url);
    const queryPairs = parseQuery(query);
    const authorizations = headerValues(request.rawHeaders, "authorization");
    if (authorizations.length > 1) {
      return fail("The request carries more than one Authorization header; send exactly one.");
    }
    const parsedHeader =
      authorizations[0] === undefined ? undefined : parseAuthorizationHeader(authorizations[0]);
    const headerPairs = (parsedHeader ?? []).filter(([name]) => name !== "realm");
    const queryOauth = queryPairs.filter(([name]) => name.startsWith("oauth_"));
    const headerOauth = headerPairs.filter(([name]) => name.startsWith("oauth_"));
    if (queryOauth.length > 0 && headerOauth.length > 0) {
      return fail(
        "OAuth parameters were sent both in the query string and in the Authorization header; send them in one place only (the header is recommended).",
      );
    }
    const placement = headerOauth.length > 0 ? "header" : "query";
    const oauthPairs = placement === "header" ? headerOauth : queryOauth;
    if (oauthPairs.length === 0) {
      return fail(
        "The request is not signed: no OAuth parameters were found in the Authorization header or the query string.",
      );
    }
    const oauth = new Map<string, string>();
    for (const [name, value] of oauthPairs) {
      if (oauth.has(name)) {
        return fail(`The OAuth parameter ${name} was sent more than once; send each exactly once.`);
      }
      oauth.set(name, value);
    }
    const missing = REQUIRED.filter((name) => !oauth.has(name));
    if (missing.length > 0) {
      return fail(`Missing OAuth parameter(s): ${missing.join(", ")}.`);
    }
    const method = oauth.get("oauth_signature_method");
    if (method !== "HMAC-SHA1") {
      return fail(
        `Unsupported oauth_signature_method "${truncate(method ?? "", 30)}": this server only accepts HMAC-SHA1.`,
      );
    }
    const version = oauth.get("oauth_version");
    if (version !== undefined && version !== "1.0") {
      return fail(
        `Unsupported oauth_version "${truncate(version, 20)}": send 1.0 or leave it out.`,
      );
    }
    const consumerKey = oauth.get("oauth_consumer_key") ?? "";
    if (!safeEqual(consumerKey, options.consumerKey)) {
      return fail(
        "Unknown oauth_consumer_key: use the API key shown on the Gallery's settings page (API Access).",
      );
    }
    const nonce = oauth.get("oauth_nonce") ?? "";
    const timestampText = oauth.get("oauth_timestamp") ?? "";
    const serverTime = now();
    if (!/^[0-9]{1,12}$/.test(timestampText)) {
      return fail(
        `oauth_timestamp "${truncate(timestampText, 20)}" is not a positive integer number of seconds since 1970-01-01.`,
        nonce,
      );
    }
    const skew = Number(timestampText) - serverTime;
    if (Math.abs(skew) > window) {
      return fail(
        `oauth_timestamp is ${Math.abs(skew)} s ${skew < 0 ? "behind" : "ahead of"} the server clock (allowed: ${window} s; server time ${serverTime}). Use the current time, or correct clock skew from the server's Date header.`,
        nonce,
      );
    }

    const scheme = publicBase?.scheme ?? "http";
    const signedHost = publicBase?.host ?? host;
    const signedPath = publicBase ? publicBase.rewritePath(path) : path;
    const uri = baseStringUri(scheme, signedHost, signedPath);
    const signed: Record<string, string | string[]> = Object.create(null);
    for (const [name, value] of [...queryPairs, ...headerPairs]) {
      if (name === "oauth_signature") continue;
      const previous = signed[name];
      if (previous === undefined) signed[name] = value;
      else if (Array.isArray(previous)) previous.push(value);
      else signed[name] = [previous, value];
    }
    const expected = hmacsign(request.method, uri, signed, options.consumerSecret, "");
    const provided = oauth.get("oauth_signature") ?? "";
    if (!safeEqual(provided, expected)) {
      // The diagnosis recomputes ~200 signatures; skip it for absurd parameter lists.
      const diagnosable = queryPairs.length + headerPairs.length <= MAX_DIAGNOSED_PARAMETERS;
      const diagnose = (clientSignature: string) =>
        diagnosable
          ? diagnoseSignature({
              method: request.method,
              queryPairs,
              headerPairs,
              rawQuery: query,
              scheme,
              host: uri.slice(uri.indexOf("//") + 2, uri.indexOf("/", uri.indexOf("//") + 2)),
              path: signedPath === "" ? "/" : signedPath,
              consumerSecret: options.consumerSecret,
              clientSignature,
            })
          : undefined;
      let mistakes = diagnose(provided);
      if (!mistakes && placement === "query" && provided.includes(" ")) {
        // A raw + in the query is a space (form decoding): the signature was not encoded.
        const restored = provided.replace(/ /g, "+");
        const more = safeEqual(restored, expected) ? [] : diagnose(restored);
        if (more) mistakes = [MISTAKES.signatureNotEncoded, ...more];
      }
      const diagnosis = mistakes
        ? describeMistakes(mistakes)
        : `None of the usual mistakes reproduces your signature. Check the consumer secret, that the oauth_nonce and oauth_timestamp you signed are the ones you sent, and that you signed ${request.method.toUpperCase()} ${truncate(uri, 200)} with every query and oauth_* parameter except oauth_signature.`;
      return { ok: false, failure: unauthorized(INVALID_SIGNATURE, diagnosis), nonce, diagnosis };
    }
    if (!nonces.remember(`${consumerKey}\u0000${nonce}`, serverTime)) {
      return fail(
        "The oauth_nonce was already used (a replayed request). Generate a fresh random nonce for every request, retries included.",
        nonce,
      );
    }
    return { ok: true, nonce, placement };
  }

  return {
    verify(request, host) {
      try {
        return check(request, host);
      } catch (error) {
        if (error instanceof ParseError) {
          const failure =
            error.status === 401 ? unauthorized(error.message) : badRequest(error.message);
          return { ok: false, failure };
        }
        if (error instanceof URIError) {
          // oauth-sign's encoder meets a lone surrogate: the request cannot have been signed
          return { ok: false, failure: badRequest("The request holds text that is not UTF-8.") };
        }
        throw error;
      }
    },
  };
}

function fail(message: string, nonce?: string): Verification {
  return nonce === undefined
    ? { ok: false, failure: unauthorized(message) }
    : { ok: false, failure: unauthorized(message), nonce };
}

/** Constant-time string comparison (hashing first makes the lengths equal). */
function safeEqual(a: string, b: string): boolean {
  const ha = createHash("sha256").update(a).digest();
  const hb = createHash("sha256").update(b).digest();
  return timingSafeEqual(ha, hb);
}

interface PublicBase {
  scheme: string;
  host: string;
  rewritePath(path: string): string;
}

function parsePublicBase(value: string): PublicBase {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new TypeError(
      `publicBaseUrl "${value}" is not an absolute URL; pass e.g. https://gallery.example.com/gallery`,
    );
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new TypeError(`publicBaseUrl "${value}" must be an http: or https: URL`);
  }
  const prefix = url.pathname.replace(/\/+$/, "");
  return {
    scheme: url.protocol.slice(0, -1),
    host: url.host,
    // The mock serves under /gallery; a public base with a path (a Gallery BaseAddress such as
    // https://host/gallery/) takes its place, a bare origin keeps the path unchanged.
    rewritePath: (path) =>
      prefix !== "" && path.startsWith("/gallery") ? prefix + path.slice("/gallery".length) : path,
  };
}
