// The one router of the in-memory Gallery, shared by Admin v1 and Server API v3: route paths as
// the specs write them ("/{appId}/package/", "/v3/users/{userId}") compiled to patterns, a
// matcher that also says which methods a path has (for 405s), and the dispatch that settles
// jobs, runs the route and turns a refusal into an answer. What differs per API is only the
// shape of its errors, which the caller gives.
import { type InputError, isInputError } from "./input-error.js";
import type { GalleryState, Route, RouteRequest, RouteResponse } from "./routes/route.js";
import { settleJobs } from "./v3/job-runner.js";

/** What a path is: a route for the method and its path parameters, or the methods it has. */
export type RouteMatch =
  | { route: Route; params: Record<string, string> }
  | { route?: undefined; allowed: string[] };

/** A refusal a route throws, in the shape of its API's errors (status and JSON body). */
export interface ApiFailure {
  status: number;
  body: unknown;
}

/** How one API words what the shared router cannot answer. */
export interface ApiErrors {
  /** The refusal of a request no route matches. */
  unmatched(request: RouteRequest): ApiFailure;
  /** Whether a thrown value is this API's refusal (anything else is a bug: rethrown). */
  isFailure(value: unknown): value is ApiFailure;
  /** A refusal of the shared readers (parameters, uploads) in this API's shape. */
  input(error: InputError): ApiFailure;
}

/** Options of {@link createRouteTable}. */
export interface RouteTableOptions {
  /** Percent-decode path parameters before the route sees them (API v3 does; Admin v1 not). */
  decodeParams?: boolean;
}

/** A set of routes: matched on a path relative to the API's base, and answered. */
export interface RouteTable {
  readonly routes: readonly Route[];
  /** The route for a method and path; `allowed` is empty when no route has the path. */
  match(method: string, path: string): RouteMatch;
  /** Answers a request from the Gallery's state; refusals come back in the API's shape. */
  handle(state: GalleryState, request: RouteRequest): Promise<RouteResponse>;
}

/** Compiles a route table; `errors` decides the shape of its refusals. */
export function createRouteTable(
  routes: readonly Route[],
  errors: ApiErrors,
  options: RouteTableOptions = {},
): RouteTable {
  const matchers = routes.map((route) => ({
    route,
    pattern: pathPattern(route.path),
    literal: literalSegments(route.path),
  }));
  function match(method: string, path: string): RouteMatch {
    const allowed: string[] = [];
    // Literal segments win over parameters (/v3/dcm/connections/lookup is not {id} "lookup");
    // among equals, the first route listed.
    let best: { route: Route; params: Record<string, string>; literal: number } | undefined;
    for (const { route, pattern, literal } of matchers) {
      const found = pattern.exec(path);
      if (!found) continue;
      if (route.method !== method) {
        allowed.push(route.method);
        continue;
      }
      if (!best || literal > best.literal) best = { route, params: { ...found.groups }, literal };
    }
    return best ? { route: best.route, params: best.params } : { allowed };
  }
  return {
    routes,
    match,
    async handle(state, request) {
      // Jobs are settled first, so every answer sees them in the state their age says.
      settleJobs(state);
      const found = match(request.method, request.path);
      try {
        if (!found.route) throw errors.unmatched(request);
        const params = options.decodeParams ? decodeAll(found.params) : found.params;
        return await found.route.handle(request, params, state);
      } catch (error) {
        // InputError first: it has a status too, but not an API's body.
        const failure = isInputError(error) ? errors.input(error) : error;
        if (errors.isFailure(failure)) return { status: failure.status, json: failure.body };
        throw error;
      }
    },
  };
}

/** A spec path template as a RegExp: each `{name}` is one path segment, captured by name. */
export function pathPattern(template: string): RegExp {
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

function literalSegments(template: string): number {
  return template.split("/").filter((s) => s !== "" && !s.startsWith("{")).length;
}

function decodeAll(params: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(params).map(([k, v]) => [k, safeDecode(v)]));
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
