// /v3/workflows: list (filters, view), upload, get, replace (and publish a version), delete,
// new versions (published when asked), package download and transfer. Workflows are the Admin
// v1 dataset's records: one uploaded here is listed and downloaded by Admin v1 too.

import { galleryDate } from "../../dataset/generation.js";
import type {
  RevisionRecord,
  RevisionV3Settings,
  UserRecord,
  WorkflowRecord,
} from "../../dataset/records.js";
import { readUploadForm } from "../../form-data.js";
import { auditWorkflowChange } from "../../routes/audit-log.js";
import { forgetPackages, packageResponse } from "../../routes/packages.js";
import { dateParam } from "../../routes/params.js";
import type { GalleryState, RouteRequest, RouteResponse } from "../../routes/route.js";
import {
  addWorkflow,
  newRevisionRecord,
  newWorkflowRecord,
  readPackage,
} from "../../workflow-upload.js";
import { boolParam, findCredential, findUser, findWorkflow, fullView } from "../lookup.js";
import { objectBody } from "../request-body.js";
import { v3BadRequest, v3Failure } from "../v3-error.js";
import { done, json, route, type V3Route } from "../v3-route.js";
import { reducedWorkflowView, workflowV3View } from "./workflow-views.js";

const EXECUTION_MODES = ["Safe", "SemiSafe", "Standard"] as const;
const CREDENTIAL_TYPES = ["Default", "Required", "Specific"] as const;
const VERSION_FIELDS = [
  "file",
  "name",
  "ownerId",
  "othersMayDownload",
  "othersCanExecute",
  "executionMode",
  "workflowCredentialType",
];

function oneOf<T extends string>(
  value: string | undefined,
  allowed: readonly T[],
  name: string,
): T {
  if (value === undefined || !(allowed as readonly string[]).includes(value)) {
    throw v3BadRequest(
      `The ${name} must be one of ${allowed.join(", ")}, not "${String(value).slice(0, 40)}".`,
    );
  }
  return value as T;
}

/** A JSON array of strings written as the text of a form field (districtTags, collectionIds). */
function jsonList(text: string | undefined, name: string): string[] {
  if (text === undefined || text.trim() === "") return [];
  try {
    const list = JSON.parse(text) as unknown;
    if (Array.isArray(list) && list.every((v) => typeof v === "string")) return list;
  } catch {}
  throw v3BadRequest(
    `The ${name} field must be a JSON array of strings as text, e.g. ["id1","id2"].`,
  );
}

/** Reads the version part of an upload form (POST /v3/workflows and its /versions). */
async function readVersion(r: RouteRequest, state: GalleryState, extra: readonly string[]) {
  const form = await readUploadForm(
    r,
    [...VERSION_FIELDS, ...extra],
    "the package in the file field and the settings as text fields",
  );
  const owner = findUser(state, form.text("ownerId") ?? "", "body");
  const name = (form.text("name") ?? "").trim();
  if (name === "") throw v3BadRequest("The name field must not be empty.");
  const credentialType = oneOf(
    form.text("workflowCredentialType"),
    CREDENTIAL_TYPES,
    "workflowCredentialType",
  );
  const credentialId = form.text("credentialId") || null;
  if (credentialType === "Specific") {
    if (!credentialId) throw v3BadRequest("workflowCredentialType Specific needs a credentialId.");
    findCredential(state, credentialId, "body");
  }
  const settings: RevisionV3Settings = {
    workflowCredentialType: credentialType,
    credentialId: credentialType === "Specific" ? credentialId : null,
    hasPrivateDataExemption: form.flag("hasPrivateDataExemption") ?? false,
    othersCanExecute: form.flag("othersCanExecute") ?? true,
    uploadSource: "ServerUIorServerAPI",
  };
  return {
    form,
    owner,
    name,
    bytes: await readPackage(form.file),
    executionMode: oneOf(form.text("executionMode"), EXECUTION_MODES, "executionMode"),
    othersMayDownload: form.flag("othersMayDownload") ?? true,
    comments: form.text("comments") ?? null,
    settings,
  };
}

type Version = Awaited<ReturnType<typeof readVersion>>;

function newRevision(state: GalleryState, v: Version, number: number, at: number): RevisionRecord {
  return newRevisionRecord({
    id: state.newId(at),
    version: number,
    author: v.owner,
    at,
    bytes: v.bytes,
    executionMode: v.executionMode,
    canDownload: v.othersMayDownload,
    comments: v.comments,
    v3: v.settings,
  });
}

async function upload(r: RouteRequest, state: GalleryState): Promise<RouteResponse> {
  const v = await readVersion(r, state, ["isPublic", "isReadyForMigration"]);
  const sourceId = v.form.text("sourceAppId") || null;
  if (
    sourceId &&
    state.data.workflows.some((w) => !w.isDeleted && (w.sourceId === sourceId || w.id === sourceId))
  ) {
    throw v3BadRequest(
      `The sourceAppId ${sourceId.slice(0, 40)} is already in use by another workflow.`,
    );
  }
  const collectionIds = jsonList(v.form.text("collectionIds"), "collectionIds");
  for (const id of collectionIds) {
    if (!state.index.collectionById.has(id))
      throw v3BadRequest(`No collection has the id "${id.slice(0, 40)}".`);
  }
  const at = state.now();
  const stamp = galleryDate(at);
  const revision = newRevision(state, v, 1, at);
  const isPublic = v.form.flag("isPublic") ?? false;
  const workflow: WorkflowRecord = {
    ...newWorkflowRecord({
      id: state.newId(at),
      name: v.name,
      owner: v.owner,
      uploadedFileName: v.form.file.name,
      revision,
      isPublic,
      workerTag: v.form.text("workerTag") || null,
      sourceId,
      newValues: JSON.stringify({ Name: v.name, OwnerId: v.owner.id, Version: 1 }),
    }),
    isReadyForMigration: v.form.flag("isReadyForMigration") ?? false,
    collectionIds,
    v3: {
      districtTags: jsonList(v.form.text("districtTags"), "districtTags"),
      othersCanExecute: v.settings.othersCanExecute,
      othersCanViewHistory: true,
      hasPrivateDataExemption: v.settings.hasPrivateDataExemption,
    },
  };
  addWorkflow(state, workflow, at);
  for (const id of collectionIds) {
    state.index.collectionById
      .get(id)
      ?.apps.push({ id: workflow.id, dateAdded: stamp, addedById: v.owner.id });
  }
  return json(workflow.id);
}

async function uploadVersion(
  r: RouteRequest,
  id: string,
  state: GalleryState,
): Promise<RouteResponse> {
  const workflow = findWorkflow(state, id);
  const v = await readVersion(r, state, ["makePublished"]);
  const at = state.now();
  const number = Math.max(0, ...workflow.revisions.map((x) => x.version)) + 1;
  const revision = newRevision(state, v, number, at);
  workflow.revisions.push(revision);
  workflow.name = v.name;
  if (v.form.flag("makePublished")) {
    workflow.publishedRevisionId = revision.id;
  }
  forgetPackages(state, workflow);
  auditWorkflowChange(
    state,
    workflow,
    { event: "update", oldValues: null, newValues: JSON.stringify({ Version: number }) },
    v.owner.id,
    at,
  );
  return json(workflowV3View(workflow));
}

function sameStudio(a: UserRecord, b: UserRecord): boolean {
  return a.subscriptionId === b.subscriptionId;
}

function update(r: RouteRequest, id: string, state: GalleryState): RouteResponse {
  const workflow = findWorkflow(state, id);
  const body = objectBody(r, [
    "name",
    "versionId",
    "makePublished",
    "ownerId",
    "workerTag",
    "districtTags",
    "comments",
    "isPublic",
    "isReadyForMigration",
    "othersMayDownload",
    "othersCanExecute",
    "executionMode",
    "workflowCredentialType",
    "credentialId",
  ]);
  const version = workflow.revisions.find((x) => x.id === body.string("versionId"));
  if (!version) {
    throw v3BadRequest(
      `The workflow ${workflow.id} has no version "${String(body.string("versionId")).slice(0, 40)}"; GET /v3/workflows/${workflow.id} lists them.`,
    );
  }
  const owner = findUser(state, body.string("ownerId") ?? "", "body");
  const current = state.index.userById.get(workflow.ownerId);
  if (current && owner.id !== current.id && !sameStudio(owner, current)) {
    throw v3BadRequest(
      `The new owner is in another subscription (studio); use PUT /v3/workflows/${workflow.id}/transfer.`,
    );
  }
  const credentialType = oneOf(
    body.string("workflowCredentialType"),
    CREDENTIAL_TYPES,
    "workflowCredentialType",
  );
  const credentialId = body.string("credentialId") || null;
  if (credentialType === "Specific") findCredential(state, credentialId ?? "", "body");
  const name = (body.string("name") ?? "").trim();
  if (name === "") throw v3BadRequest("The name must not be empty.");
  workflow.name = name;
  workflow.ownerId = owner.id;
  workflow.workerTag = body.string("workerTag") || null;
  if (body.boolean("isPublic") && !workflow.isPublic)
    workflow.dateMadePublic = galleryDate(state.now());
  workflow.isPublic = body.boolean("isPublic") ?? workflow.isPublic;
  workflow.isReadyForMigration =
    body.boolean("isReadyForMigration") ?? workflow.isReadyForMigration;
  workflow.v3 = {
    districtTags: body.strings("districtTags") ?? [],
    othersCanExecute: body.boolean("othersCanExecute") ?? true,
    othersCanViewHistory: body.boolean("othersCanViewHistory") ?? true,
    hasPrivateDataExemption: body.boolean("hasPrivateDataExemption") ?? false,
  };
  version.comments = body.string("comments") ?? version.comments;
  version.canDownload = body.boolean("othersMayDownload") ?? version.canDownload;
  version.executionMode = oneOf(body.string("executionMode"), EXECUTION_MODES, "executionMode");
  version.v3 = {
    ...(version.v3 ?? { uploadSource: "Designer", othersCanExecute: true }),
    workflowCredentialType: credentialType,
    credentialId: credentialType === "Specific" ? credentialId : null,
    hasPrivateDataExemption: workflow.v3.hasPrivateDataExemption,
    othersCanExecute: workflow.v3.othersCanExecute,
  };
  if (body.boolean("makePublished")) {
    workflow.publishedRevisionId = version.id;
  }
  forgetPackages(state, workflow);
  return json(workflowV3View(workflow));
}

/** The version a v3 download asks for: `versionId`, or the published one. */
export function downloadRevision(
  workflow: WorkflowRecord,
  versionId: string | null,
): RevisionRecord | undefined {
  const id = versionId ?? workflow.publishedRevisionId;
  return workflow.revisions.find((x) => x.id === id);
}

/** The package of a version (the shared download: packages.ts), once its owner allows it. */
function packageAnswer(
  state: GalleryState,
  workflow: WorkflowRecord,
  versionId: string | null,
): RouteResponse {
  const revision = downloadRevision(workflow, versionId);
  if (!revision) {
    throw v3BadRequest(
      `The workflow ${workflow.id} has no version "${String(versionId).slice(0, 40)}".`,
    );
  }
  if (!revision.canDownload) {
    throw v3Failure(
      403,
      `The owner of workflow ${workflow.id} does not allow downloads of this version.`,
    );
  }
  revision.downloadCount++;
  return packageResponse(state, workflow, revision);
}

/** The workflow routes (jobs and questions: workflow-jobs.ts). */
export const workflowsV3Routes: V3Route[] = [
  route("GET", "/v3/workflows", (r, _p, state) => {
    const full = fullView(r.query);
    const name = r.query.get("name")?.toLowerCase() || undefined;
    const ownerId = r.query.get("ownerId") || undefined;
    const after = dateParam(r.query, "createdAfter");
    const before = dateParam(r.query, "createdBefore");
    const list = state.data.workflows.filter((w) => {
      if (w.isDeleted) return false;
      const created = Date.parse(w.revisions[0]?.dateCreated ?? "");
      return (
        (name === undefined || w.name.toLowerCase().includes(name)) &&
        (ownerId === undefined || w.ownerId === ownerId) &&
        (after === undefined || created >= after) &&
        (before === undefined || created <= before)
      );
    });
    return json(list.map((w) => (full ? workflowV3View(w) : reducedWorkflowView(w))));
  }),
  route("POST", "/v3/workflows", (r, _p, state) => upload(r, state)),
  route("GET", "/v3/workflows/{workflowId}", (_r, { workflowId = "" }, state) =>
    json(workflowV3View(findWorkflow(state, workflowId))),
  ),
  route("PUT", "/v3/workflows/{workflowId}", (r, { workflowId = "" }, state) =>
    update(r, workflowId, state),
  ),
  route("DELETE", "/v3/workflows/{workflowId}", (r, { workflowId = "" }, state) => {
    const workflow = findWorkflow(state, workflowId);
    const schedules = state.data.schedules.filter((s) => s.workflowId === workflow.id);
    if (schedules.length > 0 && !boolParam(r.query, "force")) {
      throw v3BadRequest(
        `The workflow ${workflow.id} has ${schedules.length} schedule(s); delete them, or pass force=true.`,
      );
    }
    state.data.schedules = state.data.schedules.filter((s) => s.workflowId !== workflow.id);
    const scheduleIds = new Set(schedules.map((s) => s.id));
    for (const c of state.data.collections) {
      c.apps = c.apps.filter((a) => a.id !== workflow.id);
      c.schedules = c.schedules.filter((s) => !scheduleIds.has(s.id));
    }
    workflow.isDeleted = true;
    workflow.collectionIds = [];
    return done();
  }),
  route("POST", "/v3/workflows/{workflowId}/versions", (r, { workflowId = "" }, state) =>
    uploadVersion(r, workflowId, state),
  ),
  route("GET", "/v3/workflows/{workflowId}/package", (r, { workflowId = "" }, state) =>
    packageAnswer(state, findWorkflow(state, workflowId), r.query.get("versionId") || null),
  ),
  route("PUT", "/v3/workflows/{workflowId}/transfer", (r, { workflowId = "" }, state) => {
    const workflow = findWorkflow(state, workflowId);
    const body = objectBody(r, ["ownerId", "transferSchedules"]);
    const owner = findUser(state, body.string("ownerId") ?? "", "body");
    if (!owner.active)
      throw v3BadRequest(`The new owner ${owner.id} is inactive; choose an active user.`);
    const previous = workflow.ownerId;
    workflow.ownerId = owner.id;
    workflow.subscriptionId = owner.subscriptionId;
    if (body.boolean("transferSchedules")) {
      for (const s of state.data.schedules) {
        if (s.workflowId === workflow.id && s.ownerId === previous) s.ownerId = owner.id;
      }
    }
    return done();
  }),
];
