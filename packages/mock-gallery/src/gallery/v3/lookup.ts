// Finding records by the ids in a v3 path or body; an unknown id is a 404 (or, for an id in a
// body, a 400) that names it.
import type {
  CollectionRecord,
  DataConnectionRecord,
  JobRecord,
  ScheduleRecord,
  SubscriptionRecord,
  UserRecord,
  WorkflowRecord,
} from "../dataset/records.js";
import type { GalleryState } from "../routes/route.js";
import { type V3Failure, v3BadRequest, v3NotFound } from "./v3-error.js";
import type {
  CredentialRecord,
  DcmConnectionRecord,
  HandlingRuleRecord,
  UserGroupRecord,
} from "./v3-records.js";

/** What to throw for an unknown id: 404 for the path's, 400 for one in the body. */
export type Missing = "path" | "body";

function missing(kind: string, id: string, where: Missing, list: string): V3Failure {
  const text = `No ${kind} has the id "${id.slice(0, 80)}"; ${list} lists them.`;
  return where === "path" ? v3NotFound(text) : v3BadRequest(text);
}

/** A user by id. */
export function findUser(state: GalleryState, id: string, where: Missing = "path"): UserRecord {
  const user = state.index.userById.get(id);
  if (!user) throw missing("user", id, where, "GET /v3/users");
  return user;
}

/** A workflow (not deleted) by id. */
export function findWorkflow(
  state: GalleryState,
  id: string,
  where: Missing = "path",
): WorkflowRecord {
  const workflow = state.index.workflowById.get(id);
  if (!workflow || workflow.isDeleted) throw missing("workflow", id, where, "GET /v3/workflows");
  return workflow;
}

/** A schedule by id. */
export function findSchedule(
  state: GalleryState,
  id: string,
  where: Missing = "path",
): ScheduleRecord {
  const schedule = state.data.schedules.find((s) => s.id === id);
  if (!schedule) throw missing("schedule", id, where, "GET /v3/schedules");
  return schedule;
}

/** A collection by id. */
export function findCollection(state: GalleryState, id: string): CollectionRecord {
  const collection = state.index.collectionById.get(id);
  if (!collection) throw missing("collection", id, "path", "GET /v3/collections");
  return collection;
}

/** A custom user group by id. */
export function findGroup(
  state: GalleryState,
  id: string,
  where: Missing = "path",
): UserGroupRecord {
  const group = state.v3.userGroups.find((g) => g.id === id);
  if (!group) throw missing("user group", id, where, "GET /v3/usergroups");
  return group;
}

/** A credential by id. */
export function findCredential(
  state: GalleryState,
  id: string,
  where: Missing = "path",
): CredentialRecord {
  const credential = state.v3.credentials.find((c) => c.id === id);
  if (!credential) throw missing("credential", id, where, "GET /v3/credentials");
  return credential;
}

/** A Server data connection by id. */
export function findServerConnection(state: GalleryState, id: string): DataConnectionRecord {
  const connection = state.data.serverDataConnections.find((c) => c.connectionId === id);
  if (!connection) {
    throw missing("Server data connection", id, "path", "GET /v3/serverDataConnections");
  }
  return connection;
}

/** A DCM connection by its object id or its connection id. */
export function findDcmConnection(state: GalleryState, id: string): DcmConnectionRecord {
  const connection = state.v3.dcmConnections.find((c) => c.id === id || c.connectionId === id);
  if (!connection) throw missing("DCM connection", id, "path", "GET /v3/dcm/admin/connections");
  return connection;
}

/** A connection handling rule by id. */
export function findRule(state: GalleryState, id: string): HandlingRuleRecord {
  const rule = state.v3.handlingRules.find((r) => r.id === id);
  if (!rule) {
    throw missing(
      "connection handling rule",
      id,
      "path",
      "GET /v3/dcm/admin/connectionhandlingrules",
    );
  }
  return rule;
}

/** A subscription by id. */
export function findSubscription(
  state: GalleryState,
  id: string,
  where: Missing = "path",
): SubscriptionRecord {
  const subscription = state.index.subscriptionById.get(id);
  if (!subscription) throw missing("subscription", id, where, "GET /v3/subscriptions");
  return subscription;
}

/** A job by id. */
export function findJob(state: GalleryState, id: string): JobRecord {
  const job = state.data.jobs.find((j) => j.id === id);
  if (!job) throw missing("job", id, "path", "GET /v3/jobs");
  return job;
}

/** The `view` query parameter: Full, or Default (also when absent). */
export function fullView(query: URLSearchParams): boolean {
  const view = query.get("view");
  if (view === null || view === "" || view === "Default") return false;
  if (view === "Full") return true;
  throw v3BadRequest(
    `The view query parameter must be Default or Full, not "${view.slice(0, 40)}".`,
  );
}

/** A boolean query parameter; undefined when absent. */
export function boolParam(query: URLSearchParams, name: string): boolean | undefined {
  const text = query.get(name);
  if (text === null || text === "") return undefined;
  if (text !== "true" && text !== "false") {
    throw v3BadRequest(
      `The ${name} query parameter must be true or false, not "${text.slice(0, 40)}".`,
    );
  }
  return text === "true";
}
