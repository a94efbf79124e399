// POST /workflows/: publish a package (multipart: file, name, owner, validate, isPublic, and
// optional sourceId, workerTag, canDownload, comments). Stores it, lists the workflow from then
// on, audits the insert, and answers the new id as a JSON string.
import { badRequest, galleryError } from "../../gallery-error.js";
import type { UserRecord } from "../dataset/records.js";
import { readUploadForm } from "../form-data.js";
import {
  addWorkflow,
  newRevisionRecord,
  newWorkflowRecord,
  readPackage,
} from "../workflow-upload.js";
import { truncate } from "./params.js";
import {
  type GalleryState,
  ok,
  type Route,
  type RouteRequest,
  type RouteResponse,
} from "./route.js";

const REQUIRED = ["file", "name", "owner", "validate", "isPublic"];

/** The publish route. */
export const publishRoutes: Route[] = [
  { method: "POST", path: "/workflows/", handle: (r, _params, state) => publish(r, state) },
];

async function publish(r: RouteRequest, state: GalleryState): Promise<RouteResponse> {
  const upload = await readUploadForm(
    r,
    REQUIRED,
    "the fields file, name, owner, validate and isPublic as multipart/form-data",
  );
  const bytes = await readPackage(upload.file);
  const name = (upload.text("name") ?? "").trim();
  if (name === "") throw badRequest("The name field must not be empty.");
  const owner = findOwner(state, upload.text("owner") ?? "");
  // Read (and checked) even where unused, as the Gallery does.
  upload.flag("validate");
  const isPublic = upload.flag("isPublic") ?? false;
  const canDownload = upload.flag("canDownload") ?? true;
  const at = state.now();
  const id = state.newId(at);
  const sourceId = upload.text("sourceId") || null;
  const workflow = newWorkflowRecord({
    id,
    name,
    owner,
    uploadedFileName: upload.file.name,
    revision: newRevisionRecord({
      id: state.newId(at),
      version: 1,
      author: owner,
      at,
      bytes,
      executionMode: "Standard",
      canDownload,
      comments: upload.text("comments") ?? null,
    }),
    isPublic,
    workerTag: upload.text("workerTag") || null,
    sourceId,
    newValues: JSON.stringify({
      Name: name,
      OwnerId: owner.id,
      Version: 1,
      ...(sourceId ? { SourceId: sourceId } : {}),
    }),
  });
  addWorkflow(state, workflow, at);
  return ok(workflow.id);
}

function findOwner(state: GalleryState, email: string): UserRecord {
  const ownerEmail = email.trim().toLowerCase();
  const owner = state.data.users.find((u) => u.email.toLowerCase() === ownerEmail);
  if (!owner) {
    throw galleryError(
      400,
      "ArgumentException",
      `The owner ${truncate(ownerEmail)} is not a user of this Gallery.`,
      "Pass the email of an existing user (GET /users/ lists them).",
    );
  }
  return owner;
}
