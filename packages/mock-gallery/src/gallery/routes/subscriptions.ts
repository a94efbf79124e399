// GET /subscriptions/: the subscriptions, paged by page/pageSize (see paging.ts).
import { subscriptionView } from "../views.js";
import { listRoute } from "./paging.js";
import type { Route } from "./route.js";

/** The subscriptions routes. */
export const subscriptionsRoutes: Route[] = [
  listRoute("/subscriptions/", (_r, { data }) => data.subscriptions, subscriptionView),
];
