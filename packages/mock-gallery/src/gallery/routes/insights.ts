// GET /insights/: insights filtered by name (search), paged by offset/limit.
import { insightView } from "../views.js";
import { listRoute } from "./paging.js";
import type { Route } from "./route.js";

/** The insights routes. */
export const insightsRoutes: Route[] = [
  listRoute(
    "/insights/",
    (r, { data }) => {
      const search = r.query.get("search")?.toLowerCase();
      return search
        ? data.insights.filter((i) => i.name.toLowerCase().includes(search))
        : data.insights;
    },
    (insight, { index }) => insightView(insight, index),
  ),
];
