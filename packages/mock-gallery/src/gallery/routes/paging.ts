// List paging, in one place. Each list route pages by one style, as the spec documents it:
//   page:   zero-based `page` and `pageSize`; pageSize omitted or 0 returns every item
//   offset: `offset` and `limit`; limit omitted or 0 returns every item from offset on
//   none:   the whole list in one answer
// Which style each route uses is not written here: the spec declares it (`x-paging`), and the
// client's generator emits the table (src/generated/paging.ts) that the client also pages by.
import { ADMIN_V1_PAGING, type PagingRule } from "../../generated/paging.js";
import { intParam } from "./params.js";
import { type GalleryState, ok, type Route, type RouteRequest } from "./route.js";

/** How a list route pages. */
export type PagingStyle = PagingRule["style"];

/** The paging of every list route, by the spec's path (generated from its `x-paging`). */
export const PAGING: Readonly<Record<string, PagingRule>> = ADMIN_V1_PAGING;

/** The page of `items` that `query` asks for under `rule`. */
export function applyPaging<T>(rule: PagingRule, query: URLSearchParams, items: readonly T[]): T[] {
  switch (rule.style) {
    case "page": {
      const page = intParam(query, rule.pageParam ?? "page", 0) ?? 0;
      const size = intParam(query, rule.sizeParam ?? "pageSize", 0) ?? 0;
      return size === 0 ? [...items] : items.slice(page * size, (page + 1) * size);
    }
    case "offset": {
      const offset = intParam(query, rule.pageParam ?? "offset", 0) ?? 0;
      const limit = intParam(query, rule.sizeParam ?? "limit", 0) ?? 0;
      return items.slice(offset, limit === 0 ? undefined : offset + limit);
    }
    case "none":
      return [...items];
  }
}

/**
 * A GET route answering a list: `list` selects the items (filters), the route's paging rule
 * picks the page, `view` shapes each item as the spec says.
 */
export function listRoute<T>(
  path: string,
  list: (request: RouteRequest, state: GalleryState) => readonly T[],
  view: (item: T, state: GalleryState, request: RouteRequest) => unknown,
): Route {
  const rule = PAGING[path];
  if (!rule) throw new Error(`mock-gallery: no paging rule for the list route ${path}`);
  return {
    method: "GET",
    path,
    handle: (request, _params, state) =>
      ok(
        applyPaging(rule, request.query, list(request, state)).map((item) =>
          view(item, state, request),
        ),
      ),
  };
}
