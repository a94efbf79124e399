// The mock's OAuth1 check, modelled on the Gallery's: one-legged OAuth 1.0a, HMAC-SHA1 only,
// parameters in the query OR the Authorization header. The expected signature comes from the
// `oauth-sign` package, independent of our own signer, so a bug in one is caught by the other.

import { hmacsign } from "oauth-sign";
import { badRequest, type GalleryFailure, galleryError, unauthorized } from "../gallery-error.js";
import { describeMistakes, diagnoseSignature, MISTAKES } from "./diagnose.js";
import { DiagnosisBudget, type DiagnosisLimits } from "./diagnosis-budget.js";
import { DEFAULT_NONCE_CAPACITY, NonceCache } from "./nonce-cache.js";
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
import { safeEqual } from "./safe-equal.js";

/** The message a real Gallery sends for a bad signature. */
export const INVALID_SIGNATURE = "The provided signature(oauth_signature) is invalid.";

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
  /** How many nonces the replay cache holds (default {@link DEFAULT_NONCE_CAPACITY}). */
  nonceCapacity?: number;
  /** Limits of the diagnosis of bad signatures (defaults: DEFAULT_DIAGNOSIS_LIMITS). */
  diagnosis?: Partial<DiagnosisLimits>;
  /** Millisecond clock the diagnosis budget measures CPU time with (tests). */
  diagnosisClock?: () => number;
}

/** The outcome of one check. */
export type Verification =
  | { ok: true; nonce: string; placement: "header" | "query" }
  | {
      ok: false;
      failure: GalleryFailure;
      nonce?: string;
      diagnosis?: string;
      /** Set when the refusal is temporary (the replay cache is full). */
      retryAfterSeconds?: number;
    };

/** Verifies OAuth1-signed requests. */
export interface Verifier {
  /** Checks one request; `host` is the Host header (or the local address when absent). */
  verify(request: RawRequest, host: string): Verification;
}

/** The OAuth parameters of a request, where they were, and the rest of what was signed. */
interface ReadOauth {
  oauth: Map<string, string>;
  placement: "header" | "query";
  path: string;
  query: string;
  queryPairs: Array<[string, string]>;
  headerPairs: Array<[string, string]>;
}

/**
 * Creates the verifier: required parameters, HMAC-SHA1 only, oauth_version 1.0, timestamp
 * window, a replay cache that refuses rather than forgets, constant-time signature comparison,
 * and a diagnosis of the usual mistakes within a budget when the signature is wrong.
 */
export function createVerifier(options: VerifierOptions): Verifier {
  const window = options.timestampWindowSeconds ?? 300;
  const now = options.now ?? (() => Math.floor(Date.now() / 1000));
  const nonces = new NonceCache(options.nonceCapacity);
  const budget = new DiagnosisBudget(options.diagnosis, options.diagnosisClock);
  const publicBase = options.publicBaseUrl ? parsePublicBase(options.publicBaseUrl) : undefined;

  function check(request: RawRequest, host: string): Verification {
    const read = readOauth(request);
    if ("ok" in read) return read;
    const { oauth } = read;
    const refused = checkParameters(oauth, options.consumerKey);
    if (refused) return refused;
    const nonce = oauth.get("oauth_nonce") ?? "";
    const serverTime = now();
    const timestamp = checkTimestamp(oauth.get("oauth_timestamp") ?? "", serverTime, window);
    if (typeof timestamp !== "number") return { ...timestamp, nonce };
    const signed = signatureBase(read, host, publicBase);
    const expected = hmacsign(
      request.method,
      signed.uri,
      signed.params,
      options.consumerSecret,
      "",
    );
    const provided = oauth.get("oauth_signature") ?? "";
    if (!safeEqual(provided, expected)) {
      const diagnosis = diagnose(
        budget,
        options.consumerSecret,
        request.method,
        read,
        signed,
        provided,
        expected,
      );
      return { ok: false, failure: unauthorized(INVALID_SIGNATURE, diagnosis), nonce, diagnosis };
    }
    const key = `${options.consumerKey}\u0000${nonce}`;
    const remembered = nonces.remember(key, timestamp + window, serverTime);
    if (remembered.ok) return { ok: true, nonce, placement: read.placement };
    if (remembered.reason === "replay") {
      return fail(
        "The oauth_nonce was already used (a replayed request). Generate a fresh random nonce for every request, retries included.",
        nonce,
      );
    }
    return {
      ok: false,
      nonce,
      retryAfterSeconds: remembered.retryAfterSeconds,
      failure: galleryError(
        503,
        "ServiceUnavailableException",
        `The server is busy: it remembers the nonces of the last ${window} s to refuse replays, and holds ${nonces.capacity} at most. Retry after ${remembered.retryAfterSeconds} s.`,
      ),
    };
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

/** The diagnosis sentence for a bad signature, within the budget. */
function diagnose(
  budget: DiagnosisBudget,
  consumerSecret: string,
  method: string,
  read: ReadOauth,
  signed: SignatureBase,
  provided: string,
  expected: string,
): string {
  const bytes = [...read.queryPairs, ...read.headerPairs].reduce(
    (sum, [name, value]) => sum + name.length + value.length + 2,
    0,
  );
  const tooBig = budget.refuseSize(bytes);
  const attempt = (clientSignature: string) =>
    diagnoseSignature(
      {
        method,
        queryPairs: read.queryPairs,
        headerPairs: read.headerPairs,
        rawQuery: read.query,
        scheme: signed.scheme,
        host: signed.host,
        path: signed.path,
        consumerSecret,
        clientSignature,
      },
      budget.limits.maxCandidates,
    );
  const outcome = tooBig
    ? { ran: false as const, reason: tooBig }
    : budget.run(() => {
        let mistakes = attempt(provided);
        if (!mistakes && read.placement === "query" && provided.includes(" ")) {
          // A raw + in the query is a space (form decoding): the signature was not encoded.
          const restored = provided.replace(/ /g, "+");
          const more = safeEqual(restored, expected) ? [] : attempt(restored);
          if (more) mistakes = [MISTAKES.signatureNotEncoded, ...more];
        }
        return mistakes;
      });
  if (outcome.ran && outcome.result) return describeMistakes(outcome.result);
  const check = `Check the consumer secret, that the oauth_nonce and oauth_timestamp you signed are the ones you sent, and that you signed ${method.toUpperCase()} ${truncate(signed.uri, 200)} with every query and oauth_* parameter except oauth_signature.`;
  return outcome.ran
    ? `None of the usual mistakes reproduces your signature. ${check}`
    : `Your signature was not diagnosed: ${outcome.reason}. ${check}`;
}

/** Finds the OAuth parameters (query or header, not both) and refuses unreadable sets. */
function readOauth(request: RawRequest): ReadOauth | Verification {
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
  return { oauth, placement, path, query, queryPairs, headerPairs };
}

/** Required parameters, method, version, key and nonce. */
function checkParameters(
  oauth: Map<string, string>,
  consumerKey: string,
): Verification | undefined {
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
    return fail(`Unsupported oauth_version "${truncate(version, 20)}": send 1.0 or leave it out.`);
  }
  if (!safeEqual(oauth.get("oauth_consumer_key") ?? "", consumerKey)) {
    return fail(
      "Unknown oauth_consumer_key: use the API key shown on the Gallery's settings page (API Access).",
    );
  }
  if (oauth.get("oauth_nonce") === "") {
    return fail(
      "The oauth_nonce is empty: send a fresh random value with every request (for example 32 random hex characters), retries included.",
    );
  }
  return undefined;
}

/** The timestamp in seconds, or the refusal of one that is malformed or outside the window. */
function checkTimestamp(
  text: string,
  serverTime: number,
  window: number,
): number | Extract<Verification, { ok: false }> {
  if (!/^[0-9]{1,12}$/.test(text)) {
    return refusal(
      `oauth_timestamp "${truncate(text, 20)}" is not a positive integer number of seconds since 1970-01-01.`,
    );
  }
  const skew = Number(text) - serverTime;
  if (Math.abs(skew) > window) {
    return refusal(
      `oauth_timestamp is ${Math.abs(skew)} s ${skew < 0 ? "behind" : "ahead of"} the server clock (allowed: ${window} s; server time ${serverTime}). Use the current time, or correct clock skew from the server's Date header.`,
    );
  }
  return Number(text);
}

/** What the server signs: the base string URI's parts and every parameter but the signature. */
interface SignatureBase {
  scheme: string;
  host: string;
  path: string;
  uri: string;
  params: Record<string, string | string[]>;
}

function signatureBase(
  read: ReadOauth,
  host: string,
  publicBase: PublicBase | undefined,
): SignatureBase {
  const scheme = publicBase?.scheme ?? "http";
  const signedPath = publicBase ? publicBase.rewritePath(read.path) : read.path;
  const uri = baseStringUri(scheme, publicBase?.host ?? host, signedPath);
  const params: Record<string, string | string[]> = Object.create(null);
  for (const [name, value] of [...read.queryPairs, ...read.headerPairs]) {
    if (name === "oauth_signature") continue;
    const previous = params[name];
    if (previous === undefined) params[name] = value;
    else if (Array.isArray(previous)) previous.push(value);
    else params[name] = [previous, value];
  }
  const authority = uri.slice(uri.indexOf("//") + 2, uri.indexOf("/", uri.indexOf("//") + 2));
  return { scheme, host: authority, path: signedPath === "" ? "/" : signedPath, uri, params };
}

function refusal(message: string): Extract<Verification, { ok: false }> {
  return { ok: false, failure: unauthorized(message) };
}

function fail(message: string, nonce?: string): Verification {
  return nonce === undefined
    ? { ok: false, failure: unauthorized(message) }
    : { ok: false, failure: unauthorized(message), nonce };
}

/** Constant-time string comparison (hashing first makes the lengths equal). */
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
