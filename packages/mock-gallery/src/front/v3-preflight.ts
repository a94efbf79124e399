// The front server's checks of a Server API v3 request (/webapi/v3/...): the path and its
// route, the Content-Type and the declared size, as for Admin v1. There is no OAuth1
// signature: API v3 is OAuth2 only, and the bearer check belongs to the /webapi guard.
import type { IncomingMessage } from "node:http";
import { matchV3Route, V3_PREFIX, v3RouteRequest } from "../gallery/v3/v3-router.js";
import { badRequest, galleryError, notFound } from "../gallery-error.js";
import { truncate } from "../oauth/parse.js";
import type { Exchange } from "./exchange.js";
import type { FrontLimits } from "./limits.js";
import { checkContentType, checkLength, routeMethod } from "./preflight.js";
import type { Rejection } from "./reject.js";

export { isV3Path } from "../gallery/v3/v3-router.js";

/** Runs the v3 checks in order; the first that fails decides. */
export function preflightV3(
  exchange: Exchange,
  req: IncomingMessage,
  limits: FrontLimits,
): Rejection | undefined {
  return (
    checkV3Path(exchange) ??
    checkV3Route(exchange) ??
    checkContentType(req) ??
    checkLength(req, limits)
  );
}

function checkV3Path({ path }: Exchange): Rejection | undefined {
  if (path.startsWith(`${V3_PREFIX}//`)) {
    // Prism reads a target starting with // as another host: no v3 route starts that way.
    return {
      failure: notFound(
        `Nothing is served at this path; remove the doubled slash after ${V3_PREFIX}.`,
      ),
    };
  }
  try {
    decodeURIComponent(path);
  } catch {
    return {
      failure: badRequest(
        `The request path is not valid percent-encoding near "${truncate(path, 60)}". Encode every byte outside A-Z a-z 0-9 - . _ ~ / as %XX of its UTF-8 form.`,
      ),
    };
  }
  return undefined;
}

/** 404 for a path no v3 route serves, 405 (with Allow) for a method its route does not take. */
function checkV3Route({ method, target }: Exchange): Rejection | undefined {
  const { path } = v3RouteRequest(method, target, undefined, new Uint8Array());
  const match = matchV3Route(routeMethod(method), path);
  if (match.route) return undefined;
  if (match.allowed.length === 0) {
    return {
      failure: notFound(
        `No API v3 route matches ${truncate(method, 20)} /webapi${truncate(path, 80)}.`,
      ),
    };
  }
  const allowed = [...new Set(match.allowed.flatMap((m) => (m === "GET" ? ["GET", "HEAD"] : [m])))];
  return {
    failure: galleryError(
      405,
      "MethodNotAllowedException",
      `The requested resource does not support http method '${truncate(method, 20)}'; it supports ${allowed.join(", ")}.`,
    ),
    headers: { allow: allowed.join(", ") },
  };
}
