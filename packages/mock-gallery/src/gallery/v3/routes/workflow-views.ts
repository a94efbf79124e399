// The v3 shapes of a workflow: ReducedWorkflowView, WorkflowView and its versions.
import type { RevisionRecord, WorkflowRecord } from "../../dataset/records.js";
import { metaInfo, publishedRevision } from "../../views.js";

const PACKAGE_TYPES = ["App", "Module", "Macro"] as const;

/** The package type's name (App, Module, Macro). */
export function packageWorkflowType(w: WorkflowRecord): (typeof PACKAGE_TYPES)[number] {
  return PACKAGE_TYPES[w.packageType] ?? "Module";
}

function settings(w: WorkflowRecord) {
  return (
    w.v3 ?? {
      districtTags: [],
      othersCanExecute: true,
      othersCanViewHistory: true,
      hasPrivateDataExemption: false,
    }
  );
}

function revisionSettings(r: RevisionRecord) {
  return (
    r.v3 ?? {
      workflowCredentialType: "Default" as const,
      credentialId: null,
      hasPrivateDataExemption: false,
      othersCanExecute: true,
      uploadSource: "Designer" as const,
    }
  );
}

/** ReducedWorkflowView */
export function reducedWorkflowView(w: WorkflowRecord) {
  const published = publishedRevision(w);
  return {
    id: w.id,
    sourceAppId: w.sourceId,
    name: w.name,
    ownerId: w.ownerId,
    dateCreated: w.revisions[0]?.dateCreated ?? published?.dateCreated ?? "",
    publishedVersionNumber: published?.version ?? 1,
    isAmp: w.isE2,
    executionMode: published?.executionMode ?? "Standard",
  };
}

/** WorkflowVersionView */
function versionView(w: WorkflowRecord, r: RevisionRecord) {
  const s = revisionSettings(r);
  return {
    versionId: r.id,
    versionNumber: r.version,
    dateCreated: r.dateCreated,
    uploadSource: s.uploadSource,
    uploadDate: r.dateCreated,
    packageWorkflowType: packageWorkflowType(w),
    published: r.id === w.publishedRevisionId,
    comments: r.comments,
    runDisabled: w.runDisabled,
    executionMode: r.executionMode,
    workflowCredentialType: s.workflowCredentialType,
    credentialId: s.credentialId,
    hasPrivateDataExemption: s.hasPrivateDataExemption,
    othersMayDownload: r.canDownload,
    othersCanViewHistory: settings(w).othersCanViewHistory,
    details: { isAmp: w.isE2, fileName: w.fileName, ...metaInfo(w, r.dateCreated) },
  };
}

/** WorkflowView */
export function workflowV3View(w: WorkflowRecord) {
  const published = publishedRevision(w);
  const s = settings(w);
  return {
    id: w.id,
    sourceAppId: w.sourceId,
    dateCreated: w.revisions[0]?.dateCreated ?? "",
    runCount: w.runCount,
    versions: w.revisions.map((r) => versionView(w, r)),
    name: w.name,
    ownerId: w.ownerId,
    workerTag: w.workerTag,
    districtTags: s.districtTags,
    comments: published?.comments ?? null,
    isPublic: w.isPublic,
    isReadyForMigration: w.isReadyForMigration,
    publishedVersionId: published?.id ?? null,
    othersMayDownload: published?.canDownload ?? true,
    othersCanViewHistory: s.othersCanViewHistory,
    othersCanExecute: s.othersCanExecute,
    executionMode: published?.executionMode ?? "Standard",
    hasPrivateDataExemption: s.hasPrivateDataExemption,
    packageWorkflowType: packageWorkflowType(w),
  };
}
