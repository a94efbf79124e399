// A refusal of the request-reading code both APIs share (query parameters, uploads). It has no
// API's shape: each router answers it in its own (Admin v1: a Gallery ArgumentException; API
// v3: `{ message, modelState }`), so a v3 request never gets an Admin v1 error body.

/** A query parameter, form field or upload the shared readers refuse; `message` says why. */
export class InputError extends Error {
  constructor(
    message: string,
    readonly status = 400,
  ) {
    super(message);
    this.name = "InputError";
  }
}

/** Whether a thrown value is an {@link InputError}. */
export function isInputError(value: unknown): value is InputError {
  return value instanceof InputError;
}
