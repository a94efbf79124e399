// GET /serverdataconnections/ and /systemdataconnections/, paged by offset/limit.
import { serverDataConnectionView, systemDataConnectionView } from "../views.js";
import { listRoute } from "./paging.js";
import type { Route } from "./route.js";

/** The data connection routes. */
export const dataConnectionRoutes: Route[] = [
  listRoute(
    "/serverdataconnections/",
    (_r, { data }) => data.serverDataConnections,
    serverDataConnectionView,
  ),
  listRoute(
    "/systemdataconnections/",
    (_r, { data }) => data.systemDataConnections,
    systemDataConnectionView,
  ),
];
