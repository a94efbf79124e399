/**
 * Reading an `Authorization: OAuth ...` header (RFC 5849 3.5.1), for servers and mocks that
 * verify signatures with the pure steps of this package.
 */
import { formDecode } from "./percent-encode.js";

/** The parameters of an OAuth Authorization header. */
export interface ParsedAuthorizationHeader {
  /** The realm, if any (not a signed parameter). */
  realm?: string;
  /** Every other parameter, percent-decoded, in header order (oauth_signature included). */
  parameters: Array<[string, string]>;
}

const PARAMETER = /\s*([A-Za-z0-9_\-.~%]+)\s*=\s*"([^"]*)"\s*(,|$)/y;

/**
 * Parses the value of an `Authorization: OAuth ...` header. Values are percent-decoded
 * (`+` stays a plus here); `realm` is returned apart because it is never signed.
 * Errors give the position of the problem, never the header itself (it holds a signature).
 *
 * @param value - the header value, e.g. `OAuth realm="x", oauth_consumer_key="k", ...`
 * @throws TypeError when the value is not an OAuth header or is malformed
 */
export function parseAuthorizationHeader(value: string): ParsedAuthorizationHeader {
  if (typeof value !== "string" || !/^\s*OAuth(\s+|$)/i.test(value)) {
    throw new TypeError('The Authorization header does not use the OAuth scheme ("OAuth ...")');
  }
  const rest = value.replace(/^\s*OAuth/i, "");
  const result: ParsedAuthorizationHeader = { parameters: [] };
  PARAMETER.lastIndex = 0;
  while (PARAMETER.lastIndex < rest.length) {
    const start = PARAMETER.lastIndex;
    const match = PARAMETER.exec(rest);
    if (match === null) {
      if (rest.slice(start).trim() === "") break;
      throw new TypeError(
        `The OAuth Authorization header is malformed at character ${start + value.length - rest.length}: expected name="value" pairs separated by commas`,
      );
    }
    const [, rawName, rawValue] = match as unknown as [string, string, string];
    if (rawName === "realm") {
      result.realm = rawValue;
      continue;
    }
    const name = decodePlus(rawName, "An Authorization header parameter name");
    result.parameters.push([
      name,
      decodePlus(rawValue, `The Authorization header parameter "${name}"`),
    ]);
  }
  return result;
}

/** Percent-decodes without reading `+` as a space (header values are not form data). */
function decodePlus(raw: string, what: string): string {
  return raw.indexOf("+") === -1
    ? formDecode(raw, what)
    : formDecode(raw.replace(/\+/g, "%2B"), what);
}
