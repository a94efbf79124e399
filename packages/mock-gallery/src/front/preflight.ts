// Everything the front server checks before a request may reach Prism or the Gallery: the
// path (which mount serves it) and its route, the Content-Type, the declared body size, and
// the mount's authentication (an OAuth1 signature, or a bearer token under /webapi). Each check
// returns a Rejection or nothing.
// Some checks exist because Prism 5 would crash the process on such input (it parses paths and
// Content-Types outside any error handling); they apply in both validation modes alike.
import type { IncomingMessage } from "node:http";
import { MIMEType } from "node:util";
import { routePath } from "../gallery/respond.js";
import { badRequest, galleryError, notFound } from "../gallery-error.js";
import { truncate } from "../oauth/parse.js";
import type { Verifier } from "../oauth/verifier.js";
import { checkBearer } from "../oauth2/bearer.js";
import type { TokenStore } from "../oauth2/token-store.js";
import type { ServerFeatures } from "../server-version.js";
import type { Exchange } from "./exchange.js";
import type { FrontLimits } from "./limits.js";
import { type ApiMount, mountOf, unservedPath } from "./mounts.js";
import type { Rejection } from "./reject.js";

/** What the server serves and how it authenticates, as the checks need it. */
export interface Site {
  features: ServerFeatures;
  mounts: readonly ApiMount[];
  verifier: Verifier;
  /** The bearer tokens issued (on a Server with OAuth2). */
  tokens: TokenStore | undefined;
  /** The origin of publicBaseUrl, when given: where clients reach the mock. */
  publicOrigin: string | undefined;
}

/** Runs the checks in order; the first that fails decides. Sets `exchange.mount`. */
export function preflight(
  exchange: Exchange,
  req: IncomingMessage,
  site: Site,
  limits: FrontLimits,
): Rejection | undefined {
  const mount = mountOf(exchange.path, site.mounts);
  if (!mount)
    return refuse(unservedPath(exchange.path, site.features, originOf(exchange, req, site)));
  exchange.mount = mount;
  return (
    checkPath(exchange, mount) ??
    checkRoute(exchange, mount) ??
    checkContentType(req) ??
    checkLength(req, limits) ??
    (mount.auth === "oauth1"
      ? checkSignature(exchange, req, site.verifier)
      : checkToken(exchange, req, site))
  );
}

/** The origin clients reach the mock at, for the URLs that messages name. */
export function originOf(exchange: Exchange, req: IncomingMessage, site: Site): string {
  if (site.publicOrigin) return site.publicOrigin;
  const host =
    exchange.authority ?? req.headers.host ?? `${req.socket.localAddress}:${req.socket.localPort}`;
  return `http://${truncate(host, 100)}`;
}

/** The Gallery method a request stands for: HEAD is answered wherever GET is. */
export function routeMethod(method: string): string {
  return method === "HEAD" ? "GET" : method;
}

function checkPath({ path }: Exchange, { base }: ApiMount): Rejection | undefined {
  if (path.startsWith(`${base}//`)) {
    // Prism reads a target starting with // as another host (//x/users/ would serve /users/,
    // // alone is a 500 with a stack trace on stderr): no Gallery route starts that way.
    return refuse(
      notFound(`Nothing is served at this path; remove the doubled slash after ${base}.`),
    );
  }
  if (!decodablePath(path)) {
    return refuse(
      badRequest(
        `The request path is not valid percent-encoding near "${truncate(path, 60)}". Encode every byte outside A-Z a-z 0-9 - . _ ~ / as %XX of its UTF-8 form.`,
      ),
    );
  }
  return undefined;
}

/** 404 for a path no route serves, 405 (with Allow) for a method its route does not take. */
function checkRoute(
  { method, target }: Exchange,
  { name, base, match: routes }: ApiMount,
): Rejection | undefined {
  const path = routePath(target, base);
  const match = routes(routeMethod(method), path);
  if (match.route) return undefined;
  if (match.allowed.length === 0) {
    return refuse(
      notFound(`No ${name} route matches ${truncate(method, 20)} ${truncate(path || "/", 80)}.`),
    );
  }
  const allowed = match.allowed.flatMap((m) => (m === "GET" ? ["GET", "HEAD"] : [m]));
  return {
    failure: galleryError(
      405,
      "MethodNotAllowedException",
      `The requested resource does not support http method '${truncate(method, 20)}'; it supports ${allowed.join(", ")}.`,
    ),
    headers: { allow: allowed.join(", ") },
  };
}

/** 413 for a body announced larger than the limit, before any of it is read. */
export function checkLength(
  req: IncomingMessage,
  { maxBodyBytes }: FrontLimits,
): Rejection | undefined {
  const declared = Number(req.headers["content-length"] ?? 0);
  return declared > maxBodyBytes
    ? { failure: tooLarge(maxBodyBytes), closeConnection: true }
    : undefined;
}

/** The 413 of a body above the limit. */
export function tooLarge(maxBodyBytes: number): Rejection["failure"] {
  return galleryError(
    413,
    "RequestEntityTooLargeException",
    `The request body is larger than ${maxBodyBytes} bytes (${Math.floor(maxBodyBytes / 1024 / 1024)} MiB), the largest this server accepts.`,
  );
}

/** 400 for a Content-Type that is not a media type (Prism would crash on it). */
export function checkContentType(req: IncomingMessage): Rejection | undefined {
  const value = req.headers["content-type"];
  if (value === undefined || value === "" || parsableMediaType(value)) return undefined;
  return refuse(
    badRequest(
      `The Content-Type header "${truncate(value, 60)}" is not a valid media type; send type/subtype, for example application/json or multipart/form-data; boundary=...`,
    ),
  );
}

function checkSignature(
  exchange: Exchange,
  req: IncomingMessage,
  verifier: Verifier,
): Rejection | undefined {
  const host =
    exchange.authority ?? req.headers.host ?? `${req.socket.localAddress}:${req.socket.localPort}`;
  const started = performance.now();
  const verification = verifier.verify(
    { method: exchange.method, url: exchange.target, rawHeaders: req.rawHeaders },
    host,
  );
  const costMs = performance.now() - started;
  exchange.nonce = verification.nonce;
  if (verification.ok) return undefined;
  const where = `${exchange.method} ${exchange.shownPath}`;
  return {
    failure: verification.failure,
    ...(verification.failure.status === 401 ? { paced: { costMs } } : {}),
    ...(verification.retryAfterSeconds === undefined
      ? {}
      : { headers: { "retry-after": String(verification.retryAfterSeconds) } }),
    note: verification.diagnosis
      ? `mock-gallery: bad signature on ${where}: ${verification.diagnosis}`
      : `mock-gallery: rejected ${where}: ${verification.failure.body.message}`,
  };
}

/** The bearer token of a request to a /webapi/ mount. */
function checkToken(exchange: Exchange, req: IncomingMessage, site: Site): Rejection | undefined {
  if (!site.tokens) throw new Error("a bearer mount on a server without OAuth2");
  const authorization = req.headers.authorization;
  return checkBearer(
    { authorization, query: exchange.query, origin: originOf(exchange, req, site) },
    site.tokens,
  );
}

function refuse(failure: Rejection["failure"]): Rejection {
  return { failure };
}

/** Whether a Content-Type is a WHATWG media type (as Prism parses it). */
function parsableMediaType(value: string): boolean {
  try {
    new MIMEType(value);
    return true;
  } catch {
    return false;
  }
}

/** Whether every %XX sequence of the path decodes to UTF-8 (what Prism assumes). */
function decodablePath(path: string): boolean {
  try {
    decodeURIComponent(path);
    return true;
  } catch {
    return false;
  }
}
