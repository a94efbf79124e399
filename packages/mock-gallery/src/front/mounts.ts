// Where each API of the mock is mounted, which routes it has and how it authenticates: the
// Admin v1 routes under /gallery/api/admin/v1 with OAuth1 signatures (Server 2021.4 and older)
// and under /webapi/admin/v1 with bearer tokens (2021.4 and later). Another /webapi API is one
// more mount with `auth: "bearer"` and its own route table: the front server's checks follow
// the mount. A path no mount serves gets a 404 that says where the API lives on this version
// of the Server.
import { matchRoute, type RouteMatch } from "../gallery/create-gallery.js";
import { ADMIN_V1_BASE } from "../gallery/respond.js";
import { matchV3Route, V3_PREFIX, WEBAPI_BASE } from "../gallery/v3/v3-router.js";
import { type GalleryFailure, notFound } from "../gallery-error.js";
import { TOKEN_PATH } from "../oauth2/token-endpoint.js";
import type { ServerFeatures } from "../server-version.js";

/** An API under a base path, and the authentication it takes. */
export interface ApiMount {
  /** The API's name in messages ("Admin v1"). */
  name: string;
  /** The path prefix, without a trailing slash. */
  base: string;
  /** OAuth 1.0a signatures, or OAuth2 bearer tokens from the token endpoint. */
  auth: "oauth1" | "bearer";
  /** The route table: a method and a path relative to `base` (404 and 405 come from it). */
  match: (method: string, path: string) => RouteMatch;
}

/** Admin v1 with OAuth1 (up to Server 2021.4). */
export const OAUTH1_ADMIN_V1: ApiMount = {
  name: "Admin v1",
  base: ADMIN_V1_BASE,
  auth: "oauth1",
  match: matchRoute,
};

/** The base of every OAuth2 API (and of the token endpoint). */
export { WEBAPI_BASE };

/** Admin v1 with OAuth2 bearer tokens (Server 2021.4 and later). */
export const WEBAPI_ADMIN_V1: ApiMount = {
  name: "Admin v1",
  base: `${WEBAPI_BASE}/admin/v1`,
  auth: "bearer",
  match: matchRoute,
};

/**
 * Server API v3 with OAuth2 bearer tokens (Server 2021.4 and later). Its routes are written as
 * the spec's paths, relative to /webapi ("/v3/users"), hence the "/v3" put back in front.
 */
export const WEBAPI_V3: ApiMount = {
  name: "Server API v3",
  base: V3_PREFIX,
  auth: "bearer",
  match: (method, path) => matchV3Route(method, `/v3${path}`),
};

/** The mounts a Server version serves. */
export function mountsFor(features: ServerFeatures): ApiMount[] {
  return [
    ...(features.oauth1 ? [OAUTH1_ADMIN_V1] : []),
    ...(features.oauth2 ? [WEBAPI_ADMIN_V1, WEBAPI_V3] : []),
  ];
}

/** The mount a path belongs to (the path itself is the base, or under it). */
export function mountOf(path: string, mounts: readonly ApiMount[]): ApiMount | undefined {
  return mounts.find(({ base }) => path === base || path.startsWith(`${base}/`));
}

/**
 * The 404 of a path no mount serves: OAuth1 paths on a Server that removed OAuth1 are told the
 * /webapi URL to use instead, /webapi paths on a Server before 2021.4 that it has only OAuth1.
 */
export function unservedPath(
  path: string,
  features: ServerFeatures,
  origin: string,
): GalleryFailure {
  const { version } = features;
  if (!features.oauth1 && (path === "/gallery/api" || path.startsWith("/gallery/api/"))) {
    const rest = path.startsWith(`${ADMIN_V1_BASE}/`) ? path.slice(ADMIN_V1_BASE.length) : "/";
    return notFound(
      `OAuth1 was removed in Alteryx Server 2022.1 (this server is ${version}): /gallery/api/ is not served any more. Use ${origin}${WEBAPI_ADMIN_V1.base}${rest} with an OAuth2 bearer token from POST ${origin}${TOKEN_PATH} (grant_type=client_credentials, the same API key and secret).`,
    );
  }
  if (!features.oauth2 && (path === WEBAPI_BASE || path.startsWith(`${WEBAPI_BASE}/`))) {
    return notFound(
      `This server is Alteryx Server ${version}: /webapi and OAuth2 came with Server 2021.4. Sign requests with OAuth1 at ${origin}${ADMIN_V1_BASE}/ instead.`,
    );
  }
  const bases = mountsFor(features)
    .filter((mount) => mount.name === OAUTH1_ADMIN_V1.name)
    .map(({ base }) => `${base}/`);
  const v3 = features.oauth2 ? `; Server API v3 under ${WEBAPI_V3.base}/` : "";
  return notFound(
    `Nothing is served at this path; the Admin API v1 lives under ${bases.join(" (OAuth1) and ")}${bases.length > 1 ? " (OAuth2)" : ""}${v3}.`,
  );
}
