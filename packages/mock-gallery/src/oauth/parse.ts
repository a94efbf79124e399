// Reads the OAuth-relevant parts of a raw HTTP request: the query pairs (form-decoded, as
// RFC 5849 3.4.1.3.1 says), the Authorization header parameters, and the base string URI.
// Everything here may see hostile input, so every failure is a typed ParseError, never a throw
// of something else.

/** A request as the verifier sees it: raw method, raw request target and raw header list. */
export interface RawRequest {
  method: string;
  /** The request target as sent (`/gallery/api/admin/v1/users/?page=0`), not decoded. */
  url: string;
  /** Node's `rawHeaders`: name, value, name, value, ... (duplicates kept). */
  rawHeaders: readonly string[];
}

/** A request the verifier cannot read; answered with a Gallery-shaped 400 or 401. */
export class ParseError extends Error {
  constructor(
    message: string,
    readonly status: 400 | 401 = 400,
  ) {
    super(message);
    this.name = "ParseError";
  }
}

/**
 * Decodes one `application/x-www-form-urlencoded` component (`+` is a space); undefined when a
 * %XX escape is broken (or is not UTF-8).
 */
export function formDecode(component: string): string | undefined {
  try {
    return decodeURIComponent(component.replace(/\+/g, " "));
  } catch {
    return undefined;
  }
}

/** {@link formDecode} of a query component; a ParseError that points at a broken escape. */
function queryDecode(component: string): string {
  const decoded = formDecode(component);
  if (decoded === undefined) {
    throw new ParseError(
      `The query string is not valid percent-encoding near "${truncate(component, 40)}". Encode every byte outside A-Z a-z 0-9 - . _ ~ as %XX of its UTF-8 form.`,
    );
  }
  return decoded;
}

/** Splits a request target into its path and raw query (without `?`). */
export function splitTarget(target: string): { path: string; query: string } {
  let rest = target;
  if (/^https?:\/\//i.test(rest)) {
    // absolute-form request target (a proxy-style request): keep only path and query
    const slash = rest.indexOf("/", rest.indexOf("//") + 2);
    rest = slash === -1 ? "/" : rest.slice(slash);
  }
  const hash = rest.indexOf("#");
  if (hash !== -1) rest = rest.slice(0, hash);
  const q = rest.indexOf("?");
  return q === -1
    ? { path: rest, query: "" }
    : { path: rest.slice(0, q), query: rest.slice(q + 1) };
}

/** The query's name/value pairs in the order sent, form-decoded; empty segments are skipped. */
export function parseQuery(query: string): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  if (query === "") return pairs;
  for (const segment of query.split("&")) {
    if (segment === "") continue;
    const eq = segment.indexOf("=");
    const name = eq === -1 ? segment : segment.slice(0, eq);
    const value = eq === -1 ? "" : segment.slice(eq + 1);
    const decodedName = queryDecode(name);
    // A malformed signature is still the client's signature: never quote it back.
    pairs.push([
      decodedName,
      isSignature(decodedName) ? decodeSecret(value, true) : queryDecode(value),
    ]);
  }
  return pairs;
}

/** All values of one header, case-insensitively, from Node's raw header list. */
export function headerValues(rawHeaders: readonly string[], name: string): string[] {
  const lower = name.toLowerCase();
  const values: string[] = [];
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    if (rawHeaders[i]?.toLowerCase() === lower) values.push(rawHeaders[i + 1] ?? "");
  }
  return values;
}

// name="value" (quoted, as RFC 5849 3.5.1 says) or name=value (tolerated, as servers do)
const AUTH_PARAM = /^\s*([A-Za-z0-9_.~%-]+)\s*=\s*(?:"([^"]*)"|([^",\s]*))\s*(?:,|$)/;

/**
 * Parses `Authorization: OAuth k="v", ...` into pairs (percent-decoded, `realm` included so the
 * caller can drop it). Returns undefined when the header is not an OAuth one.
 */
export function parseAuthorizationHeader(value: string): Array<[string, string]> | undefined {
  const match = /^\s*OAuth(?:\s+|$)/i.exec(value);
  if (!match) return undefined;
  let rest = value.slice(match[0].length);
  const pairs: Array<[string, string]> = [];
  while (rest.trim() !== "") {
    const param = AUTH_PARAM.exec(rest);
    if (!param) {
      throw new ParseError(
        `The Authorization header is not a valid OAuth header near "${truncate(redactSignatures(rest.trim()), 40)}". Expected a comma-separated list of name="percent-encoded value".`,
        401,
      );
    }
    const name = percentDecode(param[1] ?? "");
    const raw = param[2] ?? param[3] ?? "";
    pairs.push([name, isSignature(name) ? decodeSecret(raw, false) : percentDecode(raw)]);
    rest = rest.slice(param[0].length);
  }
  return pairs;
}

function isSignature(name: string): boolean {
  return name === "oauth_signature";
}

/**
 * Decodes an oauth_signature value (`form`: + is a space, as everywhere in the query); the error
 * names the parameter but never quotes it.
 */
function decodeSecret(value: string, form: boolean): string {
  try {
    return decodeURIComponent(form ? value.replace(/\+/g, " ") : value);
  } catch {
    throw new ParseError(
      "The oauth_signature is not valid percent-encoding. Percent-encode the base64 signature (+ as %2B, / as %2F, = as %3D).",
      form ? 400 : 401,
    );
  }
}

/**
 * Replaces every oauth_signature value in `text` by [redacted], so that a snippet of hostile
 * input quoted in an error message or a log line never carries a signature.
 */
export function redactSignatures(text: string): string {
  return text.replace(/(oauth(?:_|%5F)signature\s*=\s*"?)[^",&\s]*/gi, "$1[redacted]");
}

function percentDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    throw new ParseError(
      `The Authorization header holds invalid percent-encoding near "${truncate(value, 40)}".`,
      401,
    );
  }
}

const HOST = /^(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::[0-9]{1,5})?$/;

/**
 * The RFC 5849 base string URI: lowercase scheme and host, default port dropped, path as sent.
 */
export function baseStringUri(scheme: string, host: string, path: string): string {
  if (!HOST.test(host)) {
    throw new ParseError(`The Host header "${truncate(host, 60)}" is not a valid host name.`);
  }
  const lowerScheme = scheme.toLowerCase();
  let lowerHost = host.toLowerCase();
  if (
    (lowerScheme === "http" && lowerHost.endsWith(":80")) ||
    (lowerScheme === "https" && lowerHost.endsWith(":443"))
  ) {
    lowerHost = lowerHost.slice(0, lowerHost.lastIndexOf(":"));
  }
  return `${lowerScheme}://${lowerHost}${path === "" ? "/" : path}`;
}

/** Shortens hostile input before it is quoted in an error message. */
export function truncate(value: string, max: number): string {
  const printable = value.replace(/[^\x20-\x7e]/g, "?");
  return printable.length > max ? `${printable.slice(0, max)}...` : printable;
}
