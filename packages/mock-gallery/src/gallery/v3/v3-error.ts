// Errors of API v3 as ASP.NET sends them: `{ message, modelState }` (the spec's
// InvalidRequestResponseBody, one branch of ErrorResponse). Messages say what was wrong and
// what to send instead.

/** A refusal of an API v3 route. */
export interface V3Failure {
  status: number;
  body: { message: string; modelState: Record<string, string[]> | null };
}

/** Builds a v3 refusal. */
export function v3Failure(
  status: number,
  message: string,
  modelState: Record<string, string[]> | null = null,
): V3Failure {
  return { status, body: { message, modelState } };
}

/** 400: the request is wrong; `modelState` names the fields. */
export function v3BadRequest(message: string, modelState?: Record<string, string[]>): V3Failure {
  return v3Failure(400, message, modelState ?? null);
}

/** 404: nothing with that id. */
export function v3NotFound(message: string): V3Failure {
  return v3Failure(404, message);
}

/** 409: the state forbids it (e.g. deleting a user who still owns assets). */
export function v3Conflict(message: string): V3Failure {
  return v3Failure(409, message);
}

/** Whether a thrown value is a V3Failure. */
export function isV3Failure(value: unknown): value is V3Failure {
  return (
    typeof value === "object" &&
    value !== null &&
    "status" in value &&
    "body" in value &&
    typeof (value as { body: unknown }).body === "object"
  );
}
