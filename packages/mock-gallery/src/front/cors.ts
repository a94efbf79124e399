// CORS like a Gallery: every answer (errors included) allows any origin, and a browser's
// preflight is answered before the verifier, which it could not pass (it carries no signature).

/** Headers on every answer. */
export const CORS_HEADERS: Readonly<Record<string, string>> = {
  "access-control-allow-origin": "*",
  // So that a page can read the file name of a download and when to retry.
  "access-control-expose-headers": "Content-Disposition, Retry-After",
};

/** What a preflight is told the API accepts. */
export const PREFLIGHT_HEADERS: Readonly<Record<string, string>> = {
  "access-control-allow-methods": "GET, HEAD, POST, PUT, OPTIONS",
  "access-control-allow-headers": "Authorization, Content-Type, Accept",
  "access-control-max-age": "600",
};

/** Whether a request is a CORS preflight (OPTIONS with Access-Control-Request-Method). */
export function isPreflight(method: string, headers: Record<string, unknown>): boolean {
  return method === "OPTIONS" && headers["access-control-request-method"] !== undefined;
}

/** The CORS headers as raw HTTP header lines (for answers written straight to a socket). */
export function corsHeaderLines(): string {
  return Object.entries(CORS_HEADERS)
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join("");
}
