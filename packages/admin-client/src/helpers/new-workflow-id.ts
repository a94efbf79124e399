/** The answer of an upload that creates a workflow (Admin v1 publish, v3 upload): its new id. */
import { AlteryxApiError } from "../http/errors.js";

/**
 * Returns `data` when it is the new workflow's id (a non-empty JSON string); otherwise throws an
 * {@link AlteryxApiError} that names the request and says what came instead.
 */
export function newWorkflowId(
  data: unknown,
  response: Response,
  baseUrl: string,
  path: string,
): string {
  if (typeof data === "string" && data !== "") return data;
  throw new AlteryxApiError({
    status: response.status,
    method: "POST",
    origin: new URL(baseUrl).origin,
    path,
    body: `expected the new workflow's id as a JSON string, got ${data === undefined ? "an empty body" : typeof data}`,
  });
}
