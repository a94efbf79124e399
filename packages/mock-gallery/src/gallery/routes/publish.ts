// POST /workflows/: publish a package (multipart: file, name, owner, validate, isPublic, and
// optional sourceId, workerTag, canDownload, comments). Stores it, lists the workflow from then
// on, audits the insert, and answers the new id as a JSON string.
import { badRequest, galleryError } from "../../gallery-error.js";
import { galleryDate } from "../dataset/generation.js";
import type { UserRecord, WorkflowRecord } from "../dataset/records.js";
import { parseFormData } from "../form-data.js";
import { auditWorkflowChange } from "./audit-log.js";
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

/** What a valid upload says. */
interface Upload {
  form: FormData;
  file: File;
  bytes: Uint8Array;
  name: string;
  owner: UserRecord;
  flags: Record<string, boolean>;
}

async function publish(r: RouteRequest, state: GalleryState): Promise<RouteResponse> {
  const upload = await readUpload(r, state);
  const at = state.now();
  const workflow = newWorkflow(upload, state.newId(at), state.newId(at), galleryDate(at));
  state.data.workflows.push(workflow);
  state.index.workflowById.set(workflow.id, workflow);
  const newValues = workflow.events[0]?.newValues ?? null;
  auditWorkflowChange(
    state,
    workflow,
    { event: "insert", oldValues: null, newValues },
    upload.owner.id,
    at,
  );
  return ok(workflow.id);
}

/** Reads and checks the multipart upload; every mistake is a 400 that names it. */
async function readUpload(r: RouteRequest, state: GalleryState): Promise<Upload> {
  const form = await parseFormData(r.contentType ?? "", r.body);
  if (!form) {
    throw badRequest(
      "The body is not a valid multipart/form-data upload. Send the fields file, name, owner, validate and isPublic as multipart/form-data.",
    );
  }
  const missing = REQUIRED.filter((f) => !form.has(f));
  if (missing.length > 0) {
    throw badRequest(`Missing required form field(s): ${missing.join(", ")}.`);
  }
  const file = form.get("file");
  if (typeof file === "string" || file === null) {
    throw badRequest("The file field must be a file upload (the .yxzp package).");
  }
  const bytes = new Uint8Array(await file.arrayBuffer());
  if (bytes.length < 4 || bytes[0] !== 0x50 || bytes[1] !== 0x4b) {
    throw badRequest("The uploaded file is not a .yxzp package (a zip archive).");
  }
  const name = String(form.get("name")).trim();
  if (name === "") throw badRequest("The name field must not be empty.");
  const owner = findOwner(state, String(form.get("owner")));
  return { form, file, bytes, name, owner, flags: booleanFlags(form) };
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

function booleanFlags(form: FormData): Record<string, boolean> {
  const flags: Record<string, boolean> = {};
  for (const field of ["validate", "isPublic", "canDownload"]) {
    const value = form.get(field);
    if (value === null) continue;
    const text = String(value).toLowerCase();
    if (text !== "true" && text !== "false") {
      throw badRequest(
        `The ${field} field must be true or false, not "${truncate(String(value))}".`,
      );
    }
    flags[field] = text === "true";
  }
  return flags;
}

function newWorkflow(
  { form, file, bytes, name, owner, flags }: Upload,
  id: string,
  revisionId: string,
  stamp: string,
): WorkflowRecord {
  const text = (field: string) => {
    const value = form.get(field);
    return typeof value === "string" ? value : undefined;
  };
  const sourceId = text("sourceId") || null;
  return {
    id,
    name,
    description: "",
    author: `${owner.firstName} ${owner.lastName}`,
    packageType: 1,
    fileName:
      file.name && file.name !== "blob" ? file.name.replace(/\.yxzp$/i, ".yxmd") : `${name}.yxmd`,
    ownerId: owner.id,
    subscriptionId: owner.subscriptionId,
    isPublic: flags.isPublic ?? false,
    dateMadePublic: flags.isPublic ? stamp : null,
    runDisabled: false,
    runCount: 0,
    workerTag: text("workerTag") || null,
    isChained: false,
    isE2: false,
    isDeleted: false,
    isReadyForMigration: false,
    revisions: [
      {
        id: revisionId,
        version: 1,
        authorId: owner.id,
        dateCreated: stamp,
        executionMode: "Standard",
        runCount: 0,
        downloadCount: 0,
        canDownload: flags.canDownload ?? true,
        comments: text("comments") ?? null,
        packageBytes: bytes,
      },
    ],
    publishedRevisionId: revisionId,
    collectionIds: [],
    lastRunDate: null,
    events: [
      {
        userId: owner.id,
        timestamp: stamp,
        event: "insert",
        oldValues: null,
        newValues: JSON.stringify({
          Name: name,
          OwnerId: owner.id,
          Version: 1,
          ...(sourceId ? { SourceId: sourceId } : {}),
        }),
      },
    ],
    sourceId,
  };
}
