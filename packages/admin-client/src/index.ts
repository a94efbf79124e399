/**
 * @alteryx-admin/client: typed clients for Alteryx Server's API v3 and Admin API v1 on
 * openapi-fetch, with OAuth2 bearer tokens (or OAuth1 signing for old servers), paging, typed
 * errors, retries and helpers for the awkward calls.
 * @packageDocumentation
 */

export type { TokenSource } from "@alteryx-admin/oauth2";
export { type AdminClient, createAdminClient } from "./client.js";
export type { components, operations, paths } from "./generated/admin-v1.js";
export { ADMIN_V1_PAGING, type PagingRule } from "./generated/paging.js";
export type {
  components as V3Components,
  operations as V3Operations,
  paths as V3Paths,
} from "./generated/server-v3.js";
export { SERVER_V3_PAGING } from "./generated/server-v3-paging.js";
export { type DownloadedPackage, downloadPackage } from "./helpers/download.js";
export { downloadWorkflowPackage } from "./helpers/download-workflow.js";
export type { PackageSource } from "./helpers/file-body.js";
export { setReadyForMigration } from "./helpers/migration.js";
export {
  DEFAULT_PAGE_SIZE,
  type ItemOf,
  type ListPath,
  type PaginateOptions,
  paginate,
  paginatePages,
  type RuntimeQuery,
  type V3ItemOf,
  type V3ListPath,
  type V3PaginateOptions,
} from "./helpers/paginate.js";
export { type PublishWorkflowInput, publishWorkflow } from "./helpers/publish.js";
export {
  type FinishedJob,
  hasJobEnded,
  type JobMessage,
  type JobView,
  type RunWaitOptions,
  type RunWorkflowOptions,
  runWorkflow,
} from "./helpers/run-workflow.js";
export {
  type UploadWorkflowInput,
  type UploadWorkflowVersionInput,
  uploadWorkflow,
  uploadWorkflowVersion,
} from "./helpers/upload-workflow.js";
export {
  AlteryxApiError,
  AlteryxError,
  AlteryxJobTimeoutError,
  AlteryxNetworkError,
  AlteryxPagingError,
  AlteryxRedirectError,
  AlteryxResponseError,
  AlteryxTimeoutError,
  AlteryxTokenError,
  unwrap,
} from "./http/errors.js";
export type {
  AdminClientOptions,
  AuthScheme,
  CommonClientOptions,
  DispatcherLike,
  FetchLike,
  Placement,
  RetryEvent,
  RetryOptions,
  ServerClientOptions,
} from "./http/options.js";
export { redactUrl } from "./http/redact.js";
export type {
  AuditEntity,
  AuditEvent,
  Collection,
  DataConnection,
  GalleryError,
  Insight,
  Job,
  MigratableWorkflow,
  PublishWorkflowForm,
  Schedule,
  Subscription,
  SystemDataConnection,
  User,
  Workflow,
  WorkflowEvent,
  WorkflowRevision,
  WorkflowRevisionSet,
  WorkflowSortField,
} from "./models.js";
export { AUDIT_ENTITIES, WORKFLOW_SORT_FIELDS } from "./models.js";
export { createServerClient, type ServerClient } from "./server-client.js";
