/**
 * openapi-fetch middleware, the sibling of `oauth1Middleware`. Typed structurally so consumers
 * need neither openapi-fetch at run time nor its types: the object below is assignable to
 * openapi-fetch's `Middleware`.
 */
import { redactedView } from "./secret.js";
import type { TokenSource } from "./types.js";

/** The openapi-fetch `Middleware` shape this package returns. */
export interface OAuth2Middleware {
  /** Sets `Authorization: Bearer <token>`, and keeps a copy of the request for one retry. */
  onRequest(params: { request: Request }): Promise<Request>;
  /**
   * On a 401, drops the refused token and sends the kept copy once more with a new token,
   * through the client's fetch. Any other answer, and a second 401, pass through.
   */
  onResponse(params: {
    request: Request;
    response: Response;
    options: { fetch: (input: Request) => Promise<Response> };
  }): Promise<Response | undefined>;
}

/** What onRequest leaves for onResponse: the token sent and an unsent copy of the request. */
interface Attempt {
  readonly token: string;
  readonly spare: Request;
}

/**
 * An openapi-fetch middleware that authorizes every request with a bearer token from `source`,
 * and retries a request once, with a new token, when the server answers 401. A 401 means the
 * server did not act on the request, so every method is retried; the body is re-sent from a
 * copy taken before the first send (multipart included). Register it after any middleware that
 * replaces the request, so that its copy is of the request that is sent.
 *
 * @param source - a token source from {@link createTokenSource}, shared as you like
 * @example
 * const admin = createClient<paths>({ baseUrl: "https://alteryx.example.com/webapi/admin/v1" });
 * admin.use(oauth2Middleware(createTokenSource({ tokenUrl, clientId, clientSecret })));
 */
export function oauth2Middleware(source: TokenSource): OAuth2Middleware {
  if (typeof source?.getToken !== "function" || typeof source.invalidate !== "function") {
    throw new TypeError(
      "oauth2Middleware needs a token source: oauth2Middleware(createTokenSource({ tokenUrl, clientId, clientSecret }))",
    );
  }
  // Keyed by the request object openapi-fetch sends and then hands to onResponse: no entry
  // outlives its request, whatever happens to it.
  const attempts = new WeakMap<Request, Attempt>();
  const middleware: OAuth2Middleware = {
    async onRequest({ request }) {
      const token = await source.getToken({ signal: request.signal });
      request.headers.set("Authorization", `Bearer ${token}`);
      // Before the first send: afterwards the body stream is spent. A bodiless request can be
      // sent again as it is.
      attempts.set(request, { token, spare: request.body === null ? request : request.clone() });
      return request;
    },
    async onResponse({ request, response, options }) {
      const attempt = attempts.get(request);
      attempts.delete(request);
      if (attempt === undefined) return undefined;
      if (response.status !== 401) {
        // Stops the copy's half of the tee'd body from buffering. Not awaited: that promise
        // settles only once the sent half is done too, which never happens when the server
        // answered before reading the whole body.
        attempt.spare.body?.cancel().catch(() => {});
        return undefined;
      }
      source.invalidate(attempt.token);
      const token = await source.getToken({ signal: request.signal });
      await response.body?.cancel();
      attempt.spare.headers.set("Authorization", `Bearer ${token}`);
      return options.fetch(attempt.spare);
    },
  };
  return Object.freeze(redactedView(middleware, "OAuth2Middleware", { source }));
}
