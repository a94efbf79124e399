// Workflows marked ready for migration: GET /workflows/migratable/ (optionally of some
// subscriptions) and PUT /workflows/migratable/{appId}/, which toggles the flag and audits it.
import { galleryDate } from "../dataset/generation.js";
import { migratableView } from "../views.js";
import { auditWorkflowChange } from "./audit-log.js";
import { listRoute } from "./paging.js";
import { idList } from "./params.js";
import type { GalleryState, Route, RouteResponse } from "./route.js";
import { callerId } from "./route.js";
import { findWorkflow } from "./workflows.js";

/** The migration routes. */
export const migrationRoutes: Route[] = [
  listRoute(
    "/workflows/migratable/",
    (r, { data }) => {
      const ids = idList(r.query, "subscriptionIds");
      return data.workflows.filter(
        (w) => w.isReadyForMigration && !w.isDeleted && (!ids || ids.has(w.subscriptionId)),
      );
    },
    migratableView,
  ),
  {
    method: "PUT",
    path: "/workflows/migratable/{appId}/",
    handle: (_r, { appId = "" }, state) => toggle(state, appId),
  },
];

function toggle(state: GalleryState, appId: string): RouteResponse {
  const workflow = findWorkflow(state, appId);
  const before = workflow.isReadyForMigration;
  workflow.isReadyForMigration = !before;
  const at = state.now();
  const oldValues = JSON.stringify({ IsReadyForMigration: before });
  const newValues = JSON.stringify({ IsReadyForMigration: !before });
  const userId = callerId(state);
  workflow.events.push({
    userId,
    timestamp: galleryDate(at),
    event: "update",
    oldValues,
    newValues,
  });
  auditWorkflowChange(state, workflow, { event: "update", oldValues, newValues }, userId, at);
  return { status: 200, empty: true };
}
