/**
 * The one place the v3 commands get their Server API v3 client: the session's, from discovery
 * (one discovery and one token request per run; see connect/discover.ts).
 */
import type { ServerClient, V3Components } from "@alteryx-admin/client";
import type { Connection, Session } from "../../context.js";

export type { ServerClient };

/** The generated v3 types, for the shapes the commands read. */
export type V3 = V3Components;

/** A v3 connection: the client, and the server's origin (journals and messages name it). */
export interface ServerApi {
  client: ServerClient;
  /** The server's origin, e.g. https://alteryx.example.com (never user info). */
  origin: string;
}

/**
 * The v3 client of the configured server (or of the demo Gallery with --demo), or undefined
 * when the server has no Server API v3 (an OAuth1 server, or OAuth1 forced): the caller falls
 * back to Admin v1 where a command can, or says what it needs.
 */
export async function openServerClient(session: Session): Promise<ServerApi | undefined> {
  const connection = await session.connect();
  if (!connection.apis.webapiUrl) return undefined;
  return serverApiOf(connection);
}

/**
 * A connection's v3 client and origin; on a server without v3, the connection's usage error
 * (exit 2) that names `what` as the command that needs it and says what the server speaks.
 */
export function serverApiOf(connection: Connection, what?: string): ServerApi {
  const client = connection.serverClient(what);
  // serverClient() has thrown unless discovery found the /webapi base.
  return { client, origin: new URL(connection.apis.webapiUrl ?? "").origin };
}
