/**
 * createAdminClient: an openapi-fetch client typed by the generated `paths`, whose fetch signs,
 * times out and retries every request (see fetch.ts).
 */
import { createSigner } from "@alteryx-admin/oauth1-signer";
import createClient, { type Client, createQuerySerializer, type Middleware } from "openapi-fetch";
import { createAdminFetch, createRequestClass } from "./fetch.js";
import type { paths } from "./generated/admin-v1.js";
import { type AdminClientOptions, normalizeOptions } from "./options.js";

/** A typed Admin API v1 client: openapi-fetch's `Client<paths>` plus the validated base URL. */
export type AdminClient = Client<paths> & {
  /** The normalized Admin API root, without a trailing slash. */
  readonly baseUrl: string;
};

/**
 * Creates a typed, signed Admin API v1 client. Options are validated here; a bad one throws a
 * TypeError saying what to fix (never echoing the secret).
 *
 * Every attempt of every request is signed anew (fresh nonce and timestamp). GET and HEAD are
 * retried on network errors, timeouts, 429 and 5xx; POST and PUT never are.
 *
 * @example
 * const admin = createAdminClient({
 *   baseUrl: "https://gallery.example.com/gallery/api/admin/v1",
 *   consumerKey: process.env.ALTERYX_KEY!, consumerSecret: process.env.ALTERYX_SECRET!,
 * });
 * const { data, error } = await admin.GET("/users/", { params: { query: { page: 0, pageSize: 100 } } });
 */
export function createAdminClient(options: AdminClientOptions): AdminClient {
  const o = normalizeOptions(options);
  const signer = createSigner({
    consumerKey: o.consumerKey,
    consumerSecret: o.consumerSecret,
    placement: o.placement,
    clockOffsetSeconds: o.clockOffsetSeconds,
  });
  // Middlewares see the request, so it must be a real Request while any is registered; without
  // one, bodiless calls skip building a Request that fetch would only copy (see PlainRequest).
  const middlewares: Middleware[] = [];
  const client = createClient<paths>({
    baseUrl: o.baseUrl,
    headers: o.headers,
    Request: createRequestClass(() => middlewares.length === 0),
    // Built once: given no serializer, openapi-fetch builds this same default on every call.
    querySerializer: createQuerySerializer(),
    fetch: createAdminFetch({
      signer,
      placement: o.placement,
      fetch: o.fetch,
      transport: o.transport,
      timeoutMs: o.timeoutMs,
      retry: o.retry,
    }),
  });
  const use = client.use;
  const eject = client.eject;
  // Kept in step with openapi-fetch's own list, one middleware at a time (use() throws on an
  // invalid one after adding those before it; eject() removes one occurrence).
  client.use = (...added) => {
    for (const m of added) {
      use(m);
      if (m) middlewares.push(m);
    }
  };
  client.eject = (...removed) => {
    for (const m of removed) {
      eject(m);
      const i = middlewares.indexOf(m);
      if (i !== -1) middlewares.splice(i, 1);
    }
  };
  // A call with its own middleware or fetch gets a real Request as well (and, like every call,
  // a class that accepts any Request a middleware returns).
  const RealRequest = createRequestClass(() => false);
  const forCall = (init?: CallInit) =>
    init != null && (init.middleware?.length || init.fetch !== undefined)
      ? { ...init, Request: init.Request ?? RealRequest }
      : init;
  for (const method of CALL_METHODS) {
    const call = client[method] as (url: string, init?: CallInit) => Promise<unknown>;
    (client as unknown as Record<string, unknown>)[method] = (url: string, init?: CallInit) =>
      call(url, forCall(init));
  }
  const request = client.request as (method: string, url: string, init?: CallInit) => unknown;
  client.request = ((method: string, url: string, init?: CallInit) =>
    request(method, url, forCall(init))) as typeof client.request;
  Object.defineProperty(client, "baseUrl", { value: o.baseUrl, enumerable: true });
  return client as AdminClient;
}

/** The per-call options that decide whether a call may skip the Request (see createAdminClient). */
interface CallInit {
  middleware?: Middleware[];
  fetch?: unknown;
  Request?: typeof Request;
}

const CALL_METHODS = ["GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE"] as const;
