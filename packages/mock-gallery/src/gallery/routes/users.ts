// GET /users/: the users, paged by page/pageSize (see paging.ts).
import { userView } from "../views.js";
import { listRoute } from "./paging.js";
import type { Route } from "./route.js";

/** The users routes. */
export const usersRoutes: Route[] = [listRoute("/users/", (_r, { data }) => data.users, userView)];
