/**
 * The one place the v3 commands get their Server API v3 client. Until `session.serverClient()`
 * (cli-current: discovery, one token per run) is in main, it builds `createServerClient` from the
 * configured URL's origin + `/webapi`, with the session's fetch (CA, proxy, timeouts, --verbose
 * lines), key, secret and --timeout. The integrator replaces the body of
 * {@link openServerClient} with the session's client; nothing else in the commands changes.
 */
import { createServerClient, type ServerClient, type V3Components } from "@alteryx-admin/client";
import type { Target } from "../../config/resolve.js";
import type { Session } from "../../context.js";
import { UsageError } from "../../errors.js";
import type { CliFetch } from "../../http/fetch.js";

export type { ServerClient };

/** The generated v3 types, for the shapes the commands read. */
export type V3 = V3Components;

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
 * The session's target, resolved once: `--secret-stdin` reads stdin, which can be read only once,
 * and a command that falls back to Admin v1 resolves again through `session.connect()`. The
 * session's own `resolve` is replaced by the memo for that reason. (cli-current's Session
 * connects once per run; with it, this goes.)
 */
function resolveOnce(session: Session): Promise<Target> {
  const resolving = session.resolve();
  session.resolve = () => resolving;
  return resolving;
}

/**
 * The v3 client of the configured server (or of the demo Gallery with --demo), or undefined
 * when the server has no Server API v3 configured (an Admin v1 URL under `/gallery/api`): the
 * caller falls back to Admin v1 where a command can, or says what it needs.
 */
export async function openServerClient(session: Session): Promise<ServerApi | undefined> {
  if (session.demo) {
    // The demo Gallery (the mock, as Server 2021.4) serves both APIs on one origin: v3 beside
    // the Admin v1 URL the session connected to, reached directly like the demo itself.
    const { target, fetch } = await session.connect();
    return serverApi(session, target, fetch);
  }
  const target = await resolveOnce(session);
  if (!speaksV3(target.url)) return undefined;
  return serverApi(session, target, session.network(target));
}

/** Builds the v3 client of a target on the given fetch. */
function serverApi(session: Session, target: Target, fetch: CliFetch): ServerApi {
  const logger = session.logger;
  let client: ServerClient;
  try {
    client = createServerClient({
      baseUrl: webapiBase(target.url),
      consumerKey: target.key,
      consumerSecret: target.secret,
      fetch,
      userAgent: "alteryx-admin-cli",
      timeoutMs: session.timeoutSeconds * 1000,
      retry: {
        onRetry: (e) =>
          logger.debug(
            `retrying ${e.method} ${e.path} in ${e.delayMs} ms (attempt ${e.attempt + 1} of ${e.attempts}${e.status ? `, got ${e.status}` : ""})`,
          ),
      },
    });
  } catch (error) {
    // The client validates its options (URL shape, key); a bad one is a configuration mistake.
    throw new UsageError(`${target.source}: ${(error as Error).message}`);
  }
  return { client, origin: new URL(target.url).origin, target };
}
