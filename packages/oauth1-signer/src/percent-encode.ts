/**
 * RFC 5849 section 3.6 percent-encoding, and the form decoding used to read query strings and
 * form bodies (RFC 5849 3.4.1.3.1 reads both as application/x-www-form-urlencoded).
 */

/** Strings made only of unreserved characters encode to themselves: skip all work for them. */
const UNRESERVED_ONLY = /^[A-Za-z0-9\-._~]*$/;
/** Characters that `encodeURIComponent` leaves alone but RFC 5849 3.6 requires encoded. */
const EXTRA_RESERVED = /[!'()*]/g;
const EXTRA_ESCAPES: Record<string, string> = {
  "!": "%21",
  "'": "%27",
  "(": "%28",
  ")": "%29",
  "*": "%2A",
};
const escapeExtra = (c: string): string => EXTRA_ESCAPES[c] ?? c;

/** Index of the first lone UTF-16 surrogate in `value`, or -1. */
function loneSurrogateIndex(value: string): number {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = value.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        i++;
        continue;
      }
      return i;
    }
    if (c >= 0xdc00 && c <= 0xdfff) return i;
  }
  return -1;
}

/**
 * Encodes `value` and, when it cannot be encoded, throws a TypeError that names `label`
 * (a parameter name or role) so the caller knows which input to fix.
 * @internal
 */
export function encodeLabelled(value: string, label: string): string {
  if (UNRESERVED_ONLY.test(value)) return value;
  let encoded: string;
  try {
    encoded = encodeURIComponent(value);
  } catch {
    // encodeURIComponent throws URIError only for lone surrogates, which have no UTF-8 form.
    // Say where, but never echo the value: it may be a secret.
    const index = loneSurrogateIndex(value);
    const code = value.charCodeAt(index).toString(16).toUpperCase();
    throw new TypeError(
      `${label} contains a lone UTF-16 surrogate (U+${code} at index ${index}), which has no UTF-8 form and cannot be percent-encoded; fix the string (it is usually a truncated emoji or a bad slice)`,
    );
  }
  return encoded.replace(EXTRA_RESERVED, escapeExtra);
}

/**
 * Percent-encodes a string exactly as RFC 5849 section 3.6 requires: UTF-8 first, then every
 * byte except the unreserved characters `A-Z a-z 0-9 - . _ ~` becomes `%XX` with uppercase hex.
 * A space becomes `%20` (never `+`) and `!*'()` are encoded.
 *
 * @param value - any string without lone UTF-16 surrogates
 * @returns the encoded string (pure ASCII)
 * @throws TypeError when `value` contains a lone surrogate (it has no UTF-8 form)
 * @example percentEncode("Ladies + Gentlemen") // "Ladies%20%2B%20Gentlemen"
 */
export function percentEncode(value: string): string {
  if (typeof value !== "string") {
    throw new TypeError(`percentEncode expects a string, got ${typeof value}`);
  }
  return encodeLabelled(value, "percentEncode: the value");
}

const PLUS = /\+/g;

/**
 * Decodes one name or value of application/x-www-form-urlencoded data (`+` is a space).
 * Malformed escapes are an error rather than guessed at, because a guess that differs from the
 * server's is an invalid signature with no hint why.
 * @internal
 */
export function formDecode(raw: string, what: string): string {
  if (raw.indexOf("%") === -1) return raw.indexOf("+") === -1 ? raw : raw.replace(PLUS, " ");
  const spaced = raw.indexOf("+") === -1 ? raw : raw.replace(PLUS, " ");
  try {
    return decodeURIComponent(spaced);
  } catch {
    const bad = /%(?![0-9A-Fa-f]{2})/.exec(spaced);
    const detail = bad
      ? `"${spaced.slice(bad.index, bad.index + 3)}" at index ${bad.index} is not a %XX escape; encode a literal "%" as "%25"`
      : "its escapes are not valid UTF-8; percent-encode the UTF-8 bytes of the text";
    throw new TypeError(`${what} has malformed percent-encoding: ${detail}`);
  }
}

/**
 * Parses application/x-www-form-urlencoded text into name/value pairs, in order, duplicates
 * kept, empty segments skipped (as the WHATWG URL standard does).
 * @internal
 */
export function parseForm(text: string, source: "query" | "form body"): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  if (text === "") return pairs;
  let start = 0;
  const length = text.length;
  while (start <= length) {
    let end = text.indexOf("&", start);
    if (end === -1) end = length;
    if (end > start) {
      const eq = text.indexOf("=", start);
      let rawName: string;
      let rawValue: string;
      if (eq === -1 || eq > end) {
        rawName = text.slice(start, end);
        rawValue = "";
      } else {
        rawName = text.slice(start, eq);
        rawValue = text.slice(eq + 1, end);
      }
      const name = formDecode(rawName, `A ${source} parameter name`);
      pairs.push([name, formDecode(rawValue, `The ${source} parameter "${safeName(name)}"`)]);
    }
    start = end + 1;
  }
  return pairs;
}

/** A parameter name shortened for an error message (names are not secret; values may be). */
export function safeName(name: string): string {
  return name.length > 60 ? `${name.slice(0, 60)}...` : name;
}
