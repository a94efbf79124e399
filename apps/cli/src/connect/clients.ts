/**
 * The two API clients of a discovered server, on the CLI's fetch: Admin v1 (OAuth1 signed or
 * OAuth2 bearer) and Server API v3 (OAuth2). The only module that builds them.
 *
 * `auth`/`tokenUrl` of `createAdminClient` and `createServerClient` come with the client's OAuth2
 * support (client-v3); until @alteryx-admin/client exports them, they are reached through this
 * module's narrow view of the package, and v3 is reported as unavailable.
 */

import type { AdminClient, AdminClientOptions } from "@alteryx-admin/client";
import * as clientPackage from "@alteryx-admin/client";
import type { ApiBases } from "./bases.js";

/** The options both clients share, without the base URL and scheme. */
export type CommonClientOptions = Omit<AdminClientOptions, "baseUrl" | "placement">;

/**
 * A Server API v3 client as the CLI uses it: openapi-fetch's method functions on paths that
 * start with `/v3`, and its base URL (`<root>/webapi`).
 */
export interface ServerClient {
  readonly baseUrl: string;
  GET(path: string, init?: Record<string, unknown>): Promise<FetchResult>;
  POST(path: string, init?: Record<string, unknown>): Promise<FetchResult>;
  PUT(path: string, init?: Record<string, unknown>): Promise<FetchResult>;
  PATCH(path: string, init?: Record<string, unknown>): Promise<FetchResult>;
  DELETE(path: string, init?: Record<string, unknown>): Promise<FetchResult>;
}

/** What openapi-fetch answers. */
export interface FetchResult {
  data?: unknown;
  error?: unknown;
  response: Response;
}

type CreateAdminClient = (options: AdminClientOptions & Record<string, unknown>) => AdminClient;
type CreateServerClient = (options: CommonClientOptions & { baseUrl: string }) => ServerClient;

const exported = clientPackage as unknown as {
  createAdminClient: CreateAdminClient;
  createServerClient?: CreateServerClient;
};

/** The Admin v1 client of the discovered bases: signed (OAuth1) or with a bearer token (OAuth2). */
export function createAdminV1Client(bases: ApiBases, common: CommonClientOptions): AdminClient {
  if (bases.scheme === "oauth1") {
    // No `auth`: the client signs with OAuth1 by default, for any base outside /webapi.
    return exported.createAdminClient({ ...common, baseUrl: bases.adminV1Url });
  }
  // The clock matters to OAuth1 signatures only.
  const { clockOffsetSeconds: _unused, ...rest } = common;
  return exported.createAdminClient({
    ...rest,
    baseUrl: bases.adminV1Url,
    auth: "oauth2",
    ...(bases.tokenUrl ? { tokenUrl: bases.tokenUrl } : {}),
  });
}

/** True when this build of @alteryx-admin/client has the v3 client. */
export function hasServerClient(): boolean {
  return typeof exported.createServerClient === "function";
}

/** The Server API v3 client of the discovered bases (OAuth2 servers only: check `webapiUrl`). */
export function createV3Client(bases: ApiBases, common: CommonClientOptions): ServerClient {
  if (!bases.webapiUrl || !exported.createServerClient)
    throw new Error("createV3Client needs an OAuth2 server and a client with createServerClient");
  // The options createServerClient documents (no OAuth1 settings such as the clock offset).
  const { consumerKey, consumerSecret, fetch, timeoutMs, retry } = common;
  return exported.createServerClient({
    baseUrl: bases.webapiUrl,
    consumerKey,
    consumerSecret,
    ...(fetch ? { fetch } : {}),
    ...(timeoutMs !== undefined ? { timeoutMs } : {}),
    ...(retry ? { retry } : {}),
  });
}
