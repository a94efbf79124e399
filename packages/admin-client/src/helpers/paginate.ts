/**
 * Paging helpers: async iterators over every item (or page) of a list route. The Admin API has
 * two styles: page/pageSize (zero-based pages, as the spec documents) and offset/limit. A page
 * shorter than the page size ends the list (there is no total count). Only one page is held in
 * memory at a time.
 */
import type { AdminClient } from "./client.js";
import { AlteryxPagingError, unwrap } from "./errors.js";
import type { paths } from "./generated/admin-v1.js";

/** How each list route pages. Keys are the paths {@link paginate} accepts. */
export const PAGING_STYLES = {
  "/users/": "page",
  "/subscriptions/": "page",
  "/collections/": "page",
  "/schedules/": "page",
  "/workflows/all/": "page",
  "/auditlog/": "page",
  "/insights/": "offset",
  "/serverdataconnections/": "offset",
  "/systemdataconnections/": "offset",
  "/workflows/": "offset",
} as const satisfies Partial<Record<keyof paths, "page" | "offset">>;

/** The list routes that page. */
export type PagedPath = keyof typeof PAGING_STYLES;

/** The item type of a list route: `ItemOf<"/users/">` is `User`. */
export type ItemOf<P extends keyof paths> = paths[P] extends {
  get: { responses: { 200: { content: { "application/json": Array<infer Item> } } } };
}
  ? Item
  : never;

type PagingKeys = "page" | "pageSize" | "offset" | "limit";

/** The query parameters of a paged route other than the paging ones (which paginate sets). */
export type PagingQuery<P extends PagedPath> = keyof Omit<
  NonNullable<paths[P]["get"]["parameters"]["query"]>,
  PagingKeys
> extends never
  ? Record<string, never>
  : Omit<NonNullable<paths[P]["get"]["parameters"]["query"]>, PagingKeys>;

/** Options of {@link paginate} and {@link paginatePages}. */
export type PaginateOptions<P extends PagedPath> = {
  /** Items per request (default 100). Must be at least 1: for this API 0 means "everything". */
  pageSize?: number;
  /** The number of the first page for page/pageSize routes (default 0, as the spec says). */
  firstPage?: number;
  /** Aborts the walk. */
  signal?: AbortSignal;
} & (Record<never, never> extends PagingQuery<P>
  ? { query?: PagingQuery<P> }
  : { query: PagingQuery<P> });

/** `[options?]`, or `[options]` when the route has required parameters (`/auditlog/`'s entity). */
export type PaginateArgs<P extends PagedPath> =
  Record<never, never> extends PagingQuery<P>
    ? [options?: PaginateOptions<P>]
    : [options: PaginateOptions<P>];

/** The default page size. */
export const DEFAULT_PAGE_SIZE = 100;

type LooseGet = (
  path: string,
  init: { params: { query: Record<string, unknown> }; signal?: AbortSignal },
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

/**
 * Walks a list route page by page; yields each non-empty page as an array.
 *
 * @throws AlteryxApiError when a request fails; AlteryxPagingError when the server returns the
 *   same page twice (it ignores the paging parameters) or something other than an array.
 * @example
 * for await (const page of paginatePages(admin, "/users/", { pageSize: 500 })) console.log(page.length);
 */
export async function* paginatePages<P extends PagedPath>(
  client: AdminClient,
  path: P,
  ...[options]: PaginateArgs<P>
): AsyncGenerator<ItemOf<P>[], void, undefined> {
  const style = (PAGING_STYLES as Record<string, "page" | "offset" | undefined>)[path];
  if (style === undefined) {
    throw new TypeError(
      `paginate() cannot page ${JSON.stringify(path)}; paged routes: ${Object.keys(PAGING_STYLES).join(", ")}`,
    );
  }
  const o = (options ?? {}) as PaginateOptions<P> & { query?: Record<string, unknown> };
  const pageSize = o.pageSize ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(pageSize) || pageSize < 1) {
    throw new TypeError(
      `pageSize must be an integer >= 1, got ${String(pageSize)} (to read everything in one request, call client.GET with pageSize 0 yourself)`,
    );
  }
  const firstPage = o.firstPage ?? 0;
  if (!Number.isInteger(firstPage) || firstPage < 0) {
    throw new TypeError(`firstPage must be 0 or 1 (an integer >= 0), got ${String(firstPage)}`);
  }
  const get = client.GET as unknown as LooseGet;
  let previous: string | undefined;
  for (let index = 0; ; index++) {
    const query: Record<string, unknown> =
      style === "page"
        ? { ...o.query, page: firstPage + index, pageSize }
        : { ...o.query, offset: index * pageSize, limit: pageSize };
    const init: Parameters<LooseGet>[1] = { params: { query } };
    if (o.signal !== undefined) init.signal = o.signal;
    const items = unwrap(await get(path, init));
    if (!Array.isArray(items)) {
      throw new AlteryxPagingError(
        `GET ${path} answered ${items === undefined ? "an empty body" : `a JSON ${typeof items}`} instead of an array; this route cannot be paged`,
      );
    }
    if (items.length === 0) return;
    const current = fingerprint(items);
    if (current === previous) {
      const where = style === "page" ? `page ${firstPage + index}` : `offset ${index * pageSize}`;
      throw new AlteryxPagingError(
        `GET ${path} returned the same ${items.length} items for ${where} as for the request before: the server ignores the ${style === "page" ? "page/pageSize" : "offset/limit"} parameters, so paging would never end. Read the whole list in one request instead (client.GET without paging${style === "page" ? ", or pageSize 0" : ""}).`,
      );
    }
    previous = current;
    yield items as ItemOf<P>[];
    if (items.length < pageSize) return;
  }
}

/**
 * Walks a list route item by item, requesting the next page only when the previous one has been
 * consumed. Breaking out of the loop stops the walk.
 *
 * @throws AlteryxApiError when a request fails; AlteryxPagingError when the server ignores the
 *   paging parameters.
 * @example
 * for await (const user of paginate(admin, "/users/")) console.log(user.email);
 * for await (const event of paginate(admin, "/auditlog/", { query: { entity: "User" } })) console.log(event.event);
 */
export async function* paginate<P extends PagedPath>(
  client: AdminClient,
  path: P,
  ...args: PaginateArgs<P>
): AsyncGenerator<ItemOf<P>, void, undefined> {
  for await (const page of paginatePages(client, path, ...args)) yield* page;
}
