// GET /auditlog/ (entity, page and pageSize all required) and the audit events the writes add.
import { badRequest } from "../../gallery-error.js";
import { galleryDate } from "../dataset/generation.js";
import type { WorkflowRecord } from "../dataset/records.js";
import { auditEventView } from "../views.js";
import { listRoute } from "./paging.js";
import type { GalleryState, Route } from "./route.js";

/** The audit log routes. */
export const auditLogRoutes: Route[] = [
  listRoute(
    "/auditlog/",
    (r, { data }) => {
      const entity = r.query.get("entity");
      if (!entity || !r.query.has("page") || !r.query.has("pageSize")) {
        throw badRequest("The entity, page and pageSize query parameters are all required.");
      }
      return data.auditEvents.filter((e) => e.entity === entity);
    },
    auditEventView,
  ),
];

/** Adds the AppInfo audit event of a write to a workflow (publish, migration toggle). */
export function auditWorkflowChange(
  state: GalleryState,
  workflow: WorkflowRecord,
  change: { event: "insert" | "update"; oldValues: string | null; newValues: string | null },
  userId: string,
  at: number,
): void {
  state.data.auditEvents.push({
    id: state.newId(at),
    entity: "AppInfo",
    entityId: workflow.id,
    userId,
    timestamp: galleryDate(at),
    ...change,
  });
}
