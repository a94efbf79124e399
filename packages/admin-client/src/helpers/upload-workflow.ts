/**
 * uploadWorkflow and uploadWorkflowVersion: `POST /v3/workflows` and
 * `POST /v3/workflows/{workflowId}/versions` with the multipart form built from typed input.
 * Never retried (a retried upload could create the workflow twice); a 401 is re-sent once with
 * a new token by the pipeline, with the same bytes.
 */
import type { components } from "../generated/server-v3.js";
import { unwrap } from "../http/errors.js";
import { suggestion } from "../http/options.js";
import type { ServerClient } from "../server-client.js";
import { checkId } from "./download.js";
import type { PackageSource } from "./file-body.js";
import { newWorkflowId } from "./new-workflow-id.js";
import { packageForm } from "./package-form.js";

type Schemas = components["schemas"];
type UploadForm = Schemas["UploadWorkflowForm"];
type VersionForm = Schemas["UploadWorkflowVersionForm"];

/** What the client fills in when a field is not given (the spec makes them required). */
const UPLOAD_DEFAULTS = {
  isPublic: false,
  isReadyForMigration: false,
  othersMayDownload: false,
  othersCanExecute: false,
  executionMode: "Standard",
  workflowCredentialType: "Default",
} as const;

/**
 * Input of {@link uploadWorkflow}: the spec's `UploadWorkflowForm`, with the package in any form
 * ({@link PackageSource}), `districtTags` and `collectionIds` as arrays (sent as JSON text), and
 * defaults for the settings: not public, not ready for migration, others may neither download
 * nor run it, `executionMode: "Standard"`, `workflowCredentialType: "Default"`.
 */
export type UploadWorkflowInput = Omit<
  UploadForm,
  "file" | "districtTags" | "collectionIds" | keyof typeof UPLOAD_DEFAULTS
> &
  Partial<Pick<UploadForm, keyof typeof UPLOAD_DEFAULTS>> & {
    /** The .yxzp package: a path (Node, Deno, Bun), bytes, a Blob/File or a byte stream. */
    file: PackageSource;
    /** The file name sent with the package (default `<name>.yxzp`). */
    fileName?: string;
    /** District tag ids. */
    districtTags?: string[];
    /** Collections to add the workflow to. */
    collectionIds?: string[];
  };

const VERSION_DEFAULTS = {
  othersMayDownload: false,
  othersCanExecute: false,
  executionMode: "Standard",
  workflowCredentialType: "Default",
  makePublished: true,
} as const;

/**
 * Input of {@link uploadWorkflowVersion}: the spec's `UploadWorkflowVersionForm`, the package
 * in any form, and defaults: published at once (`makePublished: true`), others may neither
 * download nor run it, `executionMode: "Standard"`, `workflowCredentialType: "Default"`.
 */
export type UploadWorkflowVersionInput = Omit<VersionForm, "file" | keyof typeof VERSION_DEFAULTS> &
  Partial<Pick<VersionForm, keyof typeof VERSION_DEFAULTS>> & {
    /** The .yxzp package: a path (Node, Deno, Bun), bytes, a Blob/File or a byte stream. */
    file: PackageSource;
    /** The file name sent with the package (default `<name>.yxzp`). */
    fileName?: string;
  };

/** Field names and how each is checked and written into the form. */
type FieldKind = "string" | "boolean" | "list";

// name and ownerId are checked first by uploadFormData, with what to pass; the fields with a
// default always have a value (withDefaults).
const UPLOAD_FIELDS: Record<string, { kind: FieldKind }> = {
  name: { kind: "string" },
  ownerId: { kind: "string" },
  workerTag: { kind: "string" },
  districtTags: { kind: "list" },
  comments: { kind: "string" },
  isPublic: { kind: "boolean" },
  isReadyForMigration: { kind: "boolean" },
  sourceAppId: { kind: "string" },
  othersMayDownload: { kind: "boolean" },
  othersCanExecute: { kind: "boolean" },
  executionMode: { kind: "string" },
  hasPrivateDataExemption: { kind: "boolean" },
  workflowCredentialType: { kind: "string" },
  credentialId: { kind: "string" },
  collectionIds: { kind: "list" },
  bypassWorkflowVersionCheck: { kind: "boolean" },
};

const VERSION_FIELDS: Record<string, { kind: FieldKind }> = {
  name: { kind: "string" },
  ownerId: { kind: "string" },
  othersMayDownload: { kind: "boolean" },
  othersCanExecute: { kind: "boolean" },
  executionMode: { kind: "string" },
  hasPrivateDataExemption: { kind: "boolean" },
  comments: { kind: "string" },
  makePublished: { kind: "boolean" },
  workflowCredentialType: { kind: "string" },
  credentialId: { kind: "string" },
  bypassWorkflowVersionCheck: { kind: "boolean" },
};

const ENUMS: Record<string, readonly string[]> = {
  executionMode: ["Safe", "SemiSafe", "Standard"],
  workflowCredentialType: ["Default", "Required", "Specific"],
};

/** One field as form text, or undefined when it is optional and absent; throws when invalid. */
function fieldText(where: string, name: string, kind: FieldKind, value: unknown): string {
  if (kind === "boolean") {
    if (typeof value !== "boolean") {
      throw new TypeError(`${where}: ${name} must be true or false, got ${typeof value}`);
    }
    // Form booleans travel as the strings "true" and "false".
    return value ? "true" : "false";
  }
  if (kind === "list") {
    if (!Array.isArray(value) || value.some((v) => typeof v !== "string")) {
      throw new TypeError(`${where}: ${name} must be an array of id strings`);
    }
    // The spec: JSON arrays written as text.
    return JSON.stringify(value);
  }
  if (typeof value !== "string") {
    throw new TypeError(`${where}: ${name} must be a string, got ${typeof value}`);
  }
  const allowed = ENUMS[name];
  if (allowed !== undefined && !allowed.includes(value)) {
    throw new TypeError(
      `${where}: ${name} must be one of ${allowed.join(", ")}, got ${JSON.stringify(value)}`,
    );
  }
  return value;
}

/**
 * `input` over `defaults`, where a field given as undefined (as the input types allow) takes its
 * default like a field left out.
 */
function withDefaults(defaults: object, input: unknown): Record<string, unknown> {
  // Not an object: uploadFormData says what to pass.
  if (input === null || typeof input !== "object") return input as Record<string, unknown>;
  const merged: Record<string, unknown> = { ...defaults };
  for (const [key, value] of Object.entries(input)) if (value !== undefined) merged[key] = value;
  return merged;
}

/** Builds and validates the multipart form of an upload. @internal */
export async function uploadFormData(
  where: string,
  fields: Record<string, { kind: FieldKind }>,
  input: Record<string, unknown>,
): Promise<FormData> {
  if (input === null || typeof input !== "object") {
    throw new TypeError(`${where} expects { file, name, ownerId, ... }`);
  }
  const known = ["file", "fileName", ...Object.keys(fields)];
  for (const key of Object.keys(input)) {
    if (!known.includes(key)) {
      throw new TypeError(
        `${where}: unknown field "${key}"${suggestion(key, known)}; the form's fields: ${known.join(", ")}`,
      );
    }
  }
  const name = input.name;
  if (typeof name !== "string" || name.trim() === "") {
    throw new TypeError(`${where}: name must be a non-empty string (the workflow's name)`);
  }
  if (typeof input.ownerId !== "string" || input.ownerId.trim() === "") {
    throw new TypeError(
      `${where}: ownerId must be the id of the user who will own the workflow (GET /v3/users finds it)`,
    );
  }
  const texts: Array<[string, string]> = [];
  for (const [field, rule] of Object.entries(fields)) {
    const value = input[field];
    if (value === undefined) continue;
    texts.push([field, fieldText(where, field, rule.kind, value)]);
  }
  return packageForm(where, input as { file: unknown; fileName?: unknown }, name, texts);
}

/**
 * Uploads a workflow package as a new workflow and resolves to its id (Server 2021.4 and later).
 *
 * @throws TypeError for invalid input (before anything is sent); AlteryxApiError for a non-2xx
 *   answer (400 with the server's reasons, such as an unknown owner)
 * @example
 * const id = await uploadWorkflow(server, {
 *   file: "./Sales.yxzp", name: "Sales", ownerId: "5b1a3c2e8f0d4a6b9c7e5f11", othersCanExecute: true,
 * });
 */
export async function uploadWorkflow(
  client: ServerClient,
  input: UploadWorkflowInput,
  options: { signal?: AbortSignal } = {},
): Promise<string> {
  const where = "uploadWorkflow()";
  const form = await uploadFormData(where, UPLOAD_FIELDS, withDefaults(UPLOAD_DEFAULTS, input));
  const result = await client.POST("/v3/workflows", {
    // The spec's form type has booleans and a Blob; on the wire it is the form built above.
    body: form as unknown as never,
    bodySerializer: () => form,
    signal: options.signal,
  });
  return newWorkflowId(unwrap(result), result.response, client.baseUrl, "/v3/workflows");
}

/**
 * Uploads a new version of a workflow and resolves to the workflow with its versions; with the
 * default `makePublished: true` the new version is the one that runs.
 *
 * @throws TypeError for invalid input; AlteryxApiError for a non-2xx answer (404: no such
 *   workflow)
 * @example
 * const workflow = await uploadWorkflowVersion(server, workflowId, {
 *   file: bytes, name: "Sales", ownerId, comments: "Fixes the Q3 totals",
 * });
 */
export async function uploadWorkflowVersion(
  client: ServerClient,
  workflowId: string,
  input: UploadWorkflowVersionInput,
  options: { signal?: AbortSignal } = {},
): Promise<Schemas["WorkflowView"]> {
  const where = "uploadWorkflowVersion()";
  checkId(workflowId, "workflowId", where);
  const form = await uploadFormData(where, VERSION_FIELDS, withDefaults(VERSION_DEFAULTS, input));
  const result = await client.POST("/v3/workflows/{workflowId}/versions", {
    params: { path: { workflowId } },
    body: form as unknown as never,
    bodySerializer: () => form,
    signal: options.signal,
  });
  return unwrap(result);
}
