// oauth-sign ships no types; only the functions the verifier uses are declared.
declare module "oauth-sign" {
  /** HMAC-SHA1 signature (standard base64) over the RFC 5849 base string of the parameters. */
  export function hmacsign(
    httpMethod: string,
    baseUri: string,
    params: Record<string, string | string[]>,
    consumerSecret: string,
    tokenSecret?: string,
  ): string;
  /** RFC 3986 percent-encoding (encodeURIComponent plus `!*'()`). */
  export function rfc3986(value: string): string;
  /** The RFC 5849 signature base string. */
  export function generateBase(
    httpMethod: string,
    baseUri: string,
    params: Record<string, string | string[]>,
  ): string;
}
