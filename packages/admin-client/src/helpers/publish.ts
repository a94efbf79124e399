/**
 * publishWorkflow: `POST /workflows/` with the multipart form built and typed. Never retried
 * (a retried publish could create the workflow twice).
 */
import type { AdminClient } from "../client.js";
import { unwrap } from "../http/errors.js";
import type { PublishWorkflowForm } from "../models.js";
import type { PackageSource } from "./file-body.js";
import { newWorkflowId } from "./new-workflow-id.js";
import { packageForm } from "./package-form.js";

/**
 * Input of {@link publishWorkflow}: the spec's `PublishWorkflowForm` (name, owner, validate,
 * isPublic, sourceId?, workerTag?, canDownload?, comments?), with the package in any form
 * ({@link PackageSource}, as the v3 uploads take it) and an optional file name.
 */
export interface PublishWorkflowInput extends Omit<PublishWorkflowForm, "file"> {
  /** The .yxzp package: a path (Node, Deno, Bun), bytes, a Blob/File or a byte stream. */
  file: PackageSource;
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
export async function publishForm(input: PublishWorkflowInput): Promise<FormData> {
  if (input === null || typeof input !== "object") {
    throw new TypeError(
      "publishWorkflow() expects { file, name, owner, validate, isPublic, sourceId?, workerTag?, canDownload?, comments? }",
    );
  }
  const name = requireString(input, "name", true) as string;
  const owner = requireString(input, "owner", true) as string;
  if (!/^[^\s@]+@[^\s@]+$/.test(owner)) {
    throw new TypeError(
      `publishWorkflow(): owner must be the email of an existing user on the server, got ${JSON.stringify(owner)}`,
    );
  }
  return packageForm("publishWorkflow()", input, name, [
    ["name", name],
    ["owner", owner],
    ["validate", requireBoolean(input, "validate", true)],
    ["isPublic", requireBoolean(input, "isPublic", true)],
    ["sourceId", requireString(input, "sourceId", false)],
    ["workerTag", requireString(input, "workerTag", false)],
    ["canDownload", requireBoolean(input, "canDownload", false)],
    ["comments", requireString(input, "comments", false)],
  ]);
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
  const form = await publishForm(input);
  const result = await client.POST("/workflows/", {
    // The spec's form type has booleans; on the wire they are the strings built above.
    body: form as unknown as never,
    bodySerializer: () => form,
    signal: options.signal,
  });
  return newWorkflowId(unwrap(result), result.response, client.baseUrl, "/workflows/");
}
