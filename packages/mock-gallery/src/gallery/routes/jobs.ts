// GET /workflows/jobs/: the last job of each workflow, optionally of some workflows only.
import { jobView } from "../views.js";
import { listRoute } from "./paging.js";
import { idList } from "./params.js";
import type { Route } from "./route.js";

/** The jobs routes. */
export const jobsRoutes: Route[] = [
  listRoute(
    "/workflows/jobs/",
    (r, { data }) => {
      const ids = idList(r.query, "appIds");
      return ids ? data.jobs.filter((j) => ids.has(j.appId)) : data.jobs;
    },
    // includeMessages defaults to true; only "false" leaves the messages out
    (job, _state, r) => jobView(job, r.query.get("includeMessages")?.toLowerCase() !== "false"),
  ),
];
