/**
 * createServerClient: an openapi-fetch client typed by the generated Server API v3 `paths`, on
 * the same request pipeline and option validation as the Admin v1 client, always OAuth2.
 */
import type { TokenSource } from "@alteryx-admin/oauth2";
import createClient, { type Client } from "openapi-fetch";
import { oauth2Pipeline } from "./client.js";
import type { paths } from "./generated/server-v3.js";
import { normalizeServerOptions, type ServerClientOptions } from "./http/options.js";

/** A typed Server API v3 client: openapi-fetch's `Client<paths>` plus the validated base URL. */
export type ServerClient = Client<paths> & {
  /** The normalized `/webapi` root, without a trailing slash (paths add `/v3/...`). */
  readonly baseUrl: string;
  /**
   * Where the client's requests get their bearer token: give it to an Admin v1 client of the
   * same server (`tokenSource` option) to share one token.
   */
  readonly tokenSource: TokenSource;
};

/**
 * Creates a typed Server API v3 client (Server 2021.4 and later). It authenticates with OAuth2
 * client credentials: the API key and secret get a bearer token from
 * `<origin>/webapi/oauth2/token` (or `tokenUrl`), cached and shared by concurrent requests; a
 * 401 drops the token and sends the request once more with a new one. With `tokenSource:
 * admin.tokenSource` it shares the token of an Admin v1 client instead. Timeouts, retries of GET
 * and HEAD, redirects and typed errors are those of {@link createAdminClient}.
 *
 * @param options - `baseUrl` is the server's `/webapi` root (with or without a trailing slash);
 *   validated here, a bad option throws a TypeError saying what to fix
 * @example
 * const server = createServerClient({
 *   baseUrl: "https://alteryx.example.com/webapi",
 *   consumerKey: process.env.ALTERYX_KEY!, consumerSecret: process.env.ALTERYX_SECRET!,
 * });
 * const users = unwrap(await server.GET("/v3/users", { params: { query: { view: "Full" } } }));
 */
export function createServerClient(options: ServerClientOptions): ServerClient {
  const o = normalizeServerOptions(options);
  const client = createClient<paths>({
    baseUrl: o.baseUrl,
    headers: o.headers,
    fetch: oauth2Pipeline(o),
  });
  Object.defineProperty(client, "baseUrl", { value: o.baseUrl, enumerable: true });
  Object.defineProperty(client, "tokenSource", { value: o.tokenSource });
  return client as ServerClient;
}
