// Shapes dataset records into the spec's response schemas (field names and key order as the
// Gallery sends them). Prism validates every one of these against openapi/admin-v1.yaml.
import type {
  AuditEventRecord,
  CollectionRecord,
  DataConnectionRecord,
  Dataset,
  InsightRecord,
  JobRecord,
  ScheduleRecord,
  SubscriptionRecord,
  UserRecord,
  WorkflowRecord,
} from "./dataset/records.js";

const PACKAGE_TYPE_NAMES = ["App", "Module", "Macro"];

/** Lookups the views need; built once per dataset and kept in sync by the routes. */
export interface Index {
  userById: Map<string, UserRecord>;
  subscriptionById: Map<string, SubscriptionRecord>;
  workflowById: Map<string, WorkflowRecord>;
  collectionById: Map<string, CollectionRecord>;
}

/** Builds the id lookups of a dataset. */
export function buildIndex(data: Dataset): Index {
  return {
    userById: new Map(data.users.map((u) => [u.id, u])),
    subscriptionById: new Map(data.subscriptions.map((s) => [s.id, s])),
    workflowById: new Map(data.workflows.map((w) => [w.id, w])),
    collectionById: new Map(data.collections.map((c) => [c.id, c])),
  };
}

/** DeprecatedAdminApiUserView */
export function userView(u: UserRecord) {
  return {
    accountLocked: u.accountLocked,
    accountLockedAt: u.accountLockedAt,
    active: u.active,
    anonymous: false,
    canSchedule: u.canSchedule,
    canSetPriority: u.canSetPriority,
    canSetWorkerAssignment: u.canSetWorkerAssignment,
    curator: u.curator,
    dateAdded: u.dateAdded,
    dateUpdated: u.dateUpdated,
    email: u.email,
    expirationDate: u.expirationDate,
    firstName: u.firstName,
    lastName: u.lastName,
    numFailedLogins: u.numFailedLogins,
    pending: u.pending,
    subscriptionId: u.subscriptionId,
    updateLastLoginDate: u.lastLogin,
    userProfile: { picture: null, iconId: null },
    validated: u.validated,
    timezone: u.timezone,
    language: u.language,
    id: u.id,
  };
}

/** DeprecatedAdminApiSubscriptionView */
export function subscriptionView(s: SubscriptionRecord) {
  return {
    active: s.active,
    expirationDate: s.expirationDate,
    memberPassesPurchased: s.memberPassesPurchased,
    memberPassesUsed: s.memberPassesUsed,
    name: s.name,
    primaryContactInfo: s.contact,
    id: s.id,
  };
}

function permissions(isAdmin: boolean, canAdd: boolean) {
  return {
    collection: { isAdmin },
    applications: { canUpdate: isAdmin, canAdd: isAdmin || canAdd, canRemove: isAdmin },
    users: { canAdd: isAdmin, canRemove: isAdmin },
  };
}

/** Collection */
export function collectionView(c: CollectionRecord) {
  return {
    collectionId: c.id,
    name: c.name,
    ownerId: c.ownerId,
    dateAdded: c.dateAdded,
    apps: c.apps.map((s) => ({ appId: s.id, dateAdded: s.dateAdded, addedById: s.addedById })),
    schedules: c.schedules.map((s) => ({
      scheduleId: s.id,
      dateAdded: s.dateAdded,
      addedById: s.addedById,
    })),
    insights: c.insights.map((s) => ({
      insightId: s.id,
      dateAdded: s.dateAdded,
      addedById: s.addedById,
    })),
    users: c.users.map((s) => ({
      userId: s.id,
      dateAdded: s.dateAdded,
      addedById: s.addedById,
      activeDirectoryObject: null,
      expirationDate: null,
      permissions: permissions(s.isAdmin, s.canAdd),
    })),
    subscriptions: c.subscriptions.map((s) => ({
      subscriptionId: s.id,
      dateAdded: s.dateAdded,
      addedById: s.addedById,
      expirationDate: null,
      optOutUsers: [],
      permissions: permissions(false, s.canAdd),
    })),
    userGroups: [],
    id: c.id,
  };
}

/** ScheduleView */
export function scheduleView(s: ScheduleRecord, index: Index) {
  const workflow = index.workflowById.get(s.workflowId);
  const owner = index.userById.get(s.ownerId);
  return {
    canEdit: true,
    id: s.id,
    application: workflow
      ? {
          canExecute: !workflow.runDisabled,
          amp: workflow.isE2,
          id: workflow.id,
          revisionId: workflow.publishedRevisionId,
          name: workflow.name,
          iconId: null,
        }
      : null,
    owner: owner
      ? {
          id: owner.id,
          role: owner.curator ? "Curator" : "Artisan",
          firstName: owner.firstName,
          lastName: owner.lastName,
          email: owner.email,
          sortName: `${owner.lastName}, ${owner.firstName}`,
          isActive: owner.active,
          credentialWorkFlowCount: 0,
        }
      : null,
    name: s.name,
    comment: s.comment,
    enabled: s.enabled,
    priority: s.priority,
    workerTag: s.workerTag,
    status: s.lastError ? "Error" : s.enabled ? "Active" : "Disabled",
    credential: null,
    creationTime: s.creationTime,
    lastRunTime: s.lastRunTime,
    nextRunTime: s.nextRunTime,
    state: s.enabled ? "Enabled" : "Disabled",
    runCount: s.runCount,
    iteration: { startTime: s.creationTime, endTime: null },
    frequency: s.frequency,
    timezone: s.timezone,
    lastError: s.lastError,
    cpuName: s.cpuName,
    lastModifiedId: s.ownerId,
    lastModifiedDate: s.creationTime,
  };
}

/** DeprecatedInsightMetaInfo (the owner is the full DeprecatedUserBaseModel, secrets nulled). */
export function insightView(i: InsightRecord, index: Index) {
  const o = index.userById.get(i.ownerId);
  return {
    owner: o
      ? {
          curator: o.curator,
          anonymous: false,
          licenseCurator: false,
          sponsor: null,
          email: o.email,
          firstName: o.firstName,
          lastName: o.lastName,
          dateAdded: o.dateAdded,
          dateUpdated: o.dateUpdated,
          dateTermsAgreed: o.dateAdded,
          validated: o.validated,
          pending: o.pending,
          active: o.active,
          apiEnabled: o.curator,
          apiKey: null,
          apiSecret: null,
          securityInfo: null,
          numFailedLogins: o.numFailedLogins,
          accountLocked: o.accountLocked,
          accountLockedAt: o.accountLockedAt,
          userProfile: { picture: null, iconId: null },
          subscriptionId: o.subscriptionId,
          leadSourceDetail: null,
          industry: null,
          options: {},
          referrer: null,
          expirationDate: o.expirationDate,
          expDate: null,
          updateLastLoginDate: o.lastLogin,
          sId: o.sId,
          defaultCredential: null,
          credentials: [],
          dataConnections: [],
          canSchedule: o.canSchedule,
          canSetPriority: o.canSetPriority,
          canSetWorkerAssignment: o.canSetWorkerAssignment,
          recaptchaResponse: null,
          timezone: o.timezone,
          canCreateCollections: o.curator,
          id: o.id,
        }
      : null,
    insightId: i.id,
    name: i.name,
    lastUpdated: i.lastUpdated,
    ownerId: i.ownerId,
    iconId: null,
    id: i.id,
  };
}

/** DataConnectionSearchView */
export function serverDataConnectionView(c: DataConnectionRecord) {
  return {
    subscriptionCount: c.subscriptionCount,
    userCount: c.userIds.length,
    userGroupCount: c.userGroupIds.length,
    userIds: c.userIds,
    userGroupIds: c.userGroupIds,
    connectionId: c.connectionId,
    connectionString: c.connectionString,
    connectionName: c.connectionName,
    connectionType: c.connectionType,
  };
}

/** DataConnectionSummaryView */
export function systemDataConnectionView(c: DataConnectionRecord) {
  return {
    connectionId: c.connectionId,
    connectionString: c.connectionString,
    connectionName: c.connectionName,
    connectionType: c.connectionType,
  };
}

/** The published revision of a workflow. */
/**
 * A workflow's meta info (Admin v1 `metaInfo`, Server API v3 `details` of a version), with the
 * copyright year of `dateCreated`.
 */
export function metaInfo(w: WorkflowRecord, dateCreated: string | undefined) {
  return {
    author: w.author,
    copyright: w.author ? `Copyright ${dateCreated?.slice(0, 4)}` : "",
    description: w.description,
    name: w.name,
    noOutputFilesMessage: "",
    outputMessage: "",
    url: "",
    urlText: "",
  };
}

export function publishedRevision(w: WorkflowRecord) {
  return w.revisions.find((r) => r.id === w.publishedRevisionId) ?? w.revisions.at(-1);
}

/** WorkflowAdminApiView (key order as seen on 2018.4). */
export function workflowView(w: WorkflowRecord, index: Index) {
  const revision = publishedRevision(w);
  const owner = index.userById.get(w.ownerId);
  return {
    fileName: w.fileName,
    id: w.id,
    isChained: w.isChained,
    metaInfo: metaInfo(w, w.revisions[0]?.dateCreated),
    packageType: w.packageType,
    public: w.isPublic,
    runCount: w.runCount,
    runDisabled: w.runDisabled,
    subscriptionId: w.subscriptionId,
    uploadDate: revision?.dateCreated ?? null,
    version: revision?.version ?? 1,
    workerTag: w.workerTag,
    isE2: w.isE2,
    collections: w.collectionIds.map((id) => ({
      collectionName: index.collectionById.get(id)?.name ?? null,
      collectionId: id,
    })),
    lastRunDate: w.lastRunDate,
    publishedVersionId: revision?.id ?? null,
    publishedVersionNumber: revision?.version ?? null,
    publishedVersionOwner: owner
      ? {
          id: owner.id,
          firstName: owner.firstName,
          lastName: owner.lastName,
          sId: owner.sId,
          subscriptionId: owner.subscriptionId,
          email: owner.email,
          active: owner.active,
        }
      : null,
    subscriptionName: index.subscriptionById.get(w.subscriptionId)?.name ?? null,
  };
}

function wfaUser(id: string, index: Index) {
  const u = index.userById.get(id);
  if (!u) return null;
  const s = index.subscriptionById.get(u.subscriptionId);
  return {
    id: u.id,
    firstName: u.firstName,
    lastName: u.lastName,
    email: u.email,
    subscription: s ? { id: s.id, name: s.name } : null,
  };
}

/** WorkflowAllAdminApiView */
export function workflowAllView(w: WorkflowRecord, index: Index) {
  const s = index.subscriptionById.get(w.subscriptionId);
  return {
    id: w.id,
    revisions: w.revisions.map((r) => ({
      id: r.id,
      version: r.version,
      author: wfaUser(r.authorId, index),
      dateCreated: r.dateCreated,
      executionMode: r.executionMode,
      isChunkedPackage: false,
      runCount: r.runCount,
      downloadCount: r.downloadCount,
      packageType: PACKAGE_TYPE_NAMES[w.packageType] ?? null,
      hasPrivateDataExemption: false,
      uploadDate: r.dateCreated,
      credentialType: "Default",
      isE2: w.isE2,
      canDownload: r.canDownload,
      allowVersionHistory: true,
      showVersionHistory: true,
      applications: [{ name: w.name, filename: w.fileName, nextApp: null }],
      comments: r.comments,
    })),
    creator: wfaUser(w.ownerId, index),
    subscription: s ? { id: s.id, name: s.name } : null,
    events: w.events.map((e) => ({
      user: wfaUser(e.userId, index),
      timestamp: e.timestamp,
      event: e.event,
      oldValues: e.oldValues,
      newValues: e.newValues,
    })),
    runDisabled: w.runDisabled,
    isPublic: w.isPublic,
    dateMadePublic: w.dateMadePublic,
    isDeleted: w.isDeleted,
    runCount: w.runCount,
    iconId: null,
    workerTag: w.workerTag,
    isReadyForMigration: w.isReadyForMigration,
  };
}

/** JobApiView */
export function jobView(j: JobRecord, includeMessages: boolean) {
  return {
    id: j.id,
    appId: j.appId,
    createDate: j.createDate,
    status: j.status,
    disposition: j.disposition,
    outputs: j.outputs,
    messages: includeMessages ? j.messages : [],
    priority: j.priority,
    workerTag: j.workerTag,
    runWithE2: j.runWithE2,
  };
}

/** MigratableWorkflowView */
export function migratableView(w: WorkflowRecord) {
  return {
    id: w.id,
    publishedVersionId: publishedRevision(w)?.id ?? null,
    subscriptionId: w.subscriptionId,
  };
}

/** AuditEvent */
export function auditEventView(e: AuditEventRecord) {
  return {
    id: e.id,
    entity: e.entity,
    entityId: e.entityId,
    userId: e.userId,
    timestamp: e.timestamp,
    event: e.event,
    oldValues: e.oldValues,
    newValues: e.newValues,
  };
}
