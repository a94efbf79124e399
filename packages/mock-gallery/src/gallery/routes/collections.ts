// GET /collections/: the collections, paged by page/pageSize (see paging.ts).
import { collectionView } from "../views.js";
import { listRoute } from "./paging.js";
import type { Route } from "./route.js";

/** The collections routes. */
export const collectionsRoutes: Route[] = [
  listRoute("/collections/", (_r, { data }) => data.collections, collectionView),
];
