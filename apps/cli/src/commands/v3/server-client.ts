/**
 * The one place the v3 commands get their Server API v3 client. INTERIM: until
 * `session.serverClient()` (cli-current) and `createServerClient` (@alteryx-admin/client) are in
 * main, it builds an openapi-fetch client typed by the generated v3 paths, with the bearer token
 * of @alteryx-admin/oauth2, on the session's fetch (CA, proxy, timeouts, --verbose lines). The
 * integrator replaces the body of {@link openServerClient} with the session's client, and
 * {@link ServerClient} with the client's exported type; nothing else in the commands changes.
 */
import { createTokenSource, oauth2Middleware } from "@alteryx-admin/oauth2";
import createClient, { type Client } from "openapi-fetch";
// INTERIM: the client does not export the v3 types yet; this type-only import is erased at
// build time and goes with the switch to createServerClient.
import type { paths } from "../../../../../packages/admin-client/dist/generated/server-v3.js";
import type { Target } from "../../config/resolve.js";
import type { Session } from "../../context.js";
import type { CliFetch } from "../../http/fetch.js";

/** The typed Server API v3 client the commands use (paths start with `/v3`). */
export type ServerClient = Client<paths>;

/** The generated v3 types, for the shapes the commands read. */
export type { components as V3 } from "../../../../../packages/admin-client/dist/generated/server-v3.js";

/** A v3 connection: the client, and the server's origin (journals and messages name it). */
export interface ServerApi {
  client: ServerClient;
  /** The server's origin, e.g. https://alteryx.example.com (never user info). */
  origin: string;
  /** The resolved target (for messages). */
  target: Target;
}

/** True when a configured URL is a Server's `/webapi` one (OAuth2, so Server API v3 is there). */
export function speaksV3(url: string): boolean {
  return /^\/webapi(\/|$)/.test(new URL(url).pathname);
}

/** The `/webapi` base of a target: its origin + `/webapi`. */
export function webapiBase(url: string): string {
  return `${new URL(url).origin}/webapi`;
}

/**
 * The v3 client of the configured server, or undefined when the server has no Server API v3
 * (an Admin v1 URL under `/gallery/api`, or the demo Gallery of main, which serves Admin v1
 * only): the caller falls back to Admin v1 where a command can, or says what it needs.
 */
export async function openServerClient(session: Session): Promise<ServerApi | undefined> {
  if (session.demo) return undefined;
  const target = await session.resolve();
  if (!speaksV3(target.url)) return undefined;
  const fetch: CliFetch = session.network(target);
  const base = webapiBase(target.url);
  const client = createClient<paths>({
    baseUrl: base,
    fetch: (request: Request) => fetch(request.url, requestInit(request)),
  });
  const source = createTokenSource({
    tokenUrl: `${base}/oauth2/token`,
    clientId: target.key,
    clientSecret: target.secret,
    fetch: (url, init) => fetch(url, init as unknown as RequestInit),
  });
  client.use(oauth2Middleware(source));
  return { client, origin: new URL(target.url).origin, target };
}

/** A Request as fetch(url, init) arguments (the CLI's fetch takes a URL and an init). */
function requestInit(request: Request): RequestInit {
  return {
    method: request.method,
    headers: request.headers,
    body: request.body,
    signal: request.signal,
    redirect: "manual",
    // Node's fetch needs it to send a stream body.
    ...(request.body ? { duplex: "half" } : {}),
  } as RequestInit;
}
