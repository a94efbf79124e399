/**
 * Which request a network failure belongs to. The CLI's fetch marks each error it sees (kept
 * aside in a WeakMap, the error itself is unchanged), and the error message looks the mark up
 * through the `cause` chain the client wraps it in: with two Galleries (migrate), the message
 * names the one that failed.
 */

/** A request as error messages name it: never a header or an oauth_* value. */
export interface RequestLabel {
  method: string;
  /** The URL without user info or oauth_* parameters. */
  url: string;
  /** The --timeout in seconds that applied. */
  timeoutSeconds: number;
  /** "request": no answer (connect, TLS, headers); "body": the answer's body failed. */
  phase: "request" | "body";
  /** The proxy that may carry the request (origin only) and where it was set. */
  proxy?: { origin: string; setting: string } | undefined;
}

const labels = new WeakMap<object, RequestLabel>();

/** Marks `error` as a failure of `label`'s request and returns it. */
export function markFailedRequest<E>(error: E, label: RequestLabel): E {
  if (typeof error === "object" && error !== null && !labels.has(error)) labels.set(error, label);
  return error;
}

/** The request an error (or one of its causes) was marked with. */
export function failedRequestOf(error: unknown): RequestLabel | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 6 && typeof current === "object" && current !== null; depth++) {
    const label = labels.get(current);
    if (label) return label;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}
