/**
 * publishWorkflow: `POST /workflows/` with the multipart form built and typed. Never retried
 * (a retried publish could create the workflow twice).
 */
import type { AdminClient } from "../client.js";
import { unwrap } from "../http/errors.js";
import type { PublishWorkflowForm } from "../models.js";
import { newWorkflowId } from "./new-workflow-id.js";

/**
 * Input of {@link publishWorkflow}: the spec's `PublishWorkflowForm` (name, owner, validate,
 * isPublic, sourceId?, workerTag?, canDownload?, comments?), with the package in any binary form
 * and an optional file name.
 */
export interface PublishWorkflowInput extends Omit<PublishWorkflowForm, "file"> {
  /** The workflow package (.yxzp): a Blob/File, bytes, or an ArrayBuffer. */
  file: Blob | Uint8Array | ArrayBuffer;
  /** The file name sent with the package (default `<name>.yxzp`). */
  fileName?: string;
}

function requireString(input: object, name: string, required: boolean): string | undefined {
  const value = (input as Record<string, unknown>)[name];
  if (value === undefined && !required) return undefined;
  if (typeof value !== "string" || (required && value.trim() === "")) {
    throw new TypeError(
      `publishWorkflow(): ${name} must be ${required ? "a non-empty string" : "a string when given"}`,
    );
  }
  return value;
}

function requireBoolean(input: object, name: string, required: boolean): string | undefined {
  const value = (input as Record<string, unknown>)[name];
  if (value === undefined && !required) return undefined;
  if (typeof value !== "boolean") {
    throw new TypeError(
      `publishWorkflow(): ${name} must be true or false${required ? " (it is required)" : ""}, got ${value === undefined ? "nothing" : typeof value}`,
    );
  }
  // The Gallery reads form booleans as the strings "true" and "false".
  return value ? "true" : "false";
}

/** Builds the multipart form of `POST /workflows/`, validating every field. */
export function publishForm(input: PublishWorkflowInput): FormData {
  if (input === null || typeof input !== "object") {
    throw new TypeError(
      "publishWorkflow() expects { file, name, owner, validate, isPublic, sourceId?, workerTag?, canDownload?, comments? }",
    );
  }
  const { file } = input;
  let blob: Blob;
  if (file instanceof Blob) blob = file;
  else if (file instanceof Uint8Array || file instanceof ArrayBuffer) {
    blob = new Blob([file as Uint8Array<ArrayBuffer>], { type: "application/octet-stream" });
  } else {
    throw new TypeError(
      "publishWorkflow(): file must be the .yxzp package as a Blob, Uint8Array or ArrayBuffer (read a file with fs.readFile or fs.openAsBlob)",
    );
  }
  if (blob.size === 0) {
    throw new TypeError(
      "publishWorkflow(): file is empty (0 bytes); pass the contents of the .yxzp package exported from Alteryx Designer",
    );
  }
  const name = requireString(input, "name", true) as string;
  const owner = requireString(input, "owner", true) as string;
  if (!/^[^\s@]+@[^\s@]+$/.test(owner)) {
    throw new TypeError(
      `publishWorkflow(): owner must be the email of an existing user on the server, got ${JSON.stringify(owner)}`,
    );
  }
  const fileName = requireString(input, "fileName", false) ?? `${name}.yxzp`;
  const form = new FormData();
  form.append("file", blob, fileName);
  form.append("name", name);
  form.append("owner", owner);
  form.append("validate", requireBoolean(input, "validate", true) as string);
  form.append("isPublic", requireBoolean(input, "isPublic", true) as string);
  const optional: Array<[string, string | undefined]> = [
    ["sourceId", requireString(input, "sourceId", false)],
    ["workerTag", requireString(input, "workerTag", false)],
    ["canDownload", requireBoolean(input, "canDownload", false)],
    ["comments", requireString(input, "comments", false)],
  ];
  for (const [field, value] of optional) if (value !== undefined) form.append(field, value);
  return form;
}

/**
 * Publishes a workflow package and resolves to the new workflow's id.
 *
 * @throws AlteryxApiError for a non-2xx answer (for example an owner unknown to the server)
 * @example
 * const id = await publishWorkflow(admin, {
 *   file: await fs.readFile("Sales.yxzp"), name: "Sales", owner: "ana@example.com",
 *   validate: false, isPublic: false,
 * });
 */
export async function publishWorkflow(
  client: AdminClient,
  input: PublishWorkflowInput,
  options: { signal?: AbortSignal } = {},
): Promise<string> {
  const form = publishForm(input);
  const result = await client.POST("/workflows/", {
    // The spec's form type has booleans; on the wire they are the strings built above.
    body: form as unknown as never,
    bodySerializer: () => form,
    signal: options.signal,
  });
  return newWorkflowId(unwrap(result), result.response, client.baseUrl, "/workflows/");
}
