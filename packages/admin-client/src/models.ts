/**
 * Friendly names for the generated schemas (the spec keeps the server's Swagger names).
 */
import type { components, operations } from "./generated/admin-v1.js";

type Schemas = components["schemas"];

/** A Gallery user (`DeprecatedAdminApiUserView`), from `GET /users/`. */
export type User = Schemas["DeprecatedAdminApiUserView"];
/** A subscription, or studio (`DeprecatedAdminApiSubscriptionView`), from `GET /subscriptions/`. */
export type Subscription = Schemas["DeprecatedAdminApiSubscriptionView"];
/** A workflow with its published version (`WorkflowAdminApiView`), from `GET /workflows/`. */
export type Workflow = Schemas["WorkflowAdminApiView"];
/** A workflow with every revision and event (`WorkflowAllAdminApiView`), from `GET /workflows/all/`. */
export type WorkflowRevisionSet = Schemas["WorkflowAllAdminApiView"];
/** One revision of a workflow (`WfaAdminApiRevisionView`). */
export type WorkflowRevision = Schemas["WfaAdminApiRevisionView"];
/** One change event of a workflow (`WfaAdminApiEventView`). */
export type WorkflowEvent = Schemas["WfaAdminApiEventView"];
/** A schedule (`ScheduleView`), from `GET /schedules/`. */
export type Schedule = Schemas["ScheduleView"];
/** A collection and what it shares, from `GET /collections/`. */
export type Collection = Schemas["Collection"];
/** An insight (`DeprecatedInsightMetaInfo`), from `GET /insights/`. */
export type Insight = Schemas["DeprecatedInsightMetaInfo"];
/** A server data connection (`DataConnectionSearchView`), from `GET /serverdataconnections/`. */
export type DataConnection = Schemas["DataConnectionSearchView"];
/** A system data connection (`DataConnectionSummaryView`), from `GET /systemdataconnections/`. */
export type SystemDataConnection = Schemas["DataConnectionSummaryView"];
/** The last job of a workflow (`JobApiView`), from `GET /workflows/jobs/`. */
export type Job = Schemas["JobApiView"];
/** A workflow marked ready for migration (`MigratableWorkflowView`). */
export type MigratableWorkflow = Schemas["MigratableWorkflowView"];
/** One audit log entry, from `GET /auditlog/`. */
export type AuditEvent = Schemas["AuditEvent"];
/** The error body of every Gallery API. */
export type GalleryError = Schemas["GalleryError"];
/** The multipart form of `POST /workflows/`, as the spec describes it. */
export type PublishWorkflowForm = Schemas["PublishWorkflowForm"];
/** The entity types of the audit log (`AppInfo` is a workflow). */
export type AuditEntity = operations["listAuditEvents"]["parameters"]["query"]["entity"];
/** The fields `GET /workflows/` can sort by. */
export type WorkflowSortField = NonNullable<
  NonNullable<operations["listWorkflows"]["parameters"]["query"]>["sortField"]
>;

/**
 * Every value of {@link AuditEntity}, for command lines and forms that validate input at run time.
 * The type check below fails when the spec adds or removes an entity, so the list cannot drift.
 */
export const AUDIT_ENTITIES = [
  "AppInfo",
  "Collection",
  "Credential",
  "Subscription",
  "User",
  "UserGroup",
] as const satisfies readonly AuditEntity[];

/** Every value of {@link WorkflowSortField}, checked against the spec like {@link AUDIT_ENTITIES}. */
export const WORKFLOW_SORT_FIELDS = [
  "author",
  "copyright",
  "datemadepublic",
  "description",
  "executionmode",
  "name",
  "owner",
  "runcount",
  "subscriptionid",
  "uploaddate",
] as const satisfies readonly WorkflowSortField[];

// Exhaustiveness: each list must name every member of its union (a missing one makes this `false`).
type Covers<List extends readonly string[], Union> = [Exclude<Union, List[number]>] extends [never]
  ? true
  : false;
const auditEntitiesCovered: Covers<typeof AUDIT_ENTITIES, AuditEntity> = true;
const sortFieldsCovered: Covers<typeof WORKFLOW_SORT_FIELDS, WorkflowSortField> = true;
void auditEntitiesCovered;
void sortFieldsCovered;
