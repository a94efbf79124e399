/**
 * Discovery: which API bases and which scheme a configured Gallery is spoken to with. Once per
 * run (the Session caches it). Given the server root and `auth: auto`, one token request decides:
 * a token means OAuth2 (Admin v1 and v3 under /webapi), no token endpoint means OAuth1 at
 * /gallery/api/admin/v1. A URL that names its base, or a forced `auth`, needs no request.
 */
import type { TokenSource } from "@alteryx-admin/oauth2";
import type { Target } from "../config/resolve.js";
import type { CliFetch } from "../http/fetch.js";
import {
  type ApiBases,
  basesOf,
  basesOfSchemeUrl,
  classifyUrl,
  type Scheme,
  schemeName,
} from "./bases.js";
import { probeTokenEndpoint } from "./token-probe.js";

/** The outcome of discovery: where the APIs are, and why. */
export interface Discovery extends ApiBases {
  /** How the scheme was chosen, for --verbose and doctor ("the token endpoint issued a token"). */
  reason: string;
  /** The token source that got discovery its token: the run's clients share it (one token). */
  tokenSource?: TokenSource | undefined;
}

/** Where the `auth` setting came from, for messages. */
function authOrigin(target: Target): string {
  return target.origins.auth ?? "auth";
}

/** Discovers the API bases of a configured target; see the module comment. */
export async function discover(target: Target, fetch: CliFetch): Promise<Discovery> {
  const classified = classifyUrl(target.url);
  const forced: Scheme | undefined = target.auth === "auto" ? undefined : target.auth;
  if (classified.kind !== "root") {
    const bases = basesOfSchemeUrl(
      target.url,
      { ...classified, kind: classified.kind },
      forced,
      authOrigin(target),
    );
    return {
      ...bases,
      reason: `the URL is an ${schemeName(bases.scheme)} base${bases.scheme === "oauth2" ? " (/webapi)" : ""}`,
    };
  }
  if (forced !== undefined)
    return {
      ...basesOf(classified.root, forced),
      reason: `${authOrigin(target)} is ${forced}`,
    };
  const oauth2 = basesOf(classified.root, "oauth2");
  const tokenUrl = oauth2.tokenUrl as string;
  const probe = await probeTokenEndpoint(fetch, tokenUrl, target.key, target.secret);
  switch (probe.outcome) {
    case "issued":
      return {
        ...oauth2,
        reason: `${tokenUrl} issued a token`,
        tokenSource: probe.tokenSource,
      };
    case "absent":
      return {
        ...basesOf(classified.root, "oauth1"),
        reason: `no token endpoint at ${tokenUrl}${probe.error.status ? `, HTTP ${probe.error.status}` : ""}: Server 2021.3 or older`,
      };
    default:
      // A refused key: the server speaks OAuth2 and OAuth1 would be refused the same way (or is
      // gone); no answer: nothing else would answer either. The token error says what to fix.
      throw probe.error;
  }
}

/** The bases of the demo Gallery: OAuth2 and v3 when the mock offers them, else OAuth1. */
export function demoBases(mock: { url: string; webapiUrl?: string | undefined }): Discovery {
  if (mock.webapiUrl) {
    const root = mock.webapiUrl.replace(/\/webapi\/?$/, "");
    return { ...basesOf(root, "oauth2"), reason: "the demo Gallery offers OAuth2 and API v3" };
  }
  return { scheme: "oauth1", adminV1Url: mock.url, reason: "the demo Gallery offers OAuth1" };
}

/** One line for --verbose: the API and scheme a command uses. */
export function describeApis(d: Discovery, api: "Admin API v1" | "Server API v3"): string {
  const base = api === "Server API v3" ? `${d.webapiUrl}/v3` : d.adminV1Url;
  return `${api} at ${base} with ${schemeName(d.scheme)} (${d.reason})`;
}
