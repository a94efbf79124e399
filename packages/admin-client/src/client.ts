/**
 * createAdminClient: an openapi-fetch client typed by the generated Admin v1 `paths`, whose
 * fetch is the request pipeline (http/pipeline.ts) with the scheme's authorize step: OAuth1
 * signatures (http/oauth1.ts) or OAuth2 bearer tokens (http/oauth2.ts).
 */
import { createSigner } from "@alteryx-admin/oauth1-signer";
import type { TokenSource } from "@alteryx-admin/oauth2";
import createClient, { type Client } from "openapi-fetch";
import type { paths } from "./generated/admin-v1.js";
import { oauth1Step } from "./http/oauth1.js";
import { oauth2Step } from "./http/oauth2.js";
import {
  type AdminClientOptions,
  type AuthScheme,
  type NormalizedCommon,
  type NormalizedOAuth1Options,
  normalizeOptions,
} from "./http/options.js";
import { createPipeline } from "./http/pipeline.js";

/** A typed Admin API v1 client: openapi-fetch's `Client<paths>` plus the validated settings. */
export type AdminClient = Client<paths> & {
  /** The normalized Admin API root, without a trailing slash. */
  readonly baseUrl: string;
  /** The scheme the client authenticates with (given, or from the base URL). */
  readonly auth: AuthScheme;
  /**
   * Under OAuth2, where the client's requests get their bearer token: give it to another client
   * of the same server (`tokenSource` option) to share one token. Undefined under OAuth1.
   */
  readonly tokenSource: TokenSource | undefined;
};

/**
 * The pipeline of a client that sends OAuth2 bearer tokens from its token source (shared by
 * all its requests, and by other clients given it). Used by both createAdminClient and
 * createServerClient.
 * @internal
 */
export function oauth2Pipeline(
  o: NormalizedCommon & { baseUrl: string; tokenSource: TokenSource },
): (request: Request) => Promise<Response> {
  const step = oauth2Step(o.tokenSource);
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

function oauth1Pipeline(o: NormalizedOAuth1Options): (request: Request) => Promise<Response> {
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
 * request once more with a new one (`tokenSource` shares one token with another client).
 * `/gallery/api/admin/v1` (Server 2021.4 and older) is signed
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
  const fetch = o.auth === "oauth2" ? oauth2Pipeline(o) : oauth1Pipeline(o);
  const client = createClient<paths>({ baseUrl: o.baseUrl, headers: o.headers, fetch });
  Object.defineProperty(client, "baseUrl", { value: o.baseUrl, enumerable: true });
  Object.defineProperty(client, "auth", { value: o.auth, enumerable: true });
  Object.defineProperty(client, "tokenSource", {
    value: o.auth === "oauth2" ? o.tokenSource : undefined,
  });
  return client as AdminClient;
}
