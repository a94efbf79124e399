/**
 * The redirect policy. The pipeline sends every request with `redirect: "manual"` and decides
 * here: GET and HEAD follow a bounded number of hops, re-authorized when the hop stays on the
 * origin the caller configured and sent with no credentials at all when it leaves it; any other
 * method fails with {@link AlteryxRedirectError}, because following would send its body again or
 * turn it into a GET, and nothing is re-sent.
 */
import { AlteryxRedirectError, type RequestSummary } from "./errors.js";
import { redactUrl } from "./redact.js";

/** The most hops a GET or HEAD follows. */
export const MAX_REDIRECTS = 5;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const OAUTH_PARAMETER = /^oauth_/i;

/** The next hop of a followed redirect. @internal */
export interface Hop {
  /** Absolute URL of the next request, without any oauth_* query parameter. */
  url: string;
  /** True when the hop is on the caller's origin, and so may carry credentials. */
  authorized: boolean;
}

/**
 * Where a redirect leads: the Location resolved against the current URL, without the `oauth_*`
 * parameters a server may have copied into it from a signed query.
 */
function target(location: string, current: string): URL {
  const url = new URL(location, current);
  for (const name of [...url.searchParams.keys()]) {
    if (OAUTH_PARAMETER.test(name)) url.searchParams.delete(name);
  }
  url.hash = "";
  return url;
}

/**
 * Decides what to do with an answer: `null` when it is not a redirect to follow (hand it on),
 * the next {@link Hop}, or a thrown {@link AlteryxRedirectError}.
 * @internal
 */
export function nextHop(
  response: Response,
  current: string,
  context: { request: RequestSummary; mode: RequestRedirect; hops: number },
): Hop | null {
  const { request, mode, hops } = context;
  const fail = (status: number, location: string, reason: string) =>
    new AlteryxRedirectError({ ...request, status, location, reason });
  if (response.type === "opaqueredirect") {
    // A browser answers a manual redirect with an opaque response: status 0, no Location.
    throw fail(
      0,
      "",
      "this browser hides redirects from fetch, so the client cannot check where it leads; use the URL the server redirects to as baseUrl",
    );
  }
  const location = response.headers.get("location");
  if (!REDIRECT_STATUSES.has(response.status) || location === null || mode === "manual")
    return null;
  let url: URL;
  try {
    url = target(location, current);
  } catch {
    throw fail(response.status, redactUrl(location), "the Location is not a valid URL");
  }
  const shown = redactUrl(url.href);
  if (mode === "error") throw fail(response.status, shown, 'the call asked for redirect: "error"');
  if (request.method !== "GET" && request.method !== "HEAD") {
    throw fail(
      response.status,
      shown,
      `a ${request.method} is never sent again or turned into a GET, so nothing was re-sent; use the URL the server redirects to as baseUrl`,
    );
  }
  if (hops >= MAX_REDIRECTS) {
    throw fail(
      response.status,
      shown,
      `more than ${MAX_REDIRECTS} redirects; use the final URL as baseUrl`,
    );
  }
  return { url: url.href, authorized: url.origin === request.origin };
}
