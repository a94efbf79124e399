// What publishing a workflow means to the Gallery, shared by Admin v1 (POST /workflows/) and
// API v3 (POST /v3/workflows and its /versions): reading the multipart upload (the package in
// `file`, settings as text fields: form-data.ts), the zip check, and the new records. The
// refusals are InputErrors, which each API's router words in its own error shape.
import { galleryDate } from "./dataset/generation.js";
import type {
  RevisionRecord,
  RevisionV3Settings,
  UserRecord,
  WorkflowRecord,
} from "./dataset/records.js";
import { InputError } from "./input-error.js";
import { auditWorkflowChange } from "./routes/audit-log.js";
import type { GalleryState } from "./routes/route.js";

/** Reads an uploaded .yxzp package; a 400 when it is not a zip archive. */
export async function readPackage(file: File): Promise<Uint8Array> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  if (bytes.length < 4 || bytes[0] !== 0x50 || bytes[1] !== 0x4b) {
    throw new InputError("The uploaded file is not a .yxzp package (a zip archive).");
  }
  return bytes;
}

/** What a new version of a workflow is made of. */
export interface NewRevision {
  id: string;
  version: number;
  author: UserRecord;
  /** When it was uploaded (ms). */
  at: number;
  bytes: Uint8Array;
  executionMode: RevisionRecord["executionMode"];
  canDownload: boolean;
  comments: string | null;
  /** API v3's run-as settings (absent for an Admin v1 upload). */
  v3?: RevisionV3Settings;
}

/** The record of an uploaded version. */
export function newRevisionRecord(v: NewRevision): RevisionRecord {
  return {
    id: v.id,
    version: v.version,
    authorId: v.author.id,
    dateCreated: galleryDate(v.at),
    executionMode: v.executionMode,
    runCount: 0,
    downloadCount: 0,
    canDownload: v.canDownload,
    comments: v.comments,
    packageBytes: v.bytes,
    ...(v.v3 ? { v3: v.v3 } : {}),
  };
}

/** What a new workflow is made of besides its first version. */
export interface NewWorkflow {
  id: string;
  name: string;
  owner: UserRecord;
  /** The uploaded file's name ("blob" or empty when the client gave none). */
  uploadedFileName: string;
  revision: RevisionRecord;
  isPublic: boolean;
  workerTag: string | null;
  sourceId: string | null;
  /** The insert event's `newValues` (the audit log's too). */
  newValues: string;
}

/** The record of a newly uploaded workflow, its first version published. */
export function newWorkflowRecord(w: NewWorkflow): WorkflowRecord {
  const stamp = w.revision.dateCreated;
  return {
    id: w.id,
    name: w.name,
    description: "",
    author: `${w.owner.firstName} ${w.owner.lastName}`,
    packageType: 1,
    fileName:
      w.uploadedFileName && w.uploadedFileName !== "blob"
        ? w.uploadedFileName.replace(/\.yxzp$/i, ".yxmd")
        : `${w.name}.yxmd`,
    ownerId: w.owner.id,
    subscriptionId: w.owner.subscriptionId,
    isPublic: w.isPublic,
    dateMadePublic: w.isPublic ? stamp : null,
    runDisabled: false,
    runCount: 0,
    workerTag: w.workerTag,
    isChained: false,
    isE2: false,
    isDeleted: false,
    isReadyForMigration: false,
    revisions: [w.revision],
    publishedRevisionId: w.revision.id,
    collectionIds: [],
    lastRunDate: null,
    events: [
      {
        userId: w.owner.id,
        timestamp: stamp,
        event: "insert",
        oldValues: null,
        newValues: w.newValues,
      },
    ],
    sourceId: w.sourceId,
  };
}

/** Lists a new workflow from now on (both APIs, the id index) and audits its insert. */
export function addWorkflow(state: GalleryState, workflow: WorkflowRecord, at: number): void {
  state.data.workflows.push(workflow);
  state.index.workflowById.set(workflow.id, workflow);
  const insert = workflow.events[0];
  auditWorkflowChange(
    state,
    workflow,
    { event: "insert", oldValues: null, newValues: insert?.newValues ?? null },
    insert?.userId ?? workflow.ownerId,
    at,
  );
}
