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
  users: Array<ShareRecord & { isAdmin: boolean; canAdd: boolean }>;
  subscriptions: Array<ShareRecord & { canAdd: boolean }>;
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
  disposition: "Success" | "Warning" | "Error" | "None";
  outputs: Array<{ id: string; formats: string[]; name: string }>;
  messages: Array<{ status: number; text: string; toolId: number }>;
  priority: number;
  workerTag: string | null;
  runWithE2: boolean;
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
