// The in-memory Gallery: its state over a dataset and the router over the per-resource route
// modules in routes/. Every answer is the Gallery's: JSON views, Gallery-shaped errors.
import { notFound } from "../gallery-error.js";
import { seededFaker } from "./dataset/faker.js";
import { objectIdFactory } from "./dataset/generation.js";
import type { Dataset } from "./dataset/records.js";
import { auditLogRoutes } from "./routes/audit-log.js";
import { collectionsRoutes } from "./routes/collections.js";
import { dataConnectionRoutes } from "./routes/data-connections.js";
import { insightsRoutes } from "./routes/insights.js";
import { jobsRoutes } from "./routes/jobs.js";
import { migrationRoutes } from "./routes/migration.js";
import { PACKAGE_PATH, packageRoutes } from "./routes/packages.js";
import { truncate } from "./routes/params.js";
import { publishRoutes } from "./routes/publish.js";
import {
  failure,
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
import { buildIndex, publishedRevision } from "./views.js";

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
  skipsPrism(method: string, path: string, maxPrismBytes: number): boolean;
}

/** Options of {@link createGallery}. */
export interface GalleryOptions {
  /** Dates the writes (publish, toggle); default Date.now. */
  now?: () => number;
  /** Size in bytes of every seeded workflow's package, generated as it is sent. */
  packageBytes?: number | undefined;
}

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

const MATCHERS = ROUTES.map((route) => ({ route, pattern: pathPattern(route.path) }));

/** What a path (relative to the Admin v1 base) is: a route for the method, or the methods it has. */
export type RouteMatch =
  | { route: Route; params: Record<string, string> }
  | { route?: undefined; allowed: string[] };

/** Finds the route for a method and path; `allowed` is empty when no route has the path. */
export function matchRoute(method: string, path: string): RouteMatch {
  const allowed: string[] = [];
  for (const { route, pattern } of MATCHERS) {
    const match = pattern.exec(path);
    if (!match) continue;
    if (route.method === method) return { route, params: { ...match.groups } };
    allowed.push(route.method);
  }
  return { allowed };
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
  };
  const packagePattern = pathPattern(PACKAGE_PATH);
  return {
    data,
    skipsPrism(method, path, maxPrismBytes) {
      const appId = method === "GET" ? packagePattern.exec(path)?.groups?.appId : undefined;
      if (appId === undefined) return false;
      const workflow = state.index.workflowById.get(appId);
      const uploaded = workflow && publishedRevision(workflow)?.packageBytes;
      if (uploaded) return uploaded.length > maxPrismBytes;
      return state.packageBytes !== undefined;
    },
    async handle(request) {
      const match = matchRoute(request.method, request.path);
      try {
        if (!match.route) {
          throw notFound(`No Admin v1 route matches ${request.method} ${truncate(request.path)}.`);
        }
        return await match.route.handle(request, match.params, state);
      } catch (error) {
        if (isFailure(error)) return failure(error);
        throw error;
      }
    },
  };
}

/** A spec path template as a RegExp: each `{name}` is one path segment, captured by name. */
function pathPattern(template: string): RegExp {
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
