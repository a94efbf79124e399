// The v3 shapes of DCM connections and handling rules, and reading an upsert body.
import type { GalleryState, RouteRequest } from "../../routes/route.js";
import { objectBody } from "../request-body.js";
import { v3BadRequest } from "../v3-error.js";
import type {
  DcmConnectionRecord,
  DcmCredentialRecord,
  DcmShareRecord,
  HandlingRuleRecord,
} from "../v3-records.js";

function userRef(state: GalleryState, id: string) {
  return { id, email: state.index.userById.get(id)?.email ?? null };
}

function groupRef(state: GalleryState, id: string) {
  return { id, name: state.v3.userGroups.find((g) => g.id === id)?.name ?? null };
}

/** DCMESharingForCollaborationView */
export function collaborationView(state: GalleryState, share: DcmShareRecord) {
  return {
    borrowedCredentials: [],
    sharedCredentials: share.sharedCredentials,
    users: share.userIds.map((id) => userRef(state, id)),
    userGroups: share.userGroupIds.map((id) => groupRef(state, id)),
  };
}

/** DCMEGetConnectionView (credentials without secrets) */
export function dcmConnectionView(state: GalleryState, c: DcmConnectionRecord) {
  return {
    sharedBy: null,
    sharedFromConnection: null,
    connectionId: c.connectionId,
    assignedConnectionIds: [],
    createdOn: c.createdOn,
    lastChangedOn: c.lastChangedOn,
    owner: userRef(state, c.ownerId),
    sharing: {
      execution: c.execution
        ? {
            users: c.execution.userIds.map((id) => userRef(state, id)),
            userGroups: c.execution.userGroupIds.map((id) => groupRef(state, id)),
          }
        : null,
      collaboration: c.collaboration ? collaborationView(state, c.collaboration) : null,
    },
    id: c.id,
    name: c.name,
    schemaName: c.schemaName,
    allowInSdks: c.allowInSdks,
    parameters: c.parameters,
    dataSource: c.dataSource,
    credentials: Object.fromEntries(
      Object.entries(c.credentials).map(([slot, credential]) => [
        slot,
        { ...credential, secrets: null },
      ]),
    ),
  };
}

/** DCMEDeleteConnectionView */
export function deletedView(c: DcmConnectionRecord, deletedOn: string) {
  return {
    deletedConnections: [{ id: c.id, deletedOn }],
    deletedDataSources: [{ id: c.dataSource.id, deletedOn }],
    deletedCredentials: Object.values(c.credentials).map((x) => ({ id: x.id, deletedOn })),
  };
}

/** DCMEConnectionHandlingRuleView */
export function ruleView(state: GalleryState, rule: HandlingRuleRecord) {
  return {
    id: rule.id,
    createdBy: userRef(state, rule.createdById),
    createdOn: rule.createdOn,
    lastChangedOn: rule.lastChangedOn,
    sourceConnectionId: rule.sourceConnectionId,
    sourceConnectionTitle: rule.sourceConnectionTitle,
    targetConnectionId: rule.targetConnectionId,
    targetConnectionTitle: rule.targetConnectionTitle,
  };
}

function record(value: unknown, where: string): Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw v3BadRequest(`${where} must be an object.`);
  }
  return value as Record<string, unknown>;
}

function text(o: Record<string, unknown>, name: string, where: string): string {
  const value = o[name];
  if (typeof value !== "string" || value === "")
    throw v3BadRequest(`${where}.${name} is required.`);
  return value;
}

/** An upsert body (DCMEUpsertConnection[Admin]Contract), checked; secrets are read and dropped. */
export function readUpsert(r: RouteRequest, state: GalleryState, admin: boolean) {
  const body = objectBody(r, [
    ...(admin ? ["ownerId"] : []),
    "name",
    "schemaName",
    "parameters",
    "dataSource",
    "credentials",
  ]);
  const source = record(record(body.raw.dataSource, "dataSource").object, "dataSource.object");
  const credentials: Record<string, DcmCredentialRecord> = {};
  for (const [slot, wrapper] of Object.entries(record(body.raw.credentials, "credentials"))) {
    const c = record(record(wrapper, `credentials.${slot}`).object, `credentials.${slot}.object`);
    credentials[slot] = {
      id: typeof c.id === "string" && c.id ? c.id : state.v3.newGuid(),
      name: text(c, "name", `credentials.${slot}.object`),
      schemaName: text(c, "schemaName", `credentials.${slot}.object`),
      userName: typeof c.userName === "string" ? c.userName : null,
      parameters: record(c.parameters ?? {}, `credentials.${slot}.object.parameters`),
    };
  }
  return {
    id: body.string("id") || undefined,
    ownerId: body.string("ownerId"),
    name: text(body.raw, "name", "body"),
    schemaName: text(body.raw, "schemaName", "body"),
    allowInSdks: body.boolean("allowInSdks") ?? false,
    parameters: record(body.raw.parameters, "parameters"),
    dataSource: {
      id: typeof source.id === "string" && source.id ? source.id : state.v3.newGuid(),
      name: text(source, "name", "dataSource.object"),
      schemaName: text(source, "schemaName", "dataSource.object"),
      drvName: typeof source.drvName === "string" ? source.drvName : null,
      host: typeof source.host === "string" ? source.host : null,
      parameters: record(source.parameters ?? {}, "dataSource.object.parameters"),
    },
    credentials,
  };
}
