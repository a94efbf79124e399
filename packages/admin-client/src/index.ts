/**
 * @alteryx-admin/client: a typed client for the Alteryx Gallery Admin API v1 on openapi-fetch,
 * with OAuth1 signing, paging, typed errors, retries and helpers for the awkward calls.
 * @packageDocumentation
 */

export { type AdminClient, createAdminClient } from "./client.js";
export type { components, operations, paths } from "./generated/admin-v1.js";
export { ADMIN_V1_PAGING, type PagingRule } from "./generated/paging.js";
export { type DownloadedPackage, downloadPackage } from "./helpers/download.js";
export { setReadyForMigration } from "./helpers/migration.js";
export {
  DEFAULT_PAGE_SIZE,
  type ItemOf,
  type ListPath,
  type PaginateOptions,
  paginate,
  paginatePages,
  type RuntimeQuery,
} from "./helpers/paginate.js";
export { type PublishWorkflowInput, publishWorkflow } from "./helpers/publish.js";
export {
  AlteryxApiError,
  AlteryxError,
  AlteryxNetworkError,
  AlteryxPagingError,
  AlteryxRedirectError,
  AlteryxResponseError,
  AlteryxTimeoutError,
  unwrap,
} from "./http/errors.js";
export type {
  AdminClientOptions,
  DispatcherLike,
  FetchLike,
  Placement,
  RetryEvent,
  RetryOptions,
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
