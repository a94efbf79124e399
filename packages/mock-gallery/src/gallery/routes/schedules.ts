// GET /schedules/: the schedules, paged by page/pageSize (see paging.ts).
import { scheduleView } from "../views.js";
import { listRoute } from "./paging.js";
import type { Route } from "./route.js";

/** The schedules routes. */
export const schedulesRoutes: Route[] = [
  listRoute(
    "/schedules/",
    (_r, { data }) => data.schedules,
    (schedule, { index }) => scheduleView(schedule, index),
  ),
];
