/**
 * The client over OAuth2 against a small /webapi server on 127.0.0.1 (test/webapi-server.ts):
 * bearer tokens, one token request for many callers, a 401 renewed once (POST and multipart
 * included), token endpoint failures as AlteryxTokenError, paging across token expiry, and a
 * redirect that never carries the token to another origin.
 */
import { inspect } from "node:util";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  type AdminClient,
  AlteryxApiError,
  AlteryxTokenError,
  createAdminClient,
  createServerClient,
  paginate,
  publishWorkflow,
  unwrap,
} from "../src/index.js";
import { sendJson, startServer, type TestServer } from "./servers.js";
import { KEY, SECRET, startWebapi, type WebapiServer } from "./webapi-server.js";

const USERS = Array.from({ length: 23 }, (_, i) => ({
  id: `5a${String(i).padStart(22, "0")}`,
  email: `user${i}@example.com`,
}));

let server: WebapiServer;
let other: TestServer;
/** Multipart bodies the API received, in order. */
const received: string[] = [];

function defaultRoute(
  seen: import("./servers.js").Seen,
  path: string,
  res: import("node:http").ServerResponse,
) {
  if (path === "/admin/v1/users/") {
    const url = new URL(seen.url, "http://x");
    const page = Number(url.searchParams.get("page") ?? 0);
    const size = Number(url.searchParams.get("pageSize") ?? 100);
    return sendJson(res, USERS.slice(page * size, page * size + size));
  }
  if (path === "/admin/v1/workflows/" && seen.method === "POST") {
    received.push(seen.body);
    return sendJson(res, "5b0000000000000000000001");
  }
  if (path === "/admin/v1/subscriptions/") {
    res.writeHead(302, { location: `${other.origin}/elsewhere/`, "content-length": "0" }).end();
    return;
  }
  if (path === "/v3/users") return sendJson(res, USERS.slice(0, 2));
  return sendJson(res, { message: `no route ${path}` }, 404);
}

function admin(extra: Partial<Parameters<typeof createAdminClient>[0]> = {}): AdminClient {
  return createAdminClient({
    baseUrl: `${server.webapi}/admin/v1`,
    consumerKey: KEY,
    consumerSecret: SECRET,
    retry: { attempts: 3, minDelayMs: 1, maxDelayMs: 5 },
    timeoutMs: 30_000,
    ...extra,
  });
}

beforeAll(async () => {
  server = await startWebapi(defaultRoute);
  other = await startServer((_, res) => sendJson(res, []));
});
afterAll(async () => {
  await server.close();
  await other.close();
});
afterEach(() => {
  server.tokenRequests = 0;
  server.refused = 0;
  server.settings = { lifetimeSeconds: 3600, tokenLatencyMs: 0, apiLatencyMs: 0 };
  server.route = defaultRoute;
  received.length = 0;
  server.revokeAll();
});

describe("createAdminClient over OAuth2", () => {
  it("infers OAuth2 from /webapi and sends the bearer token", async () => {
    const client = admin();
    expect(client.auth).toBe("oauth2");
    const users = unwrap(
      await client.GET("/users/", { params: { query: { page: 0, pageSize: 5 } } }),
    );
    expect(users).toHaveLength(5);
    expect(server.tokenRequests).toBe(1);
    const api = server.seen.filter((s) => s.url.startsWith("/webapi/admin/v1/users/")).at(-1);
    expect(api?.headers.authorization).toMatch(/^Bearer token-\d+$/);
    const token = server.seen.filter((s) => s.url === "/webapi/oauth2/token").at(-1);
    expect(token?.headers.authorization).toMatch(/^Basic /);
  });

  it('with clientAuth: "post" sends the key and secret as form fields, not Basic', async () => {
    const before = server.seen.length;
    const users = unwrap(
      await admin({ clientAuth: "post" }).GET("/users/", {
        params: { query: { page: 0, pageSize: 1 } },
      }),
    );
    expect(users).toHaveLength(1);
    const token = server.seen.slice(before).find((s) => s.url === "/webapi/oauth2/token");
    expect(token?.headers.authorization).toBeUndefined();
    expect(new URLSearchParams(token?.body).get("client_id")).toBe(KEY);
  }, 30_000);

  it("makes exactly one token request for 100 concurrent calls of a cold client", async () => {
    server.settings.tokenLatencyMs = 200;
    const client = admin();
    const results = await Promise.all(
      Array.from({ length: 100 }, () =>
        client.GET("/users/", { params: { query: { page: 0, pageSize: 1 } } }),
      ),
    );
    expect(results.every((r) => r.response.status === 200)).toBe(true);
    expect(server.tokenRequests).toBe(1);
  }, 60_000);

  it("on a 401 drops the token and re-sends once with a new one", async () => {
    const client = admin();
    unwrap(await client.GET("/users/", { params: { query: { page: 0, pageSize: 1 } } }));
    server.revokeAll();
    const before = server.seen.length;
    const users = unwrap(
      await client.GET("/users/", { params: { query: { page: 0, pageSize: 1 } } }),
    );
    expect(users).toHaveLength(1);
    const sent = server.seen
      .slice(before)
      .map((s) => `${s.method} ${s.url.split("?")[0]} ${s.headers.authorization ?? ""}`);
    expect(sent).toEqual([
      expect.stringMatching(/^GET \/webapi\/admin\/v1\/users\/ Bearer token-\d+$/),
      expect.stringMatching(/^POST \/webapi\/oauth2\/token Basic /),
      expect.stringMatching(/^GET \/webapi\/admin\/v1\/users\/ Bearer token-\d+$/),
    ]);
    expect(sent[0]).not.toBe(sent[2]);
  }, 30_000);

  it("returns a second 401 instead of looping, with an OAuth2 hint", async () => {
    const client = admin();
    server.route = (_seen, _path, res) =>
      sendJson(res, { message: "Authorization has been denied for this request." }, 401);
    const before = server.seen.length;
    const result = await client.GET("/users/", { params: { query: { page: 0, pageSize: 1 } } });
    expect(result.response.status).toBe(401);
    // First token, refused; a new token, refused again: two API requests, two token requests.
    const sent = server.seen.slice(before);
    expect(sent.filter((s) => s.url.startsWith("/webapi/admin/v1/users/"))).toHaveLength(2);
    expect(server.tokenRequests).toBe(2);
    const error = (() => {
      try {
        unwrap(result);
      } catch (e) {
        return e as AlteryxApiError;
      }
    })();
    expect(error).toBeInstanceOf(AlteryxApiError);
    expect(error?.hint).toMatch(/API access/);
    expect(error?.message).not.toContain(SECRET);
  }, 30_000);

  it("re-sends a multipart POST intact after a 401", async () => {
    const client = admin();
    unwrap(await client.GET("/users/", { params: { query: { page: 0, pageSize: 1 } } }));
    server.revokeAll();
    const bytes = new Uint8Array(70_000).map((_, i) => (i * 31) % 256);
    const id = await publishWorkflow(client, {
      file: bytes,
      name: "Sales",
      owner: "ana@example.com",
      validate: false,
      isPublic: false,
    });
    expect(id).toBe("5b0000000000000000000001");
    const posts = server.seen
      .slice(-3)
      .filter((s) => s.method === "POST" && s.url === "/webapi/admin/v1/workflows/");
    expect(posts).toHaveLength(2);
    expect(posts[0]?.headers.authorization).not.toBe(posts[1]?.headers.authorization);
    expect(posts[1]?.body).toBe(posts[0]?.body);
    expect(posts[1]?.headers["content-type"]).toBe(posts[0]?.headers["content-type"]);
    expect(posts[1]?.headers["content-type"]).toMatch(/^multipart\/form-data; boundary=/);
    expect(received).toHaveLength(1);
    expect(received[0]).toContain('name="name"\r\n\r\nSales');
    expect(Number(posts[1]?.headers["content-length"])).toBeGreaterThan(70_000);
  }, 30_000);

  it("walks every page of a listing while tokens expire, without a failed call", async () => {
    // Tokens live 2 s; each page takes 300 ms: the walk spans several lifetimes. The client
    // renews at half the lifetime, before the server refuses the token.
    server.settings.lifetimeSeconds = 2;
    server.settings.apiLatencyMs = 300;
    const client = admin();
    const emails: string[] = [];
    for await (const user of paginate(client, "/users/", { pageSize: 2 }))
      emails.push(user.email ?? "");
    expect(emails).toEqual(USERS.map((u) => u.email));
    expect(server.tokenRequests).toBeGreaterThanOrEqual(2);
    expect(server.refused).toBe(0);
  }, 60_000);

  it("walks every page while the server drops tokens early: each 401 is renewed", async () => {
    // The server says 3600 s but forgets a token after 700 ms: only the 401 path saves the walk.
    server.settings.revokeAfterMs = 700;
    server.settings.apiLatencyMs = 300;
    const client = admin();
    const emails: string[] = [];
    for await (const user of paginate(client, "/users/", { pageSize: 3 }))
      emails.push(user.email ?? "");
    expect(emails).toEqual(USERS.map((u) => u.email));
    expect(server.refused).toBeGreaterThanOrEqual(1);
    expect(server.tokenRequests).toBe(server.refused + 1);
  }, 60_000);

  it("never carries the bearer token to another origin on a redirect", async () => {
    const client = admin();
    const result = await client.GET("/subscriptions/", {
      params: { query: { page: 0, pageSize: 1 } },
    });
    expect(result.response.status).toBe(200);
    expect(other.seen.at(-1)?.url).toBe("/elsewhere/");
    expect(other.seen.at(-1)?.headers.authorization).toBeUndefined();
  }, 30_000);
});

describe("token endpoint failures", () => {
  async function failure(client: AdminClient): Promise<AlteryxTokenError> {
    try {
      await client.GET("/users/", { params: { query: { page: 0, pageSize: 1 } } });
    } catch (error) {
      return error as AlteryxTokenError;
    }
    throw new Error("expected the call to fail");
  }

  it("wrong credentials: an AlteryxTokenError with the RFC 6749 error, and no API call", async () => {
    const before = server.seen.length;
    const error = await failure(admin({ consumerSecret: "wrong-secret-value" }));
    expect(error).toBeInstanceOf(AlteryxTokenError);
    expect(error).toMatchObject({
      reason: "rejected",
      status: 401,
      error: "invalid_client",
      errorDescription: "Unknown API key",
      method: "GET",
      path: "/users/?page=0&pageSize=1",
    });
    expect(error.tokenUrl).toBe(`${server.origin}/webapi/oauth2/token`);
    expect(error.message).toMatch(
      /^GET \/users\/\?page=0&pageSize=1 was not sent: no OAuth2 token: /,
    );
    expect(server.seen.slice(before).map((s) => s.url)).toEqual(["/webapi/oauth2/token"]);
    for (const text of [error.message, inspect(error, { depth: 5 }), JSON.stringify(error)]) {
      expect(text).not.toContain("wrong-secret-value");
    }
  }, 30_000);

  it("a token answer that is not a token: reason malformed", async () => {
    server.settings.tokenAnswer = [200, "<html>login</html>", "text/html"];
    const error = await failure(admin());
    expect(error).toBeInstanceOf(AlteryxTokenError);
    expect(error.reason).toBe("malformed");
    expect(error.status).toBe(200);
  }, 30_000);

  it("an unreachable token endpoint: reason network", async () => {
    const closed = await startServer(() => undefined);
    await closed.close();
    const error = await failure(admin({ tokenUrl: `${closed.origin}/webapi/oauth2/token` }));
    expect(error).toBeInstanceOf(AlteryxTokenError);
    expect(error.reason).toBe("network");
    expect(error.status).toBeUndefined();
  }, 30_000);

  it("a failed token request is not cached: the next call gets a token", async () => {
    server.settings.tokenAnswer = [503, "busy", "text/plain"];
    const client = admin();
    expect((await failure(client)).status).toBe(503);
    server.settings.tokenAnswer = undefined;
    const result = await client.GET("/users/", { params: { query: { page: 0, pageSize: 1 } } });
    expect(result.response.status).toBe(200);
  }, 30_000);
});

describe("createServerClient", () => {
  it("calls v3 with a bearer token, from a base with a trailing slash", async () => {
    const server3 = createServerClient({
      baseUrl: `${server.webapi}/`,
      consumerKey: KEY,
      consumerSecret: SECRET,
    });
    expect(server3.baseUrl).toBe(server.webapi);
    const users = unwrap(await server3.GET("/v3/users", {}));
    expect(users).toHaveLength(2);
    expect(server.seen.at(-1)?.url).toBe("/webapi/v3/users");
    expect(server.seen.at(-1)?.headers.authorization).toMatch(/^Bearer /);
  }, 30_000);
});
