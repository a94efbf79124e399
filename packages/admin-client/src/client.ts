/**
 * createAdminClient: an openapi-fetch client typed by the generated Admin v1 `paths`, whose
 * fetch is the request pipeline (http/pipeline.ts) with the scheme's authorize step: OAuth1
 * signatures (http/oauth1.ts) or OAuth2 bearer tokens (http/oauth2.ts).
 */
import { createSigner } from "@alteryx-admin/oauth1-signer";
import createClient, { type Client } from "openapi-fetch";
import type { paths } from "./generated/admin-v1.js";
import { oauth1Step } from "./http/oauth1.js";
import { clientTokenSource, oauth2Step } from "./http/oauth2.js";
import {
  type AdminClientOptions,
  type AuthScheme,
  type NormalizedCommon,
  type NormalizedOptions,
  normalizeOptions,
} from "./http/options.js";
import { createPipeline } from "./http/pipeline.js";

/** A typed Admin API v1 client: openapi-fetch's `Client<paths>` plus the validated settings. */
export type AdminClient = Client<paths> & {
  /** The normalized Admin API root, without a trailing slash. */
  readonly baseUrl: string;
  /** The scheme the client authenticates with (given, or from the base URL). */
  readonly auth: AuthScheme;
};

/**
 * The pipeline of a client that sends OAuth2 bearer tokens from one token source of its own
 * (shared by all its requests). Used by both createAdminClient and createServerClient.
 * @internal
 */
export function oauth2Pipeline(
  o: NormalizedCommon & {
    baseUrl: string;
    tokenUrl: string;
    allowInsecureHttp: boolean;
    clientAuth: "basic" | "post";
  },
): (request: Request) => Promise<Response> {
  const step = oauth2Step(clientTokenSource(o));
  return createPipeline({
    baseUrl: o.baseUrl,
    authorize: step.authorize,
    renew: step.renew,
    auth: "oauth2",
    fetch: o.fetch,
    dispatcher: o.dispatcher,
    timeoutMs: o.timeoutMs,
    retry: o.retry,
  });
}

function oauth1Pipeline(o: NormalizedOptions): (request: Request) => Promise<Response> {
  const signer = createSigner({
    consumerKey: o.consumerKey,
    consumerSecret: o.consumerSecret,
    placement: o.placement,
    clockOffsetSeconds: o.clockOffsetSeconds,
  });
  return createPipeline({
    baseUrl: o.baseUrl,
    authorize: oauth1Step(signer, o.placement),
    auth: "oauth1",
    fetch: o.fetch,
    dispatcher: o.dispatcher,
    timeoutMs: o.timeoutMs,
    retry: o.retry,
  });
}

/**
 * Creates a typed Admin API v1 client. Options are validated here; a bad one throws a TypeError
 * saying what to fix (never echoing the secret).
 *
 * The scheme follows the base URL: `/webapi/admin/v1` (Server 2021.4 and later) takes OAuth2
 * bearer tokens, fetched from `<origin>/webapi/oauth2/token` with the key and secret as client
 * id and secret, cached and shared by concurrent requests; a 401 drops the token and sends the
 * request once more with a new one. `/gallery/api/admin/v1` (Server 2021.4 and older) is signed
 * with OAuth1, every attempt anew. Any other path is OAuth1 unless `auth: "oauth2"` is given.
 * Under both, GET and HEAD are retried on network errors, timeouts, 429 and 5xx; other methods
 * never are.
 *
 * @example
 * const admin = createAdminClient({
 *   baseUrl: "https://alteryx.example.com/webapi/admin/v1",
 *   consumerKey: process.env.ALTERYX_KEY!, consumerSecret: process.env.ALTERYX_SECRET!,
 * });
 * const { data, error } = await admin.GET("/users/", { params: { query: { page: 0, pageSize: 100 } } });
 */
export function createAdminClient(options: AdminClientOptions): AdminClient {
  const o = normalizeOptions(options);
  const fetch =
    o.auth === "oauth2"
      ? oauth2Pipeline({ ...o, tokenUrl: o.tokenUrl as string })
      : oauth1Pipeline(o);
  const client = createClient<paths>({ baseUrl: o.baseUrl, headers: o.headers, fetch });
  Object.defineProperty(client, "baseUrl", { value: o.baseUrl, enumerable: true });
  Object.defineProperty(client, "auth", { value: o.auth, enumerable: true });
  return client as AdminClient;
}
