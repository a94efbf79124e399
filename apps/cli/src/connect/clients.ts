/**
 * The two API clients of a discovered server, on the CLI's fetch: Admin v1 (OAuth1 signed or
 * OAuth2 bearer) and Server API v3 (OAuth2). The only module that builds them.
 */
import {
  type AdminClient,
  type AdminClientOptions,
  createAdminClient,
  createServerClient,
  type ServerClient,
} from "@alteryx-admin/client";
import type { ApiBases } from "./bases.js";

export type { ServerClient };

/** The options both clients share, without the base URL and scheme. */
export type CommonClientOptions = Omit<AdminClientOptions, "baseUrl" | "placement" | "auth">;

/** The Admin v1 client of the discovered bases: signed (OAuth1) or with a bearer token (OAuth2). */
export function createAdminV1Client(bases: ApiBases, common: CommonClientOptions): AdminClient {
  if (bases.scheme === "oauth1")
    return createAdminClient({ ...common, baseUrl: bases.adminV1Url, auth: "oauth1" });
  // The clock matters to OAuth1 signatures only.
  const { clockOffsetSeconds: _unused, ...rest } = common;
  return createAdminClient({
    ...rest,
    baseUrl: bases.adminV1Url,
    auth: "oauth2",
    ...(bases.tokenUrl ? { tokenUrl: bases.tokenUrl } : {}),
  });
}

/** The Server API v3 client of the discovered bases (OAuth2 servers only: check `webapiUrl`). */
export function createV3Client(bases: ApiBases, common: CommonClientOptions): ServerClient {
  if (!bases.webapiUrl) throw new Error("createV3Client needs an OAuth2 server (webapiUrl)");
  const { clockOffsetSeconds: _unused, ...rest } = common;
  return createServerClient({
    ...rest,
    baseUrl: bases.webapiUrl,
    ...(bases.tokenUrl ? { tokenUrl: bases.tokenUrl } : {}),
  });
}
