/**
 * What doctor learns from asking a server both ways: does the token endpoint answer (OAuth2,
 * Server 2021.4 and later), does the OAuth1 Admin v1 base answer (Server 2021.4 and older), and
 * what that says about the server's version.
 */
import type { CliFetch } from "../http/fetch.js";
import { probeTokenEndpoint, type TokenProbe } from "./token-probe.js";

/** Whether the OAuth1 base answers like an Admin API (an unsigned probe). */
export type OAuth1Probe =
  /** It answered (401 for the missing signature, or 2xx). */
  | { outcome: "present"; status: number }
  /** 404, or an answer that says OAuth1 was removed. */
  | { outcome: "absent"; status: number; removed: boolean }
  /** No answer. */
  | { outcome: "unreachable"; error: unknown };

/** The unsigned probe of an OAuth1 Admin v1 base. */
export async function probeOAuth1(fetch: CliFetch, adminV1Url: string): Promise<OAuth1Probe> {
  try {
    const response = await fetch(`${adminV1Url}/users/?page=0&pageSize=1`, { method: "GET" });
    const text = await response.text();
    // A server that removed OAuth1 may answer the old path with an explanation (the mock's 404
    // names the /webapi URL); any answer that names /webapi or says "removed" is that.
    const removed = /webapi|removed/i.test(text) && response.status !== 200;
    if (response.status === 404 || removed)
      return { outcome: "absent", status: response.status, removed };
    return { outcome: "present", status: response.status };
  } catch (error) {
    return { outcome: "unreachable", error };
  }
}

/** What the two probes say about the server's version, or undefined when neither answered. */
export function versionOf(
  token: TokenProbe["outcome"],
  oauth1: OAuth1Probe["outcome"],
): string | undefined {
  const hasToken = token === "issued" || token === "refused";
  const hasOAuth1 = oauth1 === "present";
  if (hasToken && hasOAuth1) return "Server 2021.4";
  if (hasToken) return "Server 2022.1 or later";
  if (hasOAuth1) return "Server 2021.3 or older";
  return undefined;
}

/** Both probes, in parallel. */
export async function probeSchemes(
  fetch: CliFetch,
  urls: { tokenUrl: string; oauth1Url: string },
  key: string,
  secret: string,
): Promise<{ token: TokenProbe; oauth1: OAuth1Probe }> {
  const [token, oauth1] = await Promise.all([
    probeTokenEndpoint(fetch, urls.tokenUrl, key, secret),
    probeOAuth1(fetch, urls.oauth1Url),
  ]);
  return { token, oauth1 };
}
