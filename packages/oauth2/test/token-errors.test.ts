/**
 * What a failed token request throws: an OAuth2TokenError with the RFC 6749 error, the status,
 * the token URL and a message that says what to fix; for a 200 that is not a token, a
 * "malformed" one that never quotes the body; for no answer, a "network" one naming the URL.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTokenSource, OAuth2TokenError } from "../src/index.js";
import type { TokenSourceOptions } from "../src/types.js";
import { rejection } from "./helpers.js";
import { type Reply, startTokenServer, type TokenServer } from "./token-server.js";

const TOKEN = "SENTINEL-TOKEN-in-a-bad-answer";
let server: TokenServer;

beforeAll(async () => {
  server = await startTokenServer({ apikey1: "apisecret1" });
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  server.replies = [];
});

function source(extra: Partial<TokenSourceOptions> = {}) {
  return createTokenSource({
    tokenUrl: `${server.tokenUrl}?tenant=hidden`,
    clientId: "apikey1",
    clientSecret: "apisecret1",
    ...extra,
  });
}

async function tokenError(extra: Partial<TokenSourceOptions> = {}): Promise<OAuth2TokenError> {
  const error = await rejection(source(extra).getToken());
  expect(error).toBeInstanceOf(OAuth2TokenError);
  return error as OAuth2TokenError;
}

describe("bad credentials", () => {
  it.each(["basic", "post"] as const)(
    "a wrong secret (%s): 401 invalid_client, in RFC 6749 shape",
    async (clientAuth) => {
      const error = await tokenError({ clientSecret: "wrong", clientAuth });
      expect(error).toMatchObject({
        name: "OAuth2TokenError",
        reason: "rejected",
        status: 401,
        error: "invalid_client",
        errorDescription: "Client authentication failed.",
        tokenUrl: server.tokenUrl,
      });
      expect(error.message).toBe(
        `Token request to ${server.tokenUrl} failed: 401 invalid_client (Client authentication failed.): check the API key and secret (clientId, clientSecret: My Profile > Keys on the server) and that an administrator has turned on API Access for the user`,
      );
    },
  );

  it('suggests clientAuth "post" when Basic form-encoding could be the cause', async () => {
    const error = await tokenError({ clientSecret: "wrong/secret=" });
    expect(error.message).toContain(
      'the key or secret has characters that HTTP Basic sends form-encoded (RFC 6749 2.3.1), which some servers do not decode: if they are right, try clientAuth: "post"',
    );
    const post = await tokenError({ clientSecret: "wrong/secret=", clientAuth: "post" });
    expect(post.message).not.toContain("try clientAuth");
  });

  it("an unknown client id is refused the same way", async () => {
    const error = await tokenError({ clientId: "nobody" });
    expect(error.error).toBe("invalid_client");
  });
});

describe("other refusals", () => {
  const cases: [string, Reply, Partial<OAuth2TokenError>, string][] = [
    [
      "401 with only a WWW-Authenticate challenge",
      {
        status: 401,
        headers: {
          "www-authenticate": 'Bearer error="invalid_client"',
          "content-type": "text/plain",
        },
        body: "",
      },
      { status: 401, error: "invalid_client", errorDescription: undefined },
      "failed: 401 invalid_client: check the API key and secret",
    ],
    [
      "401 with an HTML page",
      { status: 401, headers: { "content-type": "text/html" }, body: "<h1>Unauthorized</h1>" },
      { status: 401, error: undefined },
      "failed: 401 (text/html, no OAuth2 error in the body): check the API key and secret",
    ],
    [
      "400 unsupported_grant_type",
      { status: 400, body: JSON.stringify({ error: "unsupported_grant_type" }) },
      { status: 400, error: "unsupported_grant_type" },
      "failed: 400 unsupported_grant_type: the server does not offer the client-credentials grant at this URL: check tokenUrl (https://<host>/webapi/oauth2/token on Alteryx Server 2021.4 and later)",
    ],
    [
      "400 invalid_request",
      { status: 400, body: JSON.stringify({ error: "invalid_request", error_description: "bad" }) },
      { error: "invalid_request", errorDescription: "bad" },
      'failed: 400 invalid_request (bad): the server could not read the request; if it does not take HTTP Basic client authentication, try clientAuth: "post"',
    ],
    [
      "400 unauthorized_client",
      { status: 400, body: JSON.stringify({ error: "unauthorized_client" }) },
      { error: "unauthorized_client" },
      "this key may not use the client-credentials grant: an administrator must turn on API Access for the user",
    ],
    [
      "400 with an unknown code",
      { status: 400, body: JSON.stringify({ error: "slow_down", error_description: "wait" }) },
      { error: "slow_down" },
      "failed: 400 slow_down (wait): see the server's description above",
    ],
    [
      "404 (an OAuth1-only server)",
      {
        status: 404,
        headers: { "content-type": "text/html; charset=utf-8" },
        body: "<html>Not found</html>",
      },
      { status: 404, error: undefined },
      "failed: 404 (text/html, no OAuth2 error in the body): there is no token endpoint at this URL: check tokenUrl (https://<host>/webapi/oauth2/token on Alteryx Server 2021.4 and later; older servers speak OAuth1 only)",
    ],
    [
      "302 to https",
      {
        status: 302,
        headers: {
          location: "https://alteryx.example.com/webapi/oauth2/token?x=1",
          "content-type": "text/html",
        },
        body: "",
      },
      { status: 302 },
      "failed: 302 (text/html, no OAuth2 error in the body): the token endpoint redirects to https://alteryx.example.com/webapi/oauth2/token: set tokenUrl to the final URL (often https:// instead of http://)",
    ],
    [
      "429",
      { status: 429, headers: { "content-type": "text/plain" }, body: "slow down" },
      { status: 429 },
      "too many requests: try again later",
    ],
    [
      "503 from a proxy",
      {
        status: 503,
        headers: { "content-type": "text/html" },
        body: "<h1>Service Unavailable</h1>",
      },
      { status: 503 },
      "failed: 503 (text/html, no OAuth2 error in the body): the server failed: try again later, or look at the server's logs",
    ],
    [
      "418 with no content type",
      { status: 418, headers: { "content-type": "" }, body: "" },
      { status: 418 },
      "failed: 418 (no content-type, no OAuth2 error in the body): this is not a token endpoint's answer",
    ],
  ];

  it.each(cases)("%s", async (_name, reply, fields, message) => {
    server.replies = [reply];
    const error = await tokenError();
    expect(error).toMatchObject({ reason: "rejected", tokenUrl: server.tokenUrl, ...fields });
    expect(error.message).toContain(message);
    expect(error.message).not.toContain("tenant=hidden");
  });
});

describe("malformed token responses (status 200)", () => {
  const json = (body: unknown): Reply => ({ status: 200, body: JSON.stringify(body) });
  const cases: [string, Reply, string][] = [
    [
      "an HTML page",
      { status: 200, headers: { "content-type": "text/html" }, body: `<html>${TOKEN}</html>` },
      "the body is not JSON (text/html)",
    ],
    [
      "broken JSON",
      { status: 200, body: `{"access_token":"${TOKEN}",` },
      "the body is not JSON (application/json)",
    ],
    ["an empty body", { status: 200, body: "" }, "the body is not JSON (application/json)"],
    ["a JSON array", json([TOKEN]), "the body is JSON but not an object"],
    ["JSON null", json(null), "the body is JSON but not an object"],
    [
      "no access_token",
      json({ token_type: "bearer", expires_in: 3600 }),
      '"access_token" must be a string',
    ],
    [
      "an empty access_token",
      json({ access_token: "", token_type: "bearer" }),
      '"access_token" must not be empty',
    ],
    [
      "a numeric access_token",
      json({ access_token: 42, token_type: "bearer" }),
      '"access_token" must be a string',
    ],
    ["no token_type", json({ access_token: TOKEN }), '"token_type" must be a string'],
    [
      "token_type mac",
      json({ access_token: TOKEN, token_type: "mac" }),
      'token_type is "mac", and only "bearer" tokens are supported',
    ],
    [
      "token_type DPoP",
      json({ access_token: TOKEN, token_type: "DPoP" }),
      'token_type is "dpop", and only "bearer" tokens are supported',
    ],
    [
      "expires_in a word",
      json({ access_token: TOKEN, token_type: "bearer", expires_in: "soon" }),
      '"expires_in" must be a number',
    ],
    [
      "expires_in true",
      json({ access_token: TOKEN, token_type: "bearer", expires_in: true }),
      '"expires_in" must be a number',
    ],
    [
      "expires_in negative",
      json({ access_token: TOKEN, token_type: "bearer", expires_in: -5 }),
      '"expires_in" must be a non-negative number',
    ],
  ];

  it.each(cases)("%s", async (_name, reply, what) => {
    server.replies = [reply];
    const error = await tokenError();
    expect(error).toMatchObject({
      reason: "malformed",
      status: 200,
      tokenUrl: server.tokenUrl,
      error: undefined,
    });
    const hint = what.startsWith("token_type is")
      ? "This server issues tokens of another kind, which this package cannot send (Alteryx Server issues bearer tokens)"
      : "Check tokenUrl (https://<host>/webapi/oauth2/token on Alteryx Server 2021.4 and later); a proxy or a sign-in page may have answered instead";
    expect(error.message).toBe(
      `Token response from ${server.tokenUrl} is not a bearer token: ${what}. ${hint}`,
    );
    expect(error.cause).toBeUndefined();
  });

  it("token_type is case-insensitive and a numeric expires_in string is tolerated", async () => {
    server.replies = [json({ access_token: "abc", token_type: "Bearer", expires_in: "3600" })];
    expect(await source().getToken()).toBe("abc");
  });
});

describe("no answer", () => {
  it("a refused connection names the URL and the cause", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    const tokenUrl = `http://127.0.0.1:${port}/webapi/oauth2/token`;
    const error = await tokenError({ tokenUrl });
    expect(error).toMatchObject({ reason: "network", tokenUrl, status: undefined });
    expect(error.message).toBe(
      `Could not reach the token endpoint ${tokenUrl}: fetch failed: connect ECONNREFUSED 127.0.0.1:${port}: check the host name, that the server is up, and the network or proxy in between (a proxy goes in dispatcher: new ProxyAgent(url) from undici)`,
    );
    expect(error.cause).toBeInstanceOf(TypeError);
  });

  it("an untrusted certificate gets the CA hint", async () => {
    const tlsError = Object.assign(new Error("self-signed certificate"), {
      code: "DEPTH_ZERO_SELF_SIGNED_CERT",
    });
    const error = await tokenError({
      tokenUrl: "https://alteryx.example.com/webapi/oauth2/token",
      fetch: () => Promise.reject(new TypeError("fetch failed", { cause: tlsError })),
    });
    expect(error.message).toBe(
      "Could not reach the token endpoint https://alteryx.example.com/webapi/oauth2/token: fetch failed: self-signed certificate: the server's TLS certificate is not trusted: give its CA to Node (NODE_EXTRA_CA_CERTS, or dispatcher: new Agent({ connect: { ca } }) from undici)",
    );
  });

  it("a fetch option that resolves to something else than a Response is a TypeError", async () => {
    const broken = source({
      fetch: () => Promise.resolve("not a response" as unknown as Response),
    });
    const error = await rejection(broken.getToken());
    expect(error).toBeInstanceOf(TypeError);
    expect(error.message).toBe(
      "The fetch option resolved to string, not a Response: pass a WHATWG fetch",
    );
  });
});
