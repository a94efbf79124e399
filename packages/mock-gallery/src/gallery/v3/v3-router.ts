// The router of Server API v3: every route module under routes/, matched on the path relative
// to /webapi ("/v3/users/{userId}"), answering v3-shaped errors. Jobs are settled first, so
// every answer sees them in the state their age says.
import type { GalleryState, RouteRequest, RouteResponse } from "../routes/route.js";
import { settleJobs } from "./job-runner.js";
import { collectionsV3Routes } from "./routes/collections.js";
import { credentialsV3Routes } from "./routes/credentials.js";
import { dcmV3Routes } from "./routes/dcm.js";
import { jobsV3Routes } from "./routes/jobs.js";
import { schedulesV3Routes } from "./routes/schedules.js";
import { serverConnectionsV3Routes } from "./routes/server-connections.js";
import { subscriptionsV3Routes } from "./routes/subscriptions.js";
import { usageV3Routes } from "./routes/usage.js";
import { userGroupsV3Routes } from "./routes/user-groups.js";
import { usersV3Routes } from "./routes/users.js";
import { workflowJobsV3Routes } from "./routes/workflow-jobs.js";
import { workflowsV3Routes } from "./routes/workflows.js";
import { isV3Failure, v3NotFound } from "./v3-error.js";
import type { V3Route } from "./v3-route.js";

/** Where the OAuth2 APIs live; v3 paths are relative to it. */
export const WEBAPI_BASE = "/webapi";

/** The v3 part of a path under /webapi. */
export const V3_PREFIX = `${WEBAPI_BASE}/v3`;

/** Every route of Server API v3 the mock serves. */
export const V3_ROUTES: readonly V3Route[] = [
  ...usersV3Routes,
  ...userGroupsV3Routes,
  ...workflowsV3Routes,
  ...workflowJobsV3Routes,
  ...jobsV3Routes,
  ...schedulesV3Routes,
  ...collectionsV3Routes,
  ...credentialsV3Routes,
  ...serverConnectionsV3Routes,
  ...dcmV3Routes,
  ...subscriptionsV3Routes,
  ...usageV3Routes,
];

const MATCHERS = V3_ROUTES.map((route) => ({ route, pattern: v3PathPattern(route.path) }));

/** Whether a request path (origin form, without query) is one of API v3's. */
export function isV3Path(path: string): boolean {
  return path === V3_PREFIX || path.startsWith(`${V3_PREFIX}/`);
}

/** A route for the method and path (relative to /webapi), or the methods the path has. */
export function matchV3Route(
  method: string,
  path: string,
): { route: V3Route; params: Record<string, string> } | { route?: undefined; allowed: string[] } {
  const allowed: string[] = [];
  // Literal segments win over parameters (/v3/dcm/connections/lookup is not {Id} "lookup").
  let best: { route: V3Route; params: Record<string, string>; literal: number } | undefined;
  for (const { route, pattern } of MATCHERS) {
    const match = pattern.exec(path);
    if (!match) continue;
    if (route.method !== method) {
      allowed.push(route.method);
      continue;
    }
    const literal = route.path.split("/").filter((s) => s !== "" && !s.startsWith("{")).length;
    if (!best || literal > best.literal) best = { route, params: { ...match.groups }, literal };
  }
  return best ? { route: best.route, params: best.params } : { allowed };
}

/** The path of a target relative to /webapi, and its query. */
export function v3RouteRequest(
  method: string,
  target: string,
  contentType: string | undefined,
  body: Uint8Array,
): RouteRequest {
  const url = new URL(target, "http://gallery.invalid");
  const path = url.pathname.startsWith(WEBAPI_BASE)
    ? url.pathname.slice(WEBAPI_BASE.length)
    : url.pathname;
  return { method, path, query: url.searchParams, contentType, body };
}

/** Answers a v3 request (path relative to /webapi) from the Gallery's state. */
export async function handleV3(state: GalleryState, request: RouteRequest): Promise<RouteResponse> {
  settleJobs(state);
  const match = matchV3Route(request.method, request.path);
  try {
    if (!match.route) {
      throw v3NotFound(`No API v3 route matches ${request.method} ${request.path.slice(0, 80)}.`);
    }
    const params = Object.fromEntries(
      Object.entries(match.params).map(([k, v]) => [k, safeDecode(v)]),
    );
    return await match.route.handle(request, params, state);
  } catch (error) {
    if (isV3Failure(error)) return { status: error.status, json: error.body };
    throw error;
  }
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** A spec path template as a RegExp: each `{name}` is one path segment, captured by name. */
function v3PathPattern(template: string): RegExp {
  const source = template
    .split(/(\{[A-Za-z]+\})/)
    .map((part) =>
      part.startsWith("{")
        ? `(?<${part.slice(1, -1)}>[^/]+)`
        : part.replace(/[.*+?^$()|[\]\\]/g, "\\$&"),
    )
    .join("");
  return new RegExp(`^${source}$`);
}
