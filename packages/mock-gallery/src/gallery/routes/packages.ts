// GET /{appId}/package/: the workflow's .yxzp, and the download both APIs share (API v3's
// GET /v3/workflows/{workflowId}/package answers through packageResponse too). An uploaded
// package comes back as uploaded; a seeded one is a small real zip built on first download and
// kept in `state.packages`, or, with `packageBytes`, a package of that size generated while it
// is sent.
import type { RevisionRecord, WorkflowRecord } from "../dataset/records.js";
import { buildPackage, contentDisposition, workflowXml } from "../package.js";
import { packageOfSize } from "../package-stream.js";
import { publishedRevision } from "../views.js";
import type { GalleryState, Route, RouteResponse } from "./route.js";
import { findWorkflow } from "./workflows.js";

/** The spec's path of a package download. */
export const PACKAGE_PATH = "/{appId}/package/";

/** The package routes. */
export const packageRoutes: Route[] = [
  {
    method: "GET",
    path: PACKAGE_PATH,
    handle: (_r, { appId = "" }, state) => {
      const workflow = findWorkflow(state, appId);
      return packageResponse(state, workflow, publishedRevision(workflow));
    },
  },
];

/**
 * The package of a version of a workflow (the published one for Admin v1): as uploaded,
 * streamed at `packageBytes`, or built once and cached by version.
 */
export function packageResponse(
  state: GalleryState,
  workflow: WorkflowRecord,
  revision: RevisionRecord | undefined,
): RouteResponse {
  const headers = {
    "content-type": "application/octet-stream",
    "content-disposition": contentDisposition(workflow.name),
  };
  if (revision?.packageBytes) return { status: 200, binary: revision.packageBytes, headers };
  const version = revision?.version ?? 1;
  if (state.packageBytes !== undefined) {
    const xml = workflowXml(workflow, version);
    return {
      status: 200,
      streamed: packageOfSize(workflow.fileName, xml, state.packageBytes),
      headers,
    };
  }
  const key = revision?.id ?? workflow.id;
  let bytes = state.packages.get(key);
  if (!bytes) {
    bytes = buildPackage(workflow, version);
    state.packages.set(key, bytes);
  }
  return { status: 200, binary: bytes, headers };
}

/**
 * Whether the download of this version must not cross Prism, which reads bodies whole as text:
 * any package of `packageBytes` (it is streamed), or an uploaded one above `maxPrismBytes`.
 */
export function packageSkipsPrism(
  state: GalleryState,
  revision: RevisionRecord | undefined,
  maxPrismBytes: number,
): boolean {
  const uploaded = revision?.packageBytes;
  if (uploaded) return uploaded.length > maxPrismBytes;
  return state.packageBytes !== undefined;
}

/**
 * Drops the built packages of a workflow's versions: a rename changes what they hold (the
 * workflow's name is in its XML).
 */
export function forgetPackages(state: GalleryState, workflow: WorkflowRecord): void {
  state.packages.delete(workflow.id);
  for (const revision of workflow.revisions) state.packages.delete(revision.id);
}
