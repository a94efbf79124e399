/**
 * Base URLs: which API root a client was given, and what it says about the scheme. Admin v1
 * lives at `/gallery/api/admin/v1` (OAuth1) and `/webapi/admin/v1` (OAuth2); Server API v3 at
 * `/webapi` (its paths start with `/v3`). Every mistake is a TypeError saying what to pass.
 */
import type { AuthScheme } from "./options.js";
import { typeName } from "./type-name.js";

/** The path every OAuth1 Admin API v1 base URL ends with. */
export const ADMIN_API_ROOT = "/api/admin/v1";
/** The path every OAuth2 Admin API v1 base URL ends with. */
export const WEBAPI_ADMIN_ROOT = "/webapi/admin/v1";
const EXAMPLE_BASE = "https://alteryx.example.com/webapi/admin/v1";
const EXAMPLE_SERVER_BASE = "https://alteryx.example.com/webapi";

/**
 * The checks every base URL passes: an absolute http(s) URL without user info, query or
 * fragment. Returns the URL and its path without trailing slashes.
 */
function parseApiUrl(value: unknown, example: string): { url: URL; path: string } {
  if (typeof value !== "string" || value.trim() === "") {
    throw new TypeError(
      `baseUrl must be the API root as a string, such as ${example}; got ${typeof value === "string" ? "an empty string" : typeName(value)}`,
    );
  }
  if (value !== value.trim()) {
    throw new TypeError(
      `baseUrl has leading or trailing whitespace; remove it (expected something like ${example})`,
    );
  }
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) {
    throw new TypeError(
      `baseUrl "${value}" has no scheme; write it as an absolute URL such as https://${value.replace(/^\/+/, "")} (expected something like ${example})`,
    );
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new TypeError(
      `baseUrl "${value}" is not a valid URL; expected something like ${example}`,
    );
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new TypeError(
      `baseUrl must use http or https, not "${url.protocol.slice(0, -1)}"; expected something like ${example}`,
    );
  }
  if (url.username !== "" || url.password !== "") {
    throw new TypeError(
      "baseUrl must not contain a user name or password; the client authenticates with consumerKey and consumerSecret",
    );
  }
  if (url.search !== "" || url.hash !== "") {
    // The query is not echoed: it might hold oauth parameters copied from a signed URL.
    throw new TypeError(
      `baseUrl must not have a query string or fragment; use just the API root, such as ${url.origin}${url.pathname.replace(/\/+$/, "")}`,
    );
  }
  return { url, path: url.pathname.replace(/\/+$/, "") };
}

/**
 * The scheme a base path implies: OAuth2 under `/webapi/`, OAuth1 under `/gallery/api/`, and
 * undefined for any other path (a reverse proxy's own prefix).
 * @internal
 */
export function schemeOfPath(path: string): AuthScheme | undefined {
  if (/(^|\/)webapi(\/|$)/i.test(path)) return "oauth2";
  if (/(^|\/)gallery\/api(\/|$)/i.test(path)) return "oauth1";
  return undefined;
}

/**
 * Validates and normalizes an Admin API v1 base URL: absolute http(s), ending in
 * `/webapi/admin/v1` or `/api/admin/v1`, without a trailing slash, query or fragment.
 * @internal
 */
export function normalizeBaseUrl(value: unknown): string {
  const { url, path } = parseApiUrl(value, EXAMPLE_BASE);
  if (!path.endsWith(ADMIN_API_ROOT) && !path.toLowerCase().endsWith(WEBAPI_ADMIN_ROOT)) {
    throw new TypeError(`baseUrl "${value}" ${describeWrongPath(url.origin, path)}`);
  }
  return `${url.origin}${path}`;
}

function describeWrongPath(origin: string, path: string): string {
  for (const root of [ADMIN_API_ROOT, WEBAPI_ADMIN_ROOT]) {
    const rootIndex = path.indexOf(`${root}/`);
    if (rootIndex !== -1) {
      return `includes an endpoint after the API root; pass only the root: ${origin}${path.slice(0, rootIndex + root.length)}`;
    }
  }
  if (/\/webapi(\/v3)?$/i.test(path)) {
    return `is the Server API v3 base, which createServerClient() speaks; for Admin v1 pass ${origin}${path.replace(/\/v3$/i, "")}/admin/v1`;
  }
  if (/\/api\/(admin\/v2|v1|user\/v2)$/i.test(path)) {
    return `is another Gallery API; this client speaks Admin API v1: ${origin}${path.replace(/\/api\/.*$/i, "")}${ADMIN_API_ROOT}`;
  }
  const suggested =
    path === "" ? `${origin}${WEBAPI_ADMIN_ROOT}` : `${origin}${path}${ADMIN_API_ROOT}`;
  return `does not end in an Admin API v1 root ("${WEBAPI_ADMIN_ROOT}" with OAuth2 on Server 2021.4 and later, "/gallery${ADMIN_API_ROOT}" with OAuth1 on older ones); it should look like ${suggested}`;
}

/**
 * Validates and normalizes a Server API v3 base URL: `https://host/webapi`, with or without a
 * trailing slash. The v3 paths start with `/v3`, so a base ending in `/v3` is refused with the
 * fix, as are the OAuth1 `/gallery/api` bases (v3 exists only under `/webapi`).
 * @internal
 */
export function normalizeServerBaseUrl(value: unknown): string {
  const { url, path } = parseApiUrl(value, EXAMPLE_SERVER_BASE);
  const webapi = path.search(/\/webapi(\/|$)/i);
  if (/\/gallery\/api(\/|$)/i.test(path)) {
    throw new TypeError(
      `baseUrl "${value}" is an OAuth1 /gallery/api base; Server API v3 is served only under /webapi with OAuth2 (Server 2021.4 and later): pass ${url.origin}/webapi`,
    );
  }
  if (webapi === -1) {
    throw new TypeError(
      `baseUrl "${value}" does not end in /webapi; Server API v3 is at the server's /webapi: pass ${url.origin}${path}/webapi`,
    );
  }
  const root = path.slice(0, webapi + "/webapi".length);
  if (root.length !== path.length) {
    const rest = path.slice(root.length);
    const why = /^\/v3(\/|$)/i.test(rest)
      ? 'the v3 paths already start with /v3 (client.GET("/v3/users"))'
      : /^\/admin\/v1(\/|$)/i.test(rest)
        ? "that is the Admin API v1 base, which createAdminClient() takes"
        : `"${rest}" is not part of the v3 base`;
    throw new TypeError(`baseUrl "${value}" goes past /webapi: ${why}; pass ${url.origin}${root}`);
  }
  return `${url.origin}${path}`;
}

/**
 * The default token endpoint for a base URL: `/webapi/oauth2/token` beside the base URL's
 * `/webapi` (a server behind a path prefix keeps it), or at the origin when the path has no
 * `/webapi`.
 * @internal
 */
export function defaultTokenUrl(baseUrl: string): string {
  const url = new URL(baseUrl);
  const webapi = url.pathname.search(/\/webapi(\/|$)/i);
  const prefix = webapi === -1 ? "" : url.pathname.slice(0, webapi);
  return `${url.origin}${prefix}/webapi/oauth2/token`;
}

/** True for a loopback host: 127.0.0.0/8, `[::1]` or `localhost`. @internal */
export function isLoopback(hostname: string): boolean {
  const host = hostname.toLowerCase();
  return (
    host === "localhost" ||
    host.endsWith(".localhost") ||
    host === "[::1]" ||
    /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host)
  );
}
