// What a route of API v3 is (the same shape as Admin v1's, over the same state), and its
// answers: JSON (200 or 201) and the empty 200 the spec's `Done` response stands for.
import type { GalleryState, Route, RouteRequest, RouteResponse } from "../routes/route.js";

/** A v3 route: `path` is the spec's template relative to /webapi ("/v3/users/{userId}"). */
export type V3Route = Route;

/** Declares a route. */
export function route(
  method: Route["method"],
  path: string,
  handle: (
    r: RouteRequest,
    params: Record<string, string>,
    state: GalleryState,
  ) => RouteResponse | Promise<RouteResponse>,
): V3Route {
  return { method, path, handle };
}

/** 200 with a JSON body. */
export function json(body: unknown, status = 200): RouteResponse {
  return { status, json: body };
}

/** 200 with an empty body (the spec's `Done`). */
export function done(): RouteResponse {
  return { status: 200, empty: true };
}
