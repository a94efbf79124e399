/**
 * doctor's checks of the schemes a server answers: the URL's kind, the token endpoint and the
 * OAuth1 base (and the version they imply), and the OAuth2 credentials (a token, then one call).
 */
import { AlteryxApiError, redactUrl } from "@alteryx-admin/client";
import type { Target } from "../config/resolve.js";
import {
  type ApiBases,
  basesOf,
  basesOfSchemeUrl,
  classifyUrl,
  type Scheme,
  schemeName,
} from "../connect/bases.js";
import { type OAuth1Probe, probeSchemes, versionOf } from "../connect/schemes.js";
import type { TokenProbe } from "../connect/token-probe.js";
import { describeNetworkError } from "../errors.js";
import type { CliFetch } from "../http/fetch.js";
import type { Check } from "./doctor.js";

/** The URL check: which kind of URL it is. */
export function urlCheck(target: Target): Check {
  const { kind, root } = classifyUrl(target.url);
  const shown = redactUrl(target.url);
  if (kind === "root")
    return {
      name: "URL",
      status: "ok",
      summary: `${shown}: the server's address (its token endpoint decides OAuth2, else OAuth1)`,
    };
  if (kind === "oauth2")
    return { name: "URL", status: "ok", summary: `${shown}: the OAuth2 base (/webapi)` };
  const standard = target.url === `${root}/gallery/api/admin/v1`;
  return standard
    ? { name: "URL", status: "ok", summary: `${shown}: the OAuth1 base (/gallery/api/admin/v1)` }
    : {
        name: "URL",
        status: "ok",
        summary: `${shown}: an OAuth1 Admin v1 base outside /gallery/api (the server's own path is kept)`,
      };
}

/** What a token probe outcome reads as. */
function tokenWords(probe: TokenProbe): string {
  switch (probe.outcome) {
    case "issued":
      return "yes (it issued a token for this key)";
    case "refused":
      return `yes (it refused this key${probe.error.error ? `: ${probe.error.error}` : `, HTTP ${probe.error.status}`})`;
    case "absent":
      return `no${probe.error.status ? ` (HTTP ${probe.error.status})` : ""}`;
    default:
      return "no answer";
  }
}

/** What an OAuth1 probe outcome reads as. */
function oauth1Words(probe: OAuth1Probe): string {
  if (probe.outcome === "present") return `yes (HTTP ${probe.status} unsigned)`;
  if (probe.outcome === "absent")
    return `no (HTTP ${probe.status}${probe.removed ? ", says OAuth1 was removed" : ""})`;
  return "no answer";
}

/** The schemes check: both probes, the version they imply, and the URL to use when it is wrong. */
export async function schemesCheck(
  fetch: CliFetch,
  target: Target,
): Promise<{ check: Check; token?: TokenProbe; scheme: Scheme; bases: ApiBases }> {
  const classified = classifyUrl(target.url);
  // The bases discovery would use (connect/bases.ts): the standard OAuth1 base tells the
  // version, while a configured OAuth1 base keeps its own path (a Gallery mounted elsewhere).
  const oauth2 = basesOf(classified.root, "oauth2");
  const oauth1Url = basesOf(classified.root, "oauth1").adminV1Url;
  const oauth1Bases =
    classified.kind === "oauth1"
      ? basesOfSchemeUrl(target.url, { ...classified, kind: "oauth1" }, undefined, "")
      : basesOf(classified.root, "oauth1");
  const basesFor = (scheme: Scheme): ApiBases => (scheme === "oauth2" ? oauth2 : oauth1Bases);
  let probes: Awaited<ReturnType<typeof probeSchemes>>;
  try {
    probes = await probeSchemes(
      fetch,
      { tokenUrl: oauth2.tokenUrl as string, oauth1Url },
      target.key,
      target.secret,
    );
  } catch (error) {
    // The token source refused the URL (plain http to a remote host): OAuth1 only can be checked.
    const scheme: Scheme = target.auth === "oauth2" ? "oauth2" : "oauth1";
    return {
      check: { name: "schemes", status: "warn", summary: (error as Error).message },
      scheme,
      bases: basesFor(scheme),
    };
  }
  const { token, oauth1 } = probes;
  const version = versionOf(token.outcome, oauth1.outcome);
  const hasToken = token.outcome === "issued" || token.outcome === "refused";
  const details = [
    `OAuth2 token endpoint ${oauth2.tokenUrl}: ${tokenWords(token)}`,
    `OAuth1 Admin v1 base ${oauth1Url}: ${oauth1Words(oauth1)}`,
  ];
  const forced: Scheme | undefined = target.auth === "auto" ? undefined : target.auth;
  const scheme: Scheme =
    forced ?? (classified.kind !== "root" ? classified.kind : hasToken ? "oauth2" : "oauth1");
  const bases = basesFor(scheme);
  const silent = token.outcome === "unreachable" && oauth1.outcome === "unreachable";
  // No answer at all is the reachable check's to explain (plain HTTP port, refused, TLS).
  let status: Check["status"] = version ? "ok" : silent ? "skip" : "fail";
  let summary = version
    ? `the server answers ${hasToken && oauth1.outcome === "present" ? "OAuth2 and OAuth1" : hasToken ? "OAuth2 only" : "OAuth1 only"}: ${version}; using ${schemeName(scheme)}`
    : silent
      ? "no answer from the server either way (see reachable below)"
      : "neither the token endpoint nor the OAuth1 base answered: check the URL (the server's address, like https://alteryx.example.com)";
  if (
    scheme === "oauth1" &&
    oauth1.outcome === "absent" &&
    hasToken &&
    bases.adminV1Url === oauth1Url
  ) {
    status = "fail";
    summary = `this server removed OAuth1 (${version}): use ${oauth2.adminV1Url}, or just the server's address ${classified.root}, as the URL${forced ? ", and drop auth oauth1" : ""}`;
  } else if (scheme === "oauth2" && !hasToken && oauth1.outcome === "present") {
    status = "fail";
    summary = `this server has no OAuth2 token endpoint (${version}): use ${oauth1Url}, or just the server's address ${classified.root}, as the URL${forced ? ", and drop auth oauth2" : ""}`;
  }
  return { check: { name: "schemes", status, summary, details }, token, scheme, bases };
}

/** The OAuth2 credentials check: the token answer, then one Admin v1 call with it. */
export async function bearerCheck(
  fetch: CliFetch,
  target: Target,
  bases: ApiBases,
  token: TokenProbe | undefined,
): Promise<Check> {
  if (token?.outcome !== "issued") {
    const reason = token ? token.error.message : "the token endpoint was not asked";
    return {
      name: "credentials",
      status: "fail",
      summary: `no token for key ${target.key}`,
      details: [reason],
    };
  }
  // The token the probe got, still cached in its source: no second token request.
  const accessToken = await token.tokenSource.getToken();
  const probeUrl = `${bases.adminV1Url}/users/?page=0&pageSize=1`;
  try {
    const response = await fetch(probeUrl, {
      method: "GET",
      headers: { Authorization: `Bearer ${accessToken}` },
    });
    const text = (await response.text()).replace(/^\uFEFF/, "");
    if (response.ok)
      return {
        name: "credentials",
        status: "ok",
        summary: `key ${target.key} accepted: ${bases.tokenUrl} issued a token, GET /users/ answered ${response.status}`,
      };
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON: the client's error keeps the start of the text
    }
    const error = new AlteryxApiError({ status: response.status, body });
    return {
      name: "credentials",
      status: "fail",
      summary: `the token was issued, but GET /users/ answered HTTP ${response.status}`,
      details: [
        `the server said: ${error.galleryMessage ?? "(no message)"}${error.innerExceptionMessage ? ` (${error.innerExceptionMessage})` : ""}`,
        "likely cause: the key's user may not call the Admin API (Curator role, API Access on)",
      ],
    };
  } catch (error) {
    return { name: "credentials", status: "fail", summary: describeNetworkError(error, probeUrl) };
  }
}
