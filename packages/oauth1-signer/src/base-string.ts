/**
 * The signature base string (RFC 5849 3.4.1): base string URI, parameter collection and
 * normalization. Everything here is pure and synchronous, and exported for people debugging a
 * server that rejects a signature.
 */
import { encodeLabelled, parseForm, percentEncode, safeName } from "./percent-encode.js";

/** A URL split into what the signature needs. @internal */
export interface SplitUrl {
  /** RFC 5849 3.4.1.2 base string URI. */
  baseUri: string;
  /** The raw query without `?` and without fragment ("" when none). */
  query: string;
  /** The URL without its fragment, as given (used to append the oauth parameters). */
  withoutFragment: string;
}

/**
 * Strings already in the WHATWG-serialized form that fetch sends (which is what `Request#url`
 * always is): lowercase-able scheme and host, a port, a path of plain URL characters. Anything
 * else goes through `new URL`, so the base string always matches what is on the wire.
 */
const SIMPLE_URL =
  /^([Hh][Tt][Tt][Pp][Ss]?):\/\/([A-Za-z0-9.-]+)(?::([1-9][0-9]{0,4}))?(\/[A-Za-z0-9\-._~!$&'()*+,;=:@%/]*)?(\?[^#\s]*)?(#.*)?$/;
/** Path pieces WHATWG would rewrite (dot segments, also as %2e): leave those to `new URL`. */
const DOT_SEGMENT = /(^|\/)(\.|%2e){1,2}(\/|$)/i;
/** A last host label that is numeric makes WHATWG parse the host as IPv4 (`127.1`, `0x7f.1`). */
const NUMERIC_LABEL = /(^|\.)(\d+|0x[0-9a-f]*)\.?$/i;
/** Four decimal octets without leading zeros (`127.0.0.1`): WHATWG serializes them unchanged. */
const CANONICAL_IPV4 =
  /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;

function defaultPort(scheme: string): string {
  return scheme === "https" ? "443" : "80";
}

/** Splits an absolute http(s) URL for signing. @internal */
export function splitUrl(url: string | URL): SplitUrl {
  if (typeof url === "string") {
    const m = SIMPLE_URL.exec(url);
    if (m !== null) {
      const scheme = (m[1] as string).toLowerCase();
      const host = (m[2] as string).toLowerCase();
      const port = m[3];
      const path = m[4];
      if (
        (!NUMERIC_LABEL.test(host) || CANONICAL_IPV4.test(host)) &&
        (port === undefined || (Number(port) <= 65535 && port !== defaultPort(scheme))) &&
        (path === undefined || !DOT_SEGMENT.test(path))
      ) {
        const hash = m[6];
        return {
          baseUri: `${scheme}://${host}${port === undefined ? "" : `:${port}`}${path ?? "/"}`,
          query: m[5] === undefined ? "" : m[5].slice(1),
          withoutFragment: hash === undefined ? url : url.slice(0, url.length - hash.length),
        };
      }
    }
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new TypeError(
        `Cannot sign "${url.slice(0, 200)}": it is not an absolute URL; pass the full URL including scheme and host (e.g. "https://gallery.example.com/gallery/api/admin/v1/users/")`,
      );
    }
    return splitParsed(parsed);
  }
  if (url instanceof URL) return splitParsed(url);
  throw new TypeError(`The URL to sign must be a string or a URL object, got ${typeof url}`);
}

function splitParsed(url: URL): SplitUrl {
  const scheme = url.protocol.slice(0, -1);
  if (scheme !== "http" && scheme !== "https") {
    throw new TypeError(
      `Cannot sign a ${url.protocol} URL: only http: and https: requests can be signed`,
    );
  }
  // WHATWG already lowercases scheme and host, drops the default port, keeps IPv6 brackets in
  // `hostname`, and gives "/" for an empty path.
  const href = url.href;
  const withoutFragment = url.hash === "" ? href : href.slice(0, href.length - url.hash.length);
  return {
    baseUri: `${scheme}://${url.hostname}${url.port === "" ? "" : `:${url.port}`}${url.pathname}`,
    query: url.search === "" ? "" : url.search.slice(1),
    withoutFragment,
  };
}

/**
 * The base string URI of RFC 5849 3.4.1.2: scheme and host lowercase, the default port (80 for
 * http, 443 for https) dropped and any other kept, the path exactly as sent (already-encoded
 * bytes such as `%40` are not encoded again), `/` for an empty path, IPv6 hosts in brackets;
 * query and fragment dropped.
 *
 * @param url - an absolute http(s) URL
 * @example baseStringUri("HTTP://EXAMPLE.COM:80/r%20v/X?id=123") // "http://example.com/r%20v/X"
 */
export function baseStringUri(url: string | URL): string {
  return splitUrl(url).baseUri;
}

const byteOrder = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Normalizes request parameters (RFC 5849 3.4.1.3.2): each name and value is percent-encoded,
 * the pairs are sorted by encoded name and then encoded value (byte order), joined as
 * `name=value` (the `=` stays for an empty value) and then with `&`.
 * `oauth_signature` is never part of the signed parameters (3.4.1.3.1), so it is skipped.
 *
 * @param pairs - decoded name/value pairs, duplicates included
 * @throws TypeError naming the parameter when a name or value cannot be encoded (lone surrogate)
 * @example normalizeParameters([["a", "x!y"], ["a", "x y"]]) // "a=x%20y&a=x%21y"
 */
export function normalizeParameters(pairs: Iterable<readonly [string, string]>): string {
  return normalizeEncoded(encodeSigned(pairs))[0];
}

/** Encodes every pair but `oauth_signature`, which is never signed (3.4.1.3.1). */
function encodeSigned(pairs: Iterable<readonly [string, string]>): Array<[string, string]> {
  const encoded: Array<[string, string]> = [];
  for (const pair of pairs) {
    const name = pair[0];
    if (name === "oauth_signature") continue;
    encoded.push(encodePair(name, pair[1]));
  }
  return encoded;
}

/** Encodes one pair, naming the parameter when it cannot be encoded. @internal */
export function encodePair(name: string, value: string): [string, string] {
  if (typeof name !== "string" || typeof value !== "string") {
    throw new TypeError(
      `Parameter names and values must be strings; got ${typeof name} = ${typeof value}`,
    );
  }
  const encodedName = encodeLabelled(name, "A parameter name");
  return [encodedName, encodeLabelled(value, `The value of parameter "${safeName(encodedName)}"`)];
}

const comparePairs = (a: readonly [string, string], b: readonly [string, string]): number =>
  a[0] !== b[0] ? byteOrder(a[0], b[0]) : byteOrder(a[1], b[1]);

/**
 * Sorts encoded pairs by name, then value, in place. Name and value are compared separately:
 * comparing joined strings would put `a%20=1` before `a=1`. Requests carry a handful of
 * parameters, where an insertion sort beats `Array#sort` with a comparator.
 */
function sortEncoded(encoded: Array<[string, string]>): void {
  const n = encoded.length;
  if (n > 24) {
    encoded.sort(comparePairs);
    return;
  }
  for (let i = 1; i < n; i++) {
    const current = encoded[i] as [string, string];
    let j = i - 1;
    while (j >= 0 && comparePairs(encoded[j] as [string, string], current) > 0) {
      encoded[j + 1] = encoded[j] as [string, string];
      j--;
    }
    encoded[j + 1] = current;
  }
}

const PERCENT = /%/g;
/** Encodes an already encoded string again: only `%` can change (to `%25`). */
const encodeAgain = (s: string): string => (s.indexOf("%") === -1 ? s : s.replace(PERCENT, "%25"));

/**
 * Sorts encoded pairs and returns the normalized parameters and, in the same pass, their
 * encoding for the base string (`=` as `%3D`, `&` as `%26`, `%` as `%25`). @internal
 */
export function normalizeEncoded(encoded: Array<[string, string]>): [string, string] {
  sortEncoded(encoded);
  let normalized = "";
  let forBaseString = "";
  for (let i = 0; i < encoded.length; i++) {
    const pair = encoded[i] as [string, string];
    if (i === 0) {
      normalized = `${pair[0]}=${pair[1]}`;
      forBaseString = `${encodeAgain(pair[0])}%3D${encodeAgain(pair[1])}`;
    } else {
      normalized += `&${pair[0]}=${pair[1]}`;
      forBaseString += `%26${encodeAgain(pair[0])}%3D${encodeAgain(pair[1])}`;
    }
  }
  return [normalized, forBaseString];
}

/**
 * Builds the signature base string of RFC 5849 3.4.1.1:
 * `UPPER(method) & enc(base string URI) & enc(normalized parameters)`.
 * The query of `url` is parsed as form data (`+` is a space, duplicates kept) and signed
 * together with `pairs`; `oauth_signature` is skipped wherever it appears.
 *
 * @param method - the HTTP method (uppercased here)
 * @param url - the absolute request URL, including its query
 * @param pairs - the other parameters: the `oauth_*` protocol parameters (without `realm`) and,
 *   for an `application/x-www-form-urlencoded` body, the decoded body pairs
 * @example signatureBaseString("GET", "http://example.com/?a=1", [["oauth_nonce", "n"]])
 */
export function signatureBaseString(
  method: string,
  url: string | URL,
  pairs: Iterable<readonly [string, string]>,
): string {
  const split = splitUrl(url);
  const all: Array<readonly [string, string]> =
    split.query === "" ? [] : parseForm(split.query, "query");
  for (const pair of pairs) all.push(pair);
  const upperMethod = checkMethod(method);
  const encodedUri = percentEncode(split.baseUri);
  return `${upperMethod}&${encodedUri}&${normalizeEncoded(encodeSigned(all))[1]}`;
}

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/** Validates and uppercases an HTTP method. @internal */
export function checkMethod(method: string): string {
  if (typeof method !== "string" || !TOKEN.test(method)) {
    throw new TypeError(
      `The HTTP method must be a token such as "GET" or "POST", got ${typeof method === "string" ? JSON.stringify(method.slice(0, 40)) : typeof method}`,
    );
  }
  return method.toUpperCase();
}
