/**
 * @alteryx-admin/client: a typed client for the Alteryx Gallery Admin API v1 on openapi-fetch,
 * with OAuth1 signing, paging, typed errors, retries and helpers for the awkward calls.
 * @packageDocumentation
 */
// First, before any module that touches fetch's classes: it tells Node's own undici dispatcher
// from one the application installs later.
import "./node-dispatcher.js";

export { type AdminClient, createAdminClient } from "./client.js";
export { filenameFromContentDisposition } from "./content-disposition.js";
export { type DownloadedPackage, downloadPackage } from "./download.js";
export {
  AlteryxApiError,
  type AlteryxApiErrorInit,
  AlteryxNetworkError,
  AlteryxPagingError,
  safePath,
  unwrap,
} from "./errors.js";
export type { components, operations, paths } from "./generated/admin-v1.js";
export { setReadyForMigration } from "./migration.js";
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
export {
  ADMIN_API_ROOT,
  type AdminClientOptions,
  DEFAULT_TIMEOUT_MS,
  type FetchLike,
  type Placement,
  RETRY_DEFAULTS,
  type RetryEvent,
  type RetryOptions,
  type Transport,
} from "./options.js";
export {
  DEFAULT_PAGE_SIZE,
  type ItemOf,
  PAGING_STYLES,
  type PagedPath,
  type PaginateArgs,
  type PaginateOptions,
  type PagingQuery,
  paginate,
  paginatePages,
} from "./paginate.js";
export { type PublishWorkflowInput, publishForm, publishWorkflow } from "./publish.js";
export { parseRetryAfter } from "./retry-after.js";
