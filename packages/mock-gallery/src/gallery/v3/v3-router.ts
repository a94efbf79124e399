// The routes of Server API v3: every route module under routes/, matched (by the shared
// route table) on the path relative to /webapi ("/v3/users/{userId}"), answering v3-shaped
// errors.
import { createRouteTable, type RouteMatch } from "../route-table.js";
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
import { isV3Failure, v3Failure, v3NotFound } from "./v3-error.js";
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

/** The v3 router: paths relative to /webapi, path parameters percent-decoded, v3 errors. */
export const V3_ROUTE_TABLE = createRouteTable(
  V3_ROUTES,
  {
    unmatched: ({ method, path }) =>
      v3NotFound(`No API v3 route matches ${method} ${path.slice(0, 80)}.`),
    isFailure: isV3Failure,
    input: ({ status, message }) => v3Failure(status, message),
  },
  { decodeParams: true },
);

/** Whether a request path (origin form, without query) is one of API v3's. */
export function isV3Path(path: string): boolean {
  return path === V3_PREFIX || path.startsWith(`${V3_PREFIX}/`);
}

/** A route for the method and path (relative to /webapi), or the methods the path has. */
export function matchV3Route(method: string, path: string): RouteMatch {
  return V3_ROUTE_TABLE.match(method, path);
}
