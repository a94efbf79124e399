/**
 * What a configured URL says about the server's APIs. A URL is one of three kinds:
 * - the server root (`https://host`, or `https://host/prefix` behind a reverse proxy): the CLI
 *   finds out what it speaks (see discover.ts);
 * - an OAuth1 Admin v1 base (`.../gallery/api/admin/v1`, or any path ending in `/api/admin/v1`):
 *   OAuth1, as on Server 2021.3 and older;
 * - an OAuth2 base (`.../webapi`, `.../webapi/admin/v1` or `.../webapi/v3`): OAuth2 bearer tokens,
 *   Admin v1 and Server API v3 under `/webapi`, as on Server 2021.4 and later.
 */
import { UsageError } from "../errors.js";

/** The authentication schemes of Alteryx Server's APIs. */
export type Scheme = "oauth1" | "oauth2";

/** The kind of a configured URL; see the module comment. */
export type UrlKind = "root" | Scheme;

/** A configured URL, classified. */
export interface ClassifiedUrl {
  kind: UrlKind;
  /** The server root: the origin and any prefix before `/gallery/api` or `/webapi`. */
  root: string;
}

/** Where each API of a server lives under one scheme. */
export interface ApiBases {
  scheme: Scheme;
  /** The Admin v1 base, without a trailing slash. */
  adminV1Url: string;
  /** `<root>/webapi`, the base of Server API v3 (paths start with /v3): OAuth2 servers only. */
  webapiUrl?: string | undefined;
  /** `<root>/webapi/oauth2/token`: OAuth2 servers only. */
  tokenUrl?: string | undefined;
}

const WEBAPI = /^(.*?)\/webapi(?:\/admin\/v1|\/v3)?$/;
const GALLERY_API = /^(.*?)\/gallery\/api\/admin\/v1$/;
const ANY_ADMIN_V1 = /\/api\/admin\/v1$/;

/** Classifies a normalized URL (no trailing slash, no query). */
export function classifyUrl(url: string): ClassifiedUrl {
  const parsed = new URL(url);
  const path = parsed.pathname.replace(/\/+$/, "");
  const webapi = WEBAPI.exec(path);
  if (webapi) return { kind: "oauth2", root: `${parsed.origin}${webapi[1]}` };
  const gallery = GALLERY_API.exec(path);
  if (gallery) return { kind: "oauth1", root: `${parsed.origin}${gallery[1]}` };
  // A Gallery mounted elsewhere (`/alteryx/api/admin/v1`): an OAuth1 base whose root is unknown.
  if (ANY_ADMIN_V1.test(path)) return { kind: "oauth1", root: parsed.origin };
  return { kind: "root", root: `${parsed.origin}${path}` };
}

/** The API bases of a server root under a scheme. */
export function basesOf(root: string, scheme: Scheme): ApiBases {
  if (scheme === "oauth1") return { scheme, adminV1Url: `${root}/gallery/api/admin/v1` };
  const webapiUrl = `${root}/webapi`;
  return {
    scheme,
    adminV1Url: `${webapiUrl}/admin/v1`,
    webapiUrl,
    tokenUrl: `${webapiUrl}/oauth2/token`,
  };
}

/**
 * The bases of a URL that names its scheme (an OAuth1 or OAuth2 base). A forced scheme that
 * contradicts it is a usage error that says which URL to use instead.
 */
export function basesOfSchemeUrl(
  url: string,
  classified: ClassifiedUrl & { kind: Scheme },
  forced: Scheme | undefined,
  forcedOrigin: string,
): ApiBases {
  if (forced !== undefined && forced !== classified.kind) {
    const other = basesOf(classified.root, forced);
    throw new UsageError(
      `${forcedOrigin} asks for ${schemeName(forced)}, but ${url} is an ${schemeName(classified.kind)} base: use the server's address ${classified.root} (or ${other.adminV1Url}), or drop the auth setting`,
    );
  }
  // An OAuth1 base keeps its own path (a Gallery mounted elsewhere keeps working).
  return classified.kind === "oauth1"
    ? { scheme: "oauth1", adminV1Url: url }
    : basesOf(classified.root, "oauth2");
}

/** "OAuth1" or "OAuth2", for messages. */
export function schemeName(scheme: Scheme): string {
  return scheme === "oauth1" ? "OAuth1" : "OAuth2";
}
