// What a route of the in-memory Gallery is: a method and a path as the spec writes it
// ("/{appId}/package/"), and a handler over the Gallery's state. Handlers throw a
// GalleryFailure for a Gallery-shaped error.
import type { GalleryFailure } from "../../gallery-error.js";
import type { Dataset } from "../dataset/records.js";
import type { PackageStream } from "../package-stream.js";
import type { V3Records } from "../v3/v3-records.js";
import type { Index } from "../views.js";

/** A request as the routes see it (path relative to the Admin v1 base). */
export interface RouteRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  contentType: string | undefined;
  body: Uint8Array;
}

/** What a route answers. */
export type RouteResponse =
  | { status: number; json: unknown }
  | { status: number; binary: Uint8Array; headers: Record<string, string> }
  | { status: number; streamed: PackageStream; headers: Record<string, string> }
  | { status: number; empty: true };

/** The Gallery's state, shared by every route. */
export interface GalleryState {
  readonly data: Dataset;
  /** Id lookups, kept in sync by the writes. */
  readonly index: Index;
  /** Dates the writes. */
  now(): number;
  /** A new ObjectId created at `ms`. */
  newId(ms: number): string;
  /** Size of every seeded package when `packageBytes` is set. */
  readonly packageBytes: number | undefined;
  /** Packages built so far, by version (revision id; built on first download). */
  readonly packages: Map<string, Uint8Array>;
  /** What only Server API v3 has (user groups, credentials, DCM, usage). */
  readonly v3: V3Records;
  /** How long a job queued through API v3 takes from Queued to its end (ms). */
  readonly jobDurationMs: number;
}

/** One route: `path` is the spec's path template; `{name}` matches one path segment. */
export interface Route {
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  path: string;
  handle(
    request: RouteRequest,
    params: Record<string, string>,
    state: GalleryState,
  ): RouteResponse | Promise<RouteResponse>;
}

/** A 200 with a JSON body. */
/**
 * The user the mock takes as the caller of a write (who created, added or ran something): the
 * known curator, the dataset's first user.
 */
export function callerId(state: GalleryState): string {
  return state.data.users[0]?.id ?? "";
}

export function ok(json: unknown): RouteResponse {
  return { status: 200, json };
}

/** Whether a thrown value is a GalleryFailure (the routes' way to refuse). */
export function isFailure(value: unknown): value is GalleryFailure {
  return typeof value === "object" && value !== null && "status" in value && "body" in value;
}
