// What only Server API v3 has: user groups, credentials, DCM connections and their handling
// rules, usage events. They live beside the Admin v1 dataset (whose records v3 shares and
// extends), so that the pinned seed-1 Admin v1 dataset stays as it is.
import type { JobRecord, UserRole } from "../dataset/records.js";

/** A member of a custom user group. */
export interface GroupMemberRecord {
  userId: string;
  dateAdded: string;
  addedById: string;
}

/** A custom user group. */
export interface UserGroupRecord {
  id: string;
  name: string;
  role: UserRole;
  dateAdded: string;
  members: GroupMemberRecord[];
  /** SIDs of the Active Directory groups inside it. */
  adGroupSids: string[];
}

/**
 * A run-as credential. The password is deliberately not kept: the mock never needs it, and a
 * secret that is not stored cannot leak into an answer or a log.
 */
export interface CredentialRecord {
  id: string;
  userName: string;
  createdById: string;
  lastUpdatedDate: string;
  userIds: string[];
  userGroupIds: string[];
}

/** Who a DCM connection is shared with, for one purpose. */
export interface DcmShareRecord {
  userIds: string[];
  userGroupIds: string[];
  sharedCredentials: string[];
}

/** A DCM (Data Connection Manager) connection with its data source. */
export interface DcmConnectionRecord {
  /** The GUID of the connection object. */
  id: string;
  /** The connection id tools refer to (also a GUID). */
  connectionId: string;
  ownerId: string;
  name: string;
  schemaName: string;
  allowInSdks: boolean;
  parameters: Record<string, unknown>;
  dataSource: {
    id: string;
    name: string;
    schemaName: string;
    drvName: string | null;
    host: string | null;
    parameters: Record<string, unknown>;
  };
  /** The credential objects by slot; their secrets are never kept. */
  credentials: Record<string, DcmCredentialRecord>;
  createdOn: string;
  lastChangedOn: string;
  execution: DcmShareRecord | null;
  collaboration: DcmShareRecord | null;
}

/** A credential object of a DCM connection, without its secrets. */
export interface DcmCredentialRecord {
  id: string;
  name: string;
  schemaName: string;
  userName: string | null;
  parameters: Record<string, unknown>;
}

/** A DCM connection handling rule. */
export interface HandlingRuleRecord {
  id: string;
  createdById: string;
  createdOn: string;
  lastChangedOn: string;
  sourceConnectionId: string;
  sourceConnectionTitle: string | null;
  targetConnectionId: string | null;
  targetConnectionTitle: string | null;
}

/** The state only API v3 has. */
export interface V3Records {
  userGroups: UserGroupRecord[];
  credentials: CredentialRecord[];
  dcmConnections: DcmConnectionRecord[];
  handlingRules: HandlingRuleRecord[];
  /** Usage event ids (ULIDs, ascending): what GET /v3/usage downloads. */
  usageEvents: string[];
  /** A source of DCM GUIDs (seeded: the same seed gives the same ids). */
  newGuid(): string;
  /**
   * Jobs queued through API v3 that have not ended yet (see job-runner.ts): the one record of
   * whether a queued job has ended (or was cancelled).
   */
  pendingJobs: Set<JobRecord>;
}
