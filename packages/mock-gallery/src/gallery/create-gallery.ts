// The in-memory Gallery: its state over a dataset and the router over the per-resource route
// modules in routes/. Every answer is the Gallery's: JSON views, Gallery-shaped errors.
import { galleryError, notFound } from "../gallery-error.js";
import { seededFaker } from "./dataset/faker.js";
import { objectIdFactory } from "./dataset/generation.js";
import type { Dataset } from "./dataset/records.js";
import { createRouteTable, type RouteMatch } from "./route-table.js";
import { auditLogRoutes } from "./routes/audit-log.js";
import { collectionsRoutes } from "./routes/collections.js";
import { dataConnectionRoutes } from "./routes/data-connections.js";
import { insightsRoutes } from "./routes/insights.js";
import { jobsRoutes } from "./routes/jobs.js";
import { migrationRoutes } from "./routes/migration.js";
import { PACKAGE_PATH, packageRoutes, packageSkipsPrism } from "./routes/packages.js";
import { truncate } from "./routes/params.js";
import { publishRoutes } from "./routes/publish.js";
import {
  type GalleryState,
  isFailure,
  type Route,
  type RouteRequest,
  type RouteResponse,
} from "./routes/route.js";
import { schedulesRoutes } from "./routes/schedules.js";
import { subscriptionsRoutes } from "./routes/subscriptions.js";
import { usersRoutes } from "./routes/users.js";
import { workflowsRoutes } from "./routes/workflows.js";
import { downloadRevision } from "./v3/routes/workflows.js";
import { seedV3 } from "./v3/seed-v3.js";
import { matchV3Route, V3_ROUTE_TABLE } from "./v3/v3-router.js";
import { buildIndex, publishedRevision } from "./views.js";

export type { RouteMatch } from "./route-table.js";
export type { RouteRequest, RouteResponse } from "./routes/route.js";

/** The Gallery's state and its router. */
export interface Gallery {
  readonly data: Dataset;
  handle(request: RouteRequest): Promise<RouteResponse>;
  /**
   * Whether the answer to this request is a package that must not cross Prism, which reads
   * bodies whole as text: any package of `packageBytes` (it is streamed), or an uploaded one
   * larger than `maxPrismBytes`. `path` is relative to the Admin v1 base.
   */
  skipsPrism(request: RouteRequest, maxPrismBytes: number): boolean;
  /** Answers a Server API v3 request; `path` is relative to /webapi ("/v3/users"). */
  handleV3(request: RouteRequest): Promise<RouteResponse>;
  /** {@link skipsPrism} for a v3 request (path relative to /webapi): package downloads. */
  skipsPrismV3(request: RouteRequest, maxPrismBytes: number): boolean;
}

/** Options of {@link createGallery}. */
export interface GalleryOptions {
  /** Dates the writes (publish, toggle); default Date.now. */
  now?: () => number;
  /** Size in bytes of every seeded workflow's package, generated as it is sent. */
  packageBytes?: number | undefined;
  /** How long a job queued through API v3 takes from Queued to its end (default 300 ms). */
  jobDurationMs?: number | undefined;
}

/** The v3 package download, which skips Prism like Admin v1's. */
const V3_PACKAGE_PATH = "/v3/workflows/{workflowId}/package";

/** The default of {@link GalleryOptions.jobDurationMs}. */
export const DEFAULT_JOB_DURATION_MS = 300;

/** Every route of the Admin v1 API the mock serves. */
export const ROUTES: readonly Route[] = [
  ...usersRoutes,
  ...subscriptionsRoutes,
  ...collectionsRoutes,
  ...schedulesRoutes,
  ...insightsRoutes,
  ...dataConnectionRoutes,
  ...workflowsRoutes,
  ...publishRoutes,
  ...jobsRoutes,
  ...migrationRoutes,
  ...packageRoutes,
  ...auditLogRoutes,
];

/** The Admin v1 router: paths relative to the Admin v1 base, Gallery-shaped errors. */
const ADMIN_V1_ROUTE_TABLE = createRouteTable(ROUTES, {
  unmatched: ({ method, path }) =>
    notFound(`No Admin v1 route matches ${method} ${truncate(path)}.`),
  isFailure,
  input: ({ status, message }) => galleryError(status, "ArgumentException", message),
});

/** Finds the route for a method and a path relative to the Admin v1 base. */
export function matchRoute(method: string, path: string): RouteMatch {
  return ADMIN_V1_ROUTE_TABLE.match(method, path);
}

/** Creates the in-memory Gallery over a dataset. */
export function createGallery(data: Dataset, options: GalleryOptions = {}): Gallery {
  const newId = objectIdFactory(seededFaker(data.seed + 7919));
  const state: GalleryState = {
    data,
    index: buildIndex(data),
    now: options.now ?? Date.now,
    newId,
    packageBytes: options.packageBytes,
    packages: new Map(),
    v3: seedV3(data),
    jobDurationMs: options.jobDurationMs ?? DEFAULT_JOB_DURATION_MS,
  };
  return {
    data,
    skipsPrism({ method, path }, maxPrismBytes) {
      const match = matchRoute(method, path);
      if (!match.route || match.route.path !== PACKAGE_PATH) return false;
      const workflow = state.index.workflowById.get(match.params.appId ?? "");
      return packageSkipsPrism(state, workflow && publishedRevision(workflow), maxPrismBytes);
    },
    handleV3: (request) => V3_ROUTE_TABLE.handle(state, request),
    skipsPrismV3({ method, path, query }, maxPrismBytes) {
      const match = matchV3Route(method, path);
      if (!match.route || match.route.path !== V3_PACKAGE_PATH) return false;
      const workflow = state.index.workflowById.get(match.params.workflowId ?? "");
      const versionId = query.get("versionId") || null;
      return packageSkipsPrism(
        state,
        workflow && downloadRevision(workflow, versionId),
        maxPrismBytes,
      );
    },
    handle: (request) => ADMIN_V1_ROUTE_TABLE.handle(state, request),
  };
}
