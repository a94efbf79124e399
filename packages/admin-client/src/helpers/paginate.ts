/**
 * Paging helpers: async iterators over every item (or page) of a list route, of Admin API v1
 * or of Server API v3. How a route pages comes from the spec's `x-paging` extensions, generated
 * into {@link ADMIN_V1_PAGING} and {@link SERVER_V3_PAGING}: page numbers (zero-based) or
 * offsets, the parameter names, and where the array is in the answer (`/v3/jobs`: `data`). A
 * page shorter than the page size ends the list. Only one page is held in memory at a time.
 */
import type { AdminClient } from "../client.js";
import type { paths } from "../generated/admin-v1.js";
import { ADMIN_V1_PAGING, type PagingRule } from "../generated/paging.js";
import type { paths as V3Paths } from "../generated/server-v3.js";
import { SERVER_V3_PAGING } from "../generated/server-v3-paging.js";
import { AlteryxPagingError, type RequestSummary, unwrap } from "../http/errors.js";
import type { ServerClient } from "../server-client.js";

type Paging = typeof ADMIN_V1_PAGING;
type V3Paging = typeof SERVER_V3_PAGING;

/**
 * Every list route of the Admin API v1, paged or not (the keys of {@link ADMIN_V1_PAGING}): the
 * routes {@link paginate} walks with an Admin v1 client.
 */
export type ListPath = keyof Paging & keyof paths;
/**
 * Every list route of Server API v3 (the keys of {@link SERVER_V3_PAGING}): the routes
 * {@link paginate} walks with a v3 client.
 */
export type V3ListPath = keyof V3Paging & keyof V3Paths;

type OkJsonIn<Paths, P extends keyof Paths> = Paths[P] extends {
  get: { responses: { 200: { content: { "application/json": infer Body } } } };
}
  ? Body
  : never;

/** The item type of a list route of one API (its paging table and its paths). */
type ItemIn<Table, Paths, P extends keyof Table & keyof Paths> = Table[P] extends {
  items: infer K extends string;
}
  ? OkJsonIn<Paths, P> extends { [key in K]?: infer List }
    ? NonNullable<List> extends Array<infer Item>
      ? Item
      : never
    : never
  : OkJsonIn<Paths, P> extends Array<infer Item>
    ? Item
    : never;

/** The item type of an Admin v1 list route: `ItemOf<"/users/">` is `User`. */
export type ItemOf<P extends ListPath> = ItemIn<Paging, paths, P>;
/** The item type of a v3 list route: `V3ItemOf<"/v3/jobs">` is a `PagedJobSummaryView`. */
export type V3ItemOf<P extends V3ListPath> = ItemIn<V3Paging, V3Paths, P>;

/** The paging parameters of a route (set by paginate, so not part of its `query`). */
type PagingParamsIn<Table, P extends keyof Table> = Table[P] extends {
  pageParam: infer Page extends string;
  sizeParam: infer Size extends string;
}
  ? Page | Size
  : never;
type PagingParams<P extends ListPath> = PagingParamsIn<Paging, P>;

type RouteQuery<P extends ListPath> = NonNullable<paths[P]["get"]["parameters"]["query"]>;

/**
 * The query of a route chosen at run time: a path typed as {@link ListPath} itself (a command
 * line's listing, say) takes any parameters, which the server then checks.
 */
export type RuntimeQuery = Record<string, string | number | boolean | undefined>;

/**
 * The query parameters of a list route other than the paging ones (which paginate sets); any
 * parameters ({@link RuntimeQuery}) when the path is typed as every list route.
 */
export type PagingQuery<P extends ListPath> = [ListPath] extends [P]
  ? RuntimeQuery
  : keyof Omit<RouteQuery<P>, PagingParams<P>> extends never
    ? Record<string, never>
    : Omit<RouteQuery<P>, PagingParams<P>>;

/** Options of {@link paginate} and {@link paginatePages}. */
export type PaginateOptions<P extends ListPath> = {
  /**
   * Items per request (default 100). Must be at least 1: for this API 0 means "everything".
   * Not for routes that answer the whole list at once (style none).
   */
  pageSize?: number;
  /**
   * Where the walk starts: the page number for page routes (default 0, as the spec says; 1 for
   * a server that counts from 1), the offset for offset routes (default 0). Not for style none.
   */
  start?: number;
  /** Aborts the walk. */
  signal?: AbortSignal;
} & (Record<never, never> extends PagingQuery<P>
  ? { query?: PagingQuery<P> }
  : { query: PagingQuery<P> });

/** The query parameters of a v3 list route other than the paging ones. */
export type V3PagingQuery<P extends V3ListPath> = [V3ListPath] extends [P]
  ? RuntimeQuery
  : keyof Omit<V3RouteQuery<P>, PagingParamsIn<V3Paging, P>> extends never
    ? Record<string, never>
    : Omit<V3RouteQuery<P>, PagingParamsIn<V3Paging, P>>;
type V3RouteQuery<P extends V3ListPath> = NonNullable<V3Paths[P]["get"]["parameters"]["query"]>;

/** Options of {@link paginate} for a v3 route: as for Admin v1, with the v3 route's query. */
export type V3PaginateOptions<P extends V3ListPath> = {
  /** Items per request (default 100); not for routes that answer the whole list at once. */
  pageSize?: number;
  /** The offset the walk starts at (default 0); not for routes without paging. */
  start?: number;
  /** Aborts the walk. */
  signal?: AbortSignal;
} & (Record<never, never> extends V3PagingQuery<P>
  ? { query?: V3PagingQuery<P> }
  : { query: V3PagingQuery<P> });

/** `[options?]`, or `[options]` when the v3 route has required parameters (path parameters). */
export type V3PaginateArgs<P extends V3ListPath> =
  Record<never, never> extends V3PagingQuery<P> & V3PathParams<P>
    ? [options?: V3PaginateOptions<P> & V3PathOption<P>]
    : [options: V3PaginateOptions<P> & V3PathOption<P>];
type V3PathParams<P extends V3ListPath> = V3Paths[P]["get"]["parameters"] extends {
  path: infer Path extends object;
}
  ? Path
  : Record<never, never>;
/** A v3 route with path parameters (`/v3/workflows/{workflowId}/jobs`) takes them as `path`. */
type V3PathOption<P extends V3ListPath> = V3Paths[P]["get"]["parameters"] extends {
  path: infer Path extends object;
}
  ? { path: Path }
  : { path?: never };

/** `[options?]`, or `[options]` when the route has required parameters (`/auditlog/`'s entity). */
export type PaginateArgs<P extends ListPath> =
  Record<never, never> extends PagingQuery<P>
    ? [options?: PaginateOptions<P>]
    : [options: PaginateOptions<P>];

/** The default page size. */
export const DEFAULT_PAGE_SIZE = 100;

/** A GET on a path chosen at run time, as openapi-fetch answers it. @internal */
export type LooseGet = (
  path: string,
  init: { params: { query: Record<string, unknown>; path?: object }; signal?: AbortSignal },
) => Promise<{ data?: unknown; error?: unknown; response: Response }>;

function itemKey(item: unknown): string {
  if (typeof item === "object" && item !== null) {
    const record = item as Record<string, unknown>;
    if (typeof record.id === "string") return record.id;
    if (typeof record.connectionId === "string") return record.connectionId;
  }
  return JSON.stringify(item) ?? String(item);
}

/** Identifies a page by its size and first and last items, to notice the same page twice. */
function fingerprint(items: readonly unknown[]): string {
  return `${items.length}\u0000${itemKey(items[0])}\u0000${itemKey(items[items.length - 1])}`;
}

function checkInteger(name: string, value: number, min: number, hint: string): number {
  if (!Number.isInteger(value) || value < min) {
    throw new TypeError(`${name} must be an integer >= ${min}, got ${String(value)}${hint}`);
  }
  return value;
}

/** The array of one answer, from the answer itself or its `items` property. */
function itemsOf(data: unknown, rule: PagingRule, request: RequestSummary): unknown[] {
  const items =
    rule.items === undefined ? data : (data as Record<string, unknown> | null)?.[rule.items];
  // A v3 envelope says `data: null` for an empty list.
  if (items === null && rule.items !== undefined) return [];
  if (!Array.isArray(items)) {
    const what = rule.items === undefined ? "an array" : `an object with an array "${rule.items}"`;
    const got =
      data === undefined
        ? "an empty body"
        : `a JSON ${Array.isArray(data) ? "array" : data === null ? "null" : typeof data}`;
    throw new AlteryxPagingError(
      `${request.method} ${request.path} answered ${got} instead of ${what}; this route cannot be paged`,
      request,
    );
  }
  return items;
}

/**
 * Walks one list route page by page with a loosely typed GET: the engine of
 * {@link paginatePages}, for any client and paging table (custom parameter names, `items`
 * envelopes).
 * @internal
 */
export async function* walk(
  get: LooseGet,
  request: RequestSummary,
  rule: PagingRule,
  options: {
    query?: object;
    path?: object;
    pageSize?: number;
    start?: number;
    signal?: AbortSignal;
  },
): AsyncGenerator<unknown[], void, undefined> {
  const { pageParam, sizeParam } = rule;
  const withPath = (init: Parameters<LooseGet>[1]) => {
    if (options.path !== undefined) init.params.path = options.path;
    return init;
  };
  if (rule.style === "none" || pageParam === undefined || sizeParam === undefined) {
    if (options.pageSize !== undefined || options.start !== undefined) {
      throw new TypeError(
        `${request.path} answers the whole list at once: pageSize and start do not apply`,
      );
    }
    const init = withPath({ params: { query: { ...options.query } } });
    if (options.signal !== undefined) init.signal = options.signal;
    const items = itemsOf(unwrap(await get(request.path, init)), rule, request);
    if (items.length > 0) yield items;
    return;
  }
  const pageSize = checkInteger(
    "pageSize",
    options.pageSize ?? DEFAULT_PAGE_SIZE,
    1,
    " (to read everything in one request, call client.GET with pageSize 0 yourself)",
  );
  const start = checkInteger("start", options.start ?? 0, 0, "");
  let previous: string | undefined;
  for (let index = 0; ; index++) {
    const position = rule.style === "page" ? start + index : start + index * pageSize;
    const query = { ...options.query, [pageParam]: position, [sizeParam]: pageSize };
    const init = withPath({ params: { query } });
    if (options.signal !== undefined) init.signal = options.signal;
    const items = itemsOf(unwrap(await get(request.path, init)), rule, request);
    if (items.length === 0) return;
    const current = fingerprint(items);
    if (current === previous) {
      throw new AlteryxPagingError(
        `${request.method} ${request.path} returned the same ${items.length} items for ${pageParam} ${position} as for the request before: the server ignores the ${pageParam}/${sizeParam} parameters, so paging would never end. Read the whole list in one request instead (client.GET without paging parameters).`,
        request,
      );
    }
    previous = current;
    yield items;
    if (items.length < pageSize) return;
  }
}

/** The paging rule of a path: v3 paths start with `/v3/`, Admin v1 paths never do. */
function ruleFor(path: string): PagingRule {
  const table: Record<string, PagingRule> = path.startsWith("/v3/")
    ? SERVER_V3_PAGING
    : ADMIN_V1_PAGING;
  const rule = table[path];
  if (rule === undefined) {
    throw new TypeError(
      `paginate() cannot walk ${JSON.stringify(path)}; list routes: ${Object.keys(table).join(", ")}`,
    );
  }
  return rule;
}

/**
 * Walks a list route page by page; yields each non-empty page as an array. A route that answers
 * the whole list at once (style none) gives it as one page. Takes an Admin v1 client and one of
 * its {@link ListPath}s, or a v3 client and a {@link V3ListPath} (path parameters in `path`).
 *
 * @throws AlteryxApiError when a request fails; AlteryxPagingError when the server returns the
 *   same page twice (it ignores the paging parameters) or something other than a list.
 * @example
 * for await (const page of paginatePages(admin, "/users/", { pageSize: 500 })) console.log(page.length);
 * for await (const page of paginatePages(server, "/v3/jobs", { pageSize: 50 })) console.log(page.length);
 */
export function paginatePages<P extends ListPath>(
  client: AdminClient,
  path: P,
  ...args: PaginateArgs<P>
): AsyncGenerator<ItemOf<P>[], void, undefined>;
export function paginatePages<P extends V3ListPath>(
  client: ServerClient,
  path: P,
  ...args: V3PaginateArgs<P>
): AsyncGenerator<V3ItemOf<P>[], void, undefined>;
export async function* paginatePages(
  client: AdminClient | ServerClient,
  path: string,
  options?: object,
): AsyncGenerator<unknown[], void, undefined> {
  const rule = ruleFor(path);
  const request = { method: "GET", origin: new URL(client.baseUrl).origin, path };
  yield* walk(client.GET as unknown as LooseGet, request, rule, options ?? {});
}

/**
 * Walks a list route item by item, requesting the next page only when the previous one has been
 * consumed. Breaking out of the loop stops the walk. Admin v1 and v3 clients alike (see
 * {@link paginatePages}).
 *
 * @throws AlteryxApiError when a request fails; AlteryxPagingError when the server ignores the
 *   paging parameters.
 * @example
 * for await (const user of paginate(admin, "/users/")) console.log(user.email);
 * for await (const event of paginate(admin, "/auditlog/", { query: { entity: "User" } })) console.log(event.event);
 * for await (const job of paginate(server, "/v3/jobs", { query: { status: "Error" } })) console.log(job.jobId);
 * for await (const run of paginate(server, "/v3/workflows/{workflowId}/jobs", { path: { workflowId } })) console.log(run.status);
 */
export function paginate<P extends ListPath>(
  client: AdminClient,
  path: P,
  ...args: PaginateArgs<P>
): AsyncGenerator<ItemOf<P>, void, undefined>;
export function paginate<P extends V3ListPath>(
  client: ServerClient,
  path: P,
  ...args: V3PaginateArgs<P>
): AsyncGenerator<V3ItemOf<P>, void, undefined>;
export async function* paginate(
  client: AdminClient | ServerClient,
  path: string,
  options?: object,
): AsyncGenerator<unknown, void, undefined> {
  for await (const page of paginatePages(
    client as ServerClient,
    path as V3ListPath,
    options as never,
  )) {
    yield* page;
  }
}
