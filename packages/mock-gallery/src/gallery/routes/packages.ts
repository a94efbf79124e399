// GET /{appId}/package/: the workflow's .yxzp. An uploaded package comes back as uploaded; a
// seeded one is a small real zip built on first download, or, with `packageBytes`, a package
// of that size generated while it is sent.
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
    handle: (_r, { appId = "" }, state) => download(state, appId),
  },
];

function download(state: GalleryState, appId: string): RouteResponse {
  const workflow = findWorkflow(state, appId);
  const revision = publishedRevision(workflow);
  const headers = {
    "content-type": "application/octet-stream",
    "content-disposition": contentDisposition(workflow.name),
  };
  if (state.packageBytes !== undefined && !revision?.packageBytes) {
    const xml = workflowXml(workflow, revision?.version ?? 1);
    return {
      status: 200,
      streamed: packageOfSize(workflow.fileName, xml, state.packageBytes),
      headers,
    };
  }
  let bytes = revision?.packageBytes ?? state.packages.get(workflow.id);
  if (!bytes) {
    bytes = buildPackage(workflow, revision?.version ?? 1);
    state.packages.set(workflow.id, bytes);
  }
  return { status: 200, binary: bytes, headers };
}
