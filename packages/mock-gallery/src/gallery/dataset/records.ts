// The records of the in-memory Gallery, kept close to the spec's views (views.ts shapes them).
/** A subscription (studio). */
export interface SubscriptionRecord {
  id: string;
  name: string;
  active: boolean;
  expirationDate: string | null;
  memberPassesPurchased: number;
  memberPassesUsed: number;
  contact: {
    name: string;
    email: string;
    company: string;
    address: {
      country: string;
      addressLine1: string;
      addressLine2: string | null;
      city: string;
      state: string | null;
      postalCode: string;
    };
  } | null;
  dateAdded: string;
  /** The default run-as credential (API v3 only). */
  credentialId?: string | null;
  /** Whether its users may share schedules (API v3 only; default true). */
  canShareSchedules?: boolean;
}

/** A Gallery user. */
export interface UserRecord {
  id: string;
  firstName: string;
  lastName: string;
  email: string;
  subscriptionId: string;
  curator: boolean;
  active: boolean;
  accountLocked: boolean;
  accountLockedAt: string | null;
  canSchedule: boolean;
  canSetPriority: boolean;
  canSetWorkerAssignment: boolean;
  dateAdded: string;
  dateUpdated: string;
  expirationDate: string | null;
  numFailedLogins: number;
  pending: boolean;
  validated: boolean;
  lastLogin: string | null;
  timezone: string;
  language: string;
  sId: string | null;
  /**
   * Server API v3 settings, set by v3 writes (seeded users derive theirs: userSettings in
   * v3/routes/users.ts).
   */
  v3?: UserV3Settings;
}

/** The v3 role of a user (UserRole in server-v3.yaml). */
export type UserRole = "NoAccess" | "Viewer" | "Member" | "Artisan" | "Curator" | "Evaluated";

/** What API v3 knows of a user beyond the Admin v1 record. */
export interface UserV3Settings {
  role: UserRole;
  defaultWorkerTag: string | null;
  canCreateCollections: boolean;
  isApiEnabled: boolean;
  defaultCredentialId: string | null;
  canCreateAndUpdateDcm: boolean;
  canShareForExecutionDcm: boolean;
  canShareForCollaborationDcm: boolean;
  canManageGenericVaultsDcm: boolean;
}

/** One uploaded version of a workflow. */
export interface RevisionRecord {
  id: string;
  version: number;
  authorId: string;
  dateCreated: string;
  executionMode: "Safe" | "SemiSafe" | "Standard";
  runCount: number;
  downloadCount: number;
  canDownload: boolean;
  comments: string | null;
  /** The uploaded package, for published workflows; generated on demand otherwise. */
  packageBytes?: Uint8Array;
  /** Run-as settings of a version uploaded through API v3 (seeded versions: Default). */
  v3?: RevisionV3Settings;
}

/** What API v3 records of an uploaded version. */
export interface RevisionV3Settings {
  workflowCredentialType: "Default" | "Required" | "Specific";
  credentialId: string | null;
  hasPrivateDataExemption: boolean;
  othersCanExecute: boolean;
  uploadSource: "Designer" | "ServerUIorServerAPI";
}

/** A workflow change event (as /workflows/all/ lists them). */
export interface WorkflowEventRecord {
  userId: string;
  timestamp: string;
  event: "insert" | "update" | "delete";
  oldValues: string | null;
  newValues: string | null;
}

/** A workflow, app or macro. */
export interface WorkflowRecord {
  id: string;
  name: string;
  description: string;
  author: string;
  packageType: 0 | 1 | 2;
  fileName: string;
  ownerId: string;
  subscriptionId: string;
  isPublic: boolean;
  dateMadePublic: string | null;
  runDisabled: boolean;
  runCount: number;
  workerTag: string | null;
  isChained: boolean;
  isE2: boolean;
  isDeleted: boolean;
  isReadyForMigration: boolean;
  revisions: RevisionRecord[];
  publishedRevisionId: string;
  collectionIds: string[];
  lastRunDate: string | null;
  events: WorkflowEventRecord[];
  sourceId: string | null;
  /** Settings only API v3 writes (absent: the v3 defaults). */
  v3?: WorkflowV3Settings;
}

/** What API v3 records of a workflow beyond the Admin v1 record. */
export interface WorkflowV3Settings {
  districtTags: string[];
  othersCanExecute: boolean;
  othersCanViewHistory: boolean;
  hasPrivateDataExemption: boolean;
}

/** A schedule of a workflow. */
export interface ScheduleRecord {
  id: string;
  workflowId: string;
  ownerId: string;
  name: string;
  comment: string | null;
  enabled: boolean;
  priority: number;
  workerTag: string | null;
  frequency: "Once" | "Hourly" | "Daily" | "Weekly" | "Monthly";
  creationTime: string;
  lastRunTime: string | null;
  nextRunTime: string | null;
  runCount: number;
  timezone: string;
  lastError: string | null;
  cpuName: string;
  /** Settings only API v3 writes (absent: derived from `frequency`). */
  v3?: ScheduleV3Settings;
}

/** A schedule's iteration as API v3 takes it (IterationContract). */
export interface IterationRecord {
  iterationType: string;
  startTime: string;
  endTime?: string;
  [contract: string]: unknown;
}

/** What API v3 records of a schedule beyond the Admin v1 record. */
export interface ScheduleV3Settings {
  iteration: IterationRecord;
  credentialId: string | null;
  questions: Array<{ name: string | null; value: string | null }>;
  lastModifiedId: string | null;
  lastModifiedDate: string | null;
}

/** A share of something with a user, subscription, etc. inside a collection. */
export interface ShareRecord {
  id: string;
  dateAdded: string;
  addedById: string;
}

/** A collection. */
export interface CollectionRecord {
  id: string;
  name: string;
  ownerId: string;
  dateAdded: string;
  apps: ShareRecord[];
  schedules: ShareRecord[];
  insights: ShareRecord[];
  users: Array<ShareRecord & { isAdmin: boolean; canAdd: boolean; v3?: CollectionPermissions }>;
  subscriptions: Array<ShareRecord & { canAdd: boolean }>;
  /** User groups the collection is shared with (API v3 only). */
  userGroups?: Array<ShareRecord & { permissions: CollectionPermissions }>;
}

/** A collection member's permissions as API v3 sets them (CollectionsPermissionsViewContract). */
export interface CollectionPermissions {
  isAdmin: boolean;
  canAddAssets: boolean;
  canRemoveAssets: boolean;
  canUpdateAssets: boolean;
  canAddUsers: boolean;
  canRemoveUsers: boolean;
  expirationDate: string | null;
}

/** An insight. */
export interface InsightRecord {
  id: string;
  name: string;
  ownerId: string;
  lastUpdated: string;
}

/** A server or system data connection. */
export interface DataConnectionRecord {
  connectionId: string;
  connectionName: string;
  connectionType: string;
  connectionString: string;
  userIds: string[];
  userGroupIds: string[];
  subscriptionCount: number;
}

/** The last job of a workflow. */
export interface JobRecord {
  id: string;
  appId: string;
  createDate: string;
  status: "Completed" | "Queued" | "Running" | "Error";
  disposition: "Success" | "Warning" | "Error" | "None" | "Cancelled";
  outputs: Array<{ id: string; formats: string[]; name: string }>;
  messages: Array<{ status: number; text: string; toolId: number }>;
  priority: number;
  workerTag: string | null;
  runWithE2: boolean;
  /** A run queued through API v3: it moves on with time (see v3/job-runner.ts). */
  run?: JobRun;
}

/** How a job queued through API v3 runs. */
export interface JobRun {
  /** When it was queued (ms). */
  queuedAt: number;
  /** How long it takes from queued to ended (ms). */
  durationMs: number;
  /** Whether it ends in Error (a question value asked for failure). */
  fails: boolean;
  /** Who queued it. */
  userId: string;
  questions: Array<{ name: string | null; value: string | null }>;
}

/** One audit log event. */
export interface AuditEventRecord {
  id: string;
  entity: AuditEntity;
  entityId: string;
  userId: string;
  timestamp: string;
  event: "insert" | "update" | "delete";
  oldValues: string | null;
  newValues: string | null;
}

/** The entity types of the audit log. */
export type AuditEntity =
  | "AppInfo"
  | "Collection"
  | "Credential"
  | "Subscription"
  | "User"
  | "UserGroup";

/** The whole in-memory Gallery. */
export interface Dataset {
  seed: number;
  subscriptions: SubscriptionRecord[];
  users: UserRecord[];
  workflows: WorkflowRecord[];
  schedules: ScheduleRecord[];
  collections: CollectionRecord[];
  insights: InsightRecord[];
  serverDataConnections: DataConnectionRecord[];
  systemDataConnections: DataConnectionRecord[];
  jobs: JobRecord[];
  auditEvents: AuditEventRecord[];
  userGroupIds: string[];
  credentialIds: string[];
}
