/**
 * The two API clients of a discovered server, on the CLI's fetch: Admin v1 (OAuth1 signed or
 * OAuth2 bearer) and Server API v3 (OAuth2), which share one token source when given one. The
 * only module that builds them.
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
  if (bases.scheme === "oauth1") {
    const { tokenSource: _none, ...rest } = common;
    return createAdminClient({ ...rest, baseUrl: bases.adminV1Url, auth: "oauth1" });
  }
  return createAdminClient({
    ...oauth2Options(bases, common),
    baseUrl: bases.adminV1Url,
    auth: "oauth2",
  });
}

/**
 * The OAuth2 client options: the clock matters to OAuth1 signatures only; the token URL is the
 * discovered one, unless a token source is given (it has its own).
 */
function oauth2Options(
  bases: ApiBases,
  common: CommonClientOptions,
): Omit<CommonClientOptions, "clockOffsetSeconds"> {
  const { clockOffsetSeconds: _unused, tokenSource, ...rest } = common;
  if (tokenSource !== undefined) return { ...rest, tokenSource };
  return bases.tokenUrl ? { ...rest, tokenUrl: bases.tokenUrl } : rest;
}

/** The Server API v3 client of the discovered bases (OAuth2 servers only: check `webapiUrl`). */
export function createV3Client(bases: ApiBases, common: CommonClientOptions): ServerClient {
  if (!bases.webapiUrl) throw new Error("createV3Client needs an OAuth2 server (webapiUrl)");
  return createServerClient({ ...oauth2Options(bases, common), baseUrl: bases.webapiUrl });
}
