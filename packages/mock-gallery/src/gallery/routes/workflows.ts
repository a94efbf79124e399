// GET /workflows/ (search, sort, offset/limit; deleted ones left out) and GET /workflows/all/
// (every workflow, changed between two dates, page/pageSize).
import { notFound } from "../../gallery-error.js";
import type { WorkflowRecord } from "../dataset/records.js";
import { type Index, publishedRevision, workflowAllView, workflowView } from "../views.js";
import { listRoute } from "./paging.js";
import { dateParam, truncate } from "./params.js";
import type { GalleryState, Route } from "./route.js";

const ID = /^[0-9a-f]{24}$/;

/** The workflow listing routes. */
export const workflowsRoutes: Route[] = [
  listRoute(
    "/workflows/",
    (r, { data, index }) => searchWorkflows(data.workflows, r.query, index),
    (workflow, { index }) => workflowView(workflow, index),
  ),
  listRoute(
    "/workflows/all/",
    (r, { data }) => {
      const start = dateParam(r.query, "startDate");
      const end = dateParam(r.query, "endDate");
      if (start === undefined && end === undefined) return data.workflows;
      return data.workflows.filter((w) => {
        const changed = lastChange(w);
        return (start === undefined || changed >= start) && (end === undefined || changed <= end);
      });
    },
    (workflow, { index }) => workflowAllView(workflow, index),
  ),
];

/** A live workflow by id, or a Gallery-shaped 404. */
export function findWorkflow(state: GalleryState, appId: string): WorkflowRecord {
  const workflow = ID.test(appId) ? state.index.workflowById.get(appId) : undefined;
  if (!workflow || workflow.isDeleted) {
    throw notFound(`The workflow ${truncate(appId)} was not found.`);
  }
  return workflow;
}

function searchWorkflows(
  workflows: readonly WorkflowRecord[],
  query: URLSearchParams,
  index: Index,
): WorkflowRecord[] {
  const search = query.get("search")?.toLowerCase();
  let items = workflows.filter(
    (w) =>
      !w.isDeleted &&
      (!search ||
        w.name.toLowerCase().includes(search) ||
        w.description.toLowerCase().includes(search)),
  );
  const sortField = query.get("sortField");
  if (sortField) {
    const key = sortKey(sortField, index);
    const sign = query.get("direction")?.toLowerCase() === "desc" ? -1 : 1;
    items = items
      .map((w, i) => ({ w, i, k: key(w) }))
      .sort((a, b) => (a.k < b.k ? -sign : a.k > b.k ? sign : a.i - b.i))
      .map(({ w }) => w);
  }
  return items;
}

/** When a workflow last changed (its newest revision or event), in ms. */
function lastChange(w: WorkflowRecord): number {
  let latest = 0;
  for (const r of w.revisions) latest = Math.max(latest, Date.parse(r.dateCreated));
  for (const e of w.events) latest = Math.max(latest, Date.parse(e.timestamp));
  return latest;
}

function sortKey(field: string, index: Index): (w: WorkflowRecord) => string | number {
  switch (field.toLowerCase()) {
    case "author":
      return (w) => w.author.toLowerCase();
    case "copyright":
      return (w) => (w.author ? `copyright ${w.revisions[0]?.dateCreated.slice(0, 4)}` : "");
    case "datemadepublic":
      return (w) => w.dateMadePublic ?? "";
    case "description":
      return (w) => w.description.toLowerCase();
    case "executionmode":
      return (w) => publishedRevision(w)?.executionMode ?? "";
    case "owner":
      return (w) => {
        const o = index.userById.get(w.ownerId);
        return o ? `${o.lastName}, ${o.firstName}`.toLowerCase() : "";
      };
    case "runcount":
      return (w) => w.runCount;
    case "subscriptionid":
      return (w) => w.subscriptionId;
    case "uploaddate":
      return (w) => publishedRevision(w)?.dateCreated ?? "";
    default:
      return (w) => w.name.toLowerCase();
  }
}
