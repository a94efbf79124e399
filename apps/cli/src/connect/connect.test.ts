import { describe, expect, it } from "vitest";
import type { Target } from "../config/resolve.js";
import { UsageError } from "../errors.js";
import { authorizationNote, type CliFetch } from "../http/fetch.js";
import { basesOf, classifyUrl } from "./bases.js";
import { demoBases, discover } from "./discover.js";

function target(url: string, auth: Target["auth"] = "auto"): Target {
  return {
    url,
    auth,
    key: "k",
    secret: "s",
    source: "test",
    label: "test",
    origins: { url: "--url", key: "--key", secret: "x", auth: "ALTERYX_AUTH" },
  };
}

/** A fetch that answers token requests with `status` and counts the calls. */
function tokenFetch(status: number, body: unknown): CliFetch & { calls: string[] } {
  const calls: string[] = [];
  const fetch = (async (url: string, init?: RequestInit) => {
    calls.push(`${init?.method ?? "GET"} ${url}`);
    return new Response(JSON.stringify(body), {
      status,
      headers: { "content-type": "application/json" },
    });
  }) as CliFetch & { calls: string[] };
  fetch.calls = calls;
  return fetch;
}

const TOKEN = { access_token: "tok-123", token_type: "bearer", expires_in: 3600 };

describe("classifyUrl", () => {
  it("tells the root, the OAuth1 base and the /webapi bases apart", () => {
    expect(classifyUrl("https://h")).toEqual({ kind: "root", root: "https://h" });
    expect(classifyUrl("https://h/alteryx")).toEqual({ kind: "root", root: "https://h/alteryx" });
    expect(classifyUrl("https://h/gallery/api/admin/v1")).toEqual({
      kind: "oauth1",
      root: "https://h",
    });
    expect(classifyUrl("https://h/alteryx/api/admin/v1").kind).toBe("oauth1");
    for (const path of ["/webapi", "/webapi/admin/v1", "/webapi/v3"])
      expect(classifyUrl(`https://h${path}`)).toEqual({ kind: "oauth2", root: "https://h" });
  });

  it("puts Admin v1, v3 and the token endpoint under /webapi for OAuth2", () => {
    expect(basesOf("https://h", "oauth2")).toEqual({
      scheme: "oauth2",
      adminV1Url: "https://h/webapi/admin/v1",
      webapiUrl: "https://h/webapi",
      tokenUrl: "https://h/webapi/oauth2/token",
    });
    expect(basesOf("https://h", "oauth1")).toEqual({
      scheme: "oauth1",
      adminV1Url: "https://h/gallery/api/admin/v1",
    });
  });
});

describe("discover", () => {
  it("uses OAuth2 when the root's token endpoint issues a token, keeping its source for the clients", async () => {
    const fetch = tokenFetch(200, TOKEN);
    const found = await discover(target("https://h"), fetch);
    expect(found).toMatchObject({ scheme: "oauth2", webapiUrl: "https://h/webapi" });
    // The token is cached in the source the clients get: no second request for it.
    expect(await found.tokenSource?.getToken()).toBe("tok-123");
    expect(fetch.calls).toEqual(["POST https://h/webapi/oauth2/token"]);
  });

  it("falls back to OAuth1 when there is no token endpoint", async () => {
    const found = await discover(target("https://h"), tokenFetch(404, { message: "nope" }));
    expect(found).toMatchObject({ scheme: "oauth1", adminV1Url: "https://h/gallery/api/admin/v1" });
    expect(found.webapiUrl).toBeUndefined();
    expect(found.reason).toContain("HTTP 404");
  });

  it("reports a refused key instead of falling back (the server speaks OAuth2)", async () => {
    const fetch = tokenFetch(401, { error: "invalid_client" });
    await expect(discover(target("https://h"), fetch)).rejects.toMatchObject({
      name: "OAuth2TokenError",
      error: "invalid_client",
    });
  });

  it("asks nothing when the URL or auth names the scheme; a contradiction is a usage error", async () => {
    const fetch = tokenFetch(500, {});
    expect(await discover(target("https://h", "oauth1"), fetch)).toMatchObject({
      scheme: "oauth1",
      reason: "ALTERYX_AUTH is oauth1",
    });
    expect(await discover(target("https://h/webapi/admin/v1"), fetch)).toMatchObject({
      scheme: "oauth2",
      tokenUrl: "https://h/webapi/oauth2/token",
    });
    expect(fetch.calls).toEqual([]);
    const contradiction = discover(target("https://h/gallery/api/admin/v1", "oauth2"), fetch);
    await expect(contradiction).rejects.toBeInstanceOf(UsageError);
    await expect(contradiction).rejects.toThrow(/use the server's address https:\/\/h/);
  });

  it("takes the demo's bases from the mock's handle", () => {
    expect(
      demoBases({ url: "http://m/gallery/api/admin/v1", webapiUrl: "http://m/webapi" }),
    ).toMatchObject({ scheme: "oauth2", adminV1Url: "http://m/webapi/admin/v1" });
    expect(demoBases({ url: "http://m/gallery/api/admin/v1" }).scheme).toBe("oauth1");
  });
});

describe("authorizationNote", () => {
  it("shows the scheme, never the credentials", () => {
    expect(authorizationNote({ Authorization: "Bearer tok-123" })).toBe(
      " [Authorization: Bearer <redacted>]",
    );
    expect(authorizationNote(new Headers({ authorization: 'OAuth oauth_signature="x"' }))).toBe(
      " [Authorization: OAuth <redacted>]",
    );
    expect(authorizationNote({ authorization: "tok-123" })).toBe(
      " [Authorization: (unknown scheme) <redacted>]",
    );
    expect(authorizationNote(undefined)).toBe("");
  });
});
