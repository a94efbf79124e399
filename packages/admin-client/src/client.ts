/**
 * createAdminClient: an openapi-fetch client typed by the generated `paths`, whose fetch is the
 * request pipeline (http/pipeline.ts) with the OAuth1 authorize step (http/oauth1.ts).
 */
import { createSigner } from "@alteryx-admin/oauth1-signer";
import createClient, { type Client } from "openapi-fetch";
import type { paths } from "./generated/admin-v1.js";
import { oauth1Step } from "./http/oauth1.js";
import { type AdminClientOptions, normalizeOptions } from "./http/options.js";
import { createPipeline } from "./http/pipeline.js";

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
 * retried on network errors, timeouts, 429 and 5xx; other methods never are.
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
  const client = createClient<paths>({
    baseUrl: o.baseUrl,
    headers: o.headers,
    fetch: createPipeline({
      baseUrl: o.baseUrl,
      authorize: oauth1Step(signer, o.placement),
      fetch: o.fetch,
      dispatcher: o.dispatcher,
      timeoutMs: o.timeoutMs,
      retry: o.retry,
    }),
  });
  Object.defineProperty(client, "baseUrl", { value: o.baseUrl, enumerable: true });
  return client as AdminClient;
}
