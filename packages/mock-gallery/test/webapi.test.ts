// Admin v1 under /webapi/admin/v1: the same routes and the same in-memory Gallery as under
// /gallery/api/admin/v1, validated by Prism, behind the bearer-token guard; tokens from
// @alteryx-admin/oauth2, the project's own client, as well as by hand.
import { createTokenSource } from "@alteryx-admin/oauth2";
import { unzipSync, zipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { KNOWN_CURATOR, type MockGallery, startMockGallery } from "../src/index.js";
import { bearerGet, fetchToken } from "./oauth2.js";
import { rawExchange } from "./raw-http.js";
import { json, signedFetch } from "./sign.js";

let gallery: MockGallery;
let token: string;
beforeAll(async () => {
  gallery = await startMockGallery({ seed: 5 });
  token = await fetchToken(gallery.tokenUrl, gallery.credentials);
});
afterAll(() => gallery?.close());

const admin = (path: string) => `${gallery.webapiUrl}/admin/v1${path}`;

interface GalleryErrorBody {
  data: null;
  exceptionName: string;
  innerExceptionMessage: string;
  message: string;
}

async function expectDenied(res: Response): Promise<string> {
  expect(res.status).toBe(401);
  expect(res.headers.get("www-authenticate")).toMatch(/^Bearer realm="webapi"/);
  const body = await json<GalleryErrorBody>(res);
  expect(body).toMatchObject({
    data: null,
    exceptionName: "UnauthorizedException",
    message: "Authorization has been denied for this request.",
  });
  return body.innerExceptionMessage;
}

describe("the handle", () => {
  it("names the /webapi base and the token URL next to the OAuth1 url", () => {
    expect(gallery.webapiUrl).toBe(`${gallery.origin}/webapi`);
    expect(gallery.tokenUrl).toBe(`${gallery.origin}/webapi/oauth2/token`);
    expect(gallery.url).toBe(`${gallery.origin}/gallery/api/admin/v1`);
    expect(gallery.serverVersion).toBe("2021.4");
  });
});

describe("the bearer guard", () => {
  it("refuses a request without a token and says where to get one", async () => {
    const inner = await expectDenied(await fetch(admin("/users/")));
    expect(inner).toContain("The request has no bearer token.");
    expect(inner).toContain(`POST ${gallery.tokenUrl}`);
    expect(inner).toContain("Authorization: Bearer <access_token>");
  });

  it("refuses a token it never issued (error=invalid_token)", async () => {
    const res = await bearerGet(admin("/users/"), "bm90LWEtdG9rZW4");
    expect(res.headers.get("www-authenticate")).toContain('error="invalid_token"');
    expect(await expectDenied(res)).toMatch(/^The bearer token is not one this server issued/);
  });

  it("refuses a token of another mock (tokens belong to the server that issued them)", async () => {
    const other = await startMockGallery({ validation: false });
    try {
      const foreign = await fetchToken(other.tokenUrl, other.credentials);
      expect(await expectDenied(await bearerGet(admin("/users/"), foreign))).toMatch(
        /not one this server issued/,
      );
    } finally {
      await other.close();
    }
  });

  it("tells an OAuth1-signed request (header or query) that this path takes a bearer token", async () => {
    for (const placement of ["header", "query"] as const) {
      const res = await signedFetch(gallery.credentials, admin("/users/?pageSize=1"), {
        placement,
      });
      const inner = await expectDenied(res);
      expect(inner).toMatch(/^This path takes an OAuth2 bearer token, not an OAuth1 signature/);
      expect(inner).toContain(gallery.tokenUrl);
    }
  });

  it("refuses Basic credentials and a Bearer header without a token", async () => {
    const basic = await fetch(admin("/users/"), {
      headers: { authorization: `Basic ${Buffer.from("a:b").toString("base64")}` },
    });
    expect(await expectDenied(basic)).toMatch(/not a Basic Authorization header/);
    const empty = await fetch(admin("/users/"), { headers: { authorization: "Bearer" } });
    expect(await expectDenied(empty)).toMatch(/not a Bearer header without a token/);
  });

  it("lets a valid token through (the scheme name is case-insensitive)", async () => {
    const res = await fetch(admin("/users/?pageSize=2"), {
      headers: { authorization: `bearer ${token}` },
    });
    expect(res.status).toBe(200);
    expect(await json<unknown[]>(res)).toHaveLength(2);
  });

  it("the OAuth1 base still takes signatures and does not take bearer tokens", async () => {
    const signed = await signedFetch(gallery.credentials, `${gallery.url}/users/?pageSize=1`);
    expect(signed.status).toBe(200);
    const bearer = await bearerGet(`${gallery.url}/users/?pageSize=1`, token);
    expect(bearer.status).toBe(401);
  });

  it("answers 404 for a path no route serves, 405 for a method a route does not take", async () => {
    const missing = await bearerGet(admin("/nowhere/"), token);
    expect(missing.status).toBe(404);
    expect((await json<GalleryErrorBody>(missing)).message).toMatch(
      /No Admin v1 route matches GET \/nowhere\//,
    );
    const put = await fetch(admin("/users/"), {
      method: "PUT",
      headers: { authorization: `Bearer ${token}` },
    });
    expect(put.status).toBe(405);
  });
});

describe("the same Gallery under both bases", () => {
  it("lists the same users through /gallery/api/admin/v1 (OAuth1) and /webapi/admin/v1 (OAuth2)", async () => {
    const viaOauth1 = await json<Array<{ id: string; email: string }>>(
      await signedFetch(gallery.credentials, `${gallery.url}/users/?page=1&pageSize=5`),
    );
    const res = await bearerGet(admin("/users/?page=1&pageSize=5"), token);
    expect(res.status).toBe(200);
    expect(res.headers.get("sl-violations")).toBeNull();
    const viaOauth2 = await json<Array<{ id: string; email: string }>>(res);
    expect(viaOauth2).toHaveLength(5);
    expect(viaOauth2).toEqual(viaOauth1);
  });

  it("a write through one base shows through the other (one in-memory Gallery)", async () => {
    const before = await json<Array<{ id: string }>>(
      await bearerGet(admin("/workflows/migratable/"), token),
    );
    const [workflow] = await json<Array<{ id: string }>>(
      await signedFetch(gallery.credentials, `${gallery.url}/workflows/?limit=1`),
    );
    if (!workflow) throw new Error("the dataset has no workflow");
    const wasMigratable = before.some(({ id }) => id === workflow.id);
    const put = await fetch(admin(`/workflows/migratable/${workflow.id}/`), {
      method: "PUT",
      headers: { authorization: `Bearer ${token}` },
    });
    expect(put.status).toBe(200);
    const after = await json<Array<{ id: string }>>(
      await signedFetch(gallery.credentials, `${gallery.url}/workflows/migratable/`),
    );
    // The PUT through /webapi flipped this workflow's flag, and the OAuth1 base sees the flip:
    // it joined the migratable list if it was not in it, or left it, and nothing else moved.
    expect(after.some(({ id }) => id === workflow.id)).toBe(!wasMigratable);
    const others = (list: Array<{ id: string }>) =>
      list
        .map(({ id }) => id)
        .filter((id) => id !== workflow.id)
        .sort();
    expect(others(after)).toEqual(others(before));
  });

  it("downloads a package through /webapi (binary body through Prism)", async () => {
    const [workflow] = await json<Array<{ id: string }>>(
      await bearerGet(admin("/workflows/?limit=1"), token),
    );
    const res = await bearerGet(admin(`/${workflow?.id}/package/`), token);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^application\/octet-stream/);
    expect(Object.keys(unzipSync(new Uint8Array(await res.arrayBuffer()))).length).toBeGreaterThan(
      0,
    );
  });
});

describe("all 15 Admin v1 operations through /webapi/admin/v1", () => {
  const LISTS = [
    "/users/",
    "/subscriptions/",
    "/collections/",
    "/schedules/",
    "/insights/",
    "/serverdataconnections/",
    "/systemdataconnections/",
    "/workflows/",
    "/workflows/all/?pageSize=0",
    "/workflows/jobs/",
    "/workflows/migratable/",
    "/auditlog/?entity=User&page=0&pageSize=50",
  ];

  it("the 12 listings answer through Prism without a violation", async () => {
    for (const route of LISTS) {
      const res = await bearerGet(admin(route), token);
      expect(res.status, route).toBe(200);
      expect(res.headers.get("sl-violations"), route).toBeNull();
      expect(Array.isArray(await json(res)), route).toBe(true);
    }
  });

  it("publish, download and the migration toggle, with a bearer token", async () => {
    const zip = zipSync({ "Via Webapi.yxmd": new TextEncoder().encode("<AlteryxDocument/>") });
    const body = new FormData();
    body.set("file", new Blob([zip]), "Via Webapi.yxzp");
    for (const [name, value] of Object.entries({
      name: "Via Webapi",
      owner: KNOWN_CURATOR.email,
      validate: "false",
      isPublic: "false",
    })) {
      body.set(name, value);
    }
    const published = await fetch(admin("/workflows/"), {
      method: "POST",
      headers: { authorization: `Bearer ${token}` },
      body,
    });
    expect(published.status).toBe(200);
    expect(published.headers.get("sl-violations")).toBeNull();
    const id = await json<string>(published);
    const download = await bearerGet(admin(`/${id}/package/`), token);
    expect(download.status).toBe(200);
    expect(Buffer.from(await download.arrayBuffer()).equals(Buffer.from(zip))).toBe(true);
    const toggled = await fetch(admin(`/workflows/migratable/${id}/`), {
      method: "PUT",
      headers: { authorization: `Bearer ${token}` },
    });
    expect(toggled.status).toBe(200);
    expect(toggled.headers.get("sl-violations")).toBeNull();
    const migratable = await json<Array<{ id: string }>>(
      await bearerGet(admin("/workflows/migratable/"), token),
    );
    expect(migratable.map((w) => w.id)).toContain(id);
  });
});

describe("Prism validates /webapi exchanges", () => {
  it("a response that breaks the spec becomes a 500 listing the violation", async () => {
    gallery.faults.corruptNextResponse(1);
    const res = await bearerGet(admin("/users/?pageSize=2"), token);
    expect(res.status).toBe(500);
    const problem = await json<{ title: string; validation: Array<{ location: string[] }> }>(res);
    expect(problem.title).toBe("Request/Response not valid");
    expect(problem.validation[0]?.location).toEqual(["response", "body", "0", "id"]);
  });

  it("a request that breaks the spec is a Prism 422", async () => {
    const res = await bearerGet(admin("/auditlog/?page=0&pageSize=10"), token);
    expect(res.status).toBe(422);
    expect(JSON.stringify(await json(res))).toMatch(/entity/);
  });
});

describe("CORS", () => {
  it.each(["/webapi/admin/v1/users/", "/webapi/oauth2/token", "/gallery/api/admin/v1/users/"])(
    "a preflight to %s is answered, Authorization allowed",
    async (path) => {
      const res = await fetch(`${gallery.origin}${path}`, {
        method: "OPTIONS",
        headers: {
          origin: "https://app.example",
          "access-control-request-method": path.endsWith("token") ? "POST" : "GET",
          "access-control-request-headers": "authorization",
        },
      });
      expect(res.status).toBe(204);
      expect(res.headers.get("access-control-allow-origin")).toBe("*");
      expect(res.headers.get("access-control-allow-headers")).toMatch(/Authorization/);
    },
  );

  it("the token answer and a 401 carry Access-Control-Allow-Origin", async () => {
    const tokenAnswer = await fetch(gallery.tokenUrl, { method: "POST" });
    expect(tokenAnswer.headers.get("access-control-allow-origin")).toBe("*");
    const denied = await fetch(admin("/users/"));
    expect(denied.headers.get("access-control-allow-origin")).toBe("*");
  });
});

describe("with @alteryx-admin/oauth2 as the client", () => {
  it("createTokenSource gets a token the guard takes (HTTP Basic, then form fields)", async () => {
    for (const clientAuth of ["basic", "post"] as const) {
      const source = createTokenSource({
        tokenUrl: gallery.tokenUrl,
        clientId: gallery.credentials.consumerKey,
        clientSecret: gallery.credentials.consumerSecret,
        clientAuth,
      });
      const res = await bearerGet(admin("/users/?pageSize=3"), await source.getToken());
      expect(res.status).toBe(200);
      expect(await json<unknown[]>(res)).toHaveLength(3);
    }
  });

  it("100 concurrent callers of a cold token source make one token request (counted by the mock)", async () => {
    const source = createTokenSource({
      tokenUrl: gallery.tokenUrl,
      clientId: gallery.credentials.consumerKey,
      clientSecret: gallery.credentials.consumerSecret,
    });
    const before = gallery.stats.tokenRequests;
    const answers = await Promise.all(
      Array.from({ length: 100 }, async () =>
        bearerGet(admin("/users/?pageSize=1"), await source.getToken()),
      ),
    );
    expect(answers.map((r) => r.status)).toEqual(Array(100).fill(200));
    expect(gallery.stats.tokenRequests - before).toBe(1);
  });

  it("a wrong secret is an OAuth2TokenError with the RFC 6749 error code", async () => {
    const source = createTokenSource({
      tokenUrl: gallery.tokenUrl,
      clientId: gallery.credentials.consumerKey,
      clientSecret: "not-the-secret",
    });
    await expect(source.getToken()).rejects.toMatchObject({
      name: "OAuth2TokenError",
      error: "invalid_client",
    });
  });
});

describe("absolute-form request targets (as through a proxy)", () => {
  it("are guarded and routed by their path like origin-form ones", async () => {
    const port = Number(new URL(gallery.origin).port);
    const target = admin("/users/?pageSize=1");
    // write, not end: Node's server drops a request whose client half-closes before the answer.
    // The Host header names another host: the target's own authority counts (RFC 9112 3.2.2).
    const ask = (authorization: string) =>
      rawExchange(port, (socket) =>
        socket.write(
          `GET ${target} HTTP/1.1\r\nHost: some-other-name\r\n${authorization}Connection: close\r\n\r\n`,
        ),
      );
    const granted = await ask(`Authorization: Bearer ${token}\r\n`);
    expect(granted.status).toBe(200);
    expect(JSON.parse(granted.body)).toHaveLength(1);
    const denied = await ask("");
    expect(denied.status).toBe(401);
    expect(JSON.parse(denied.body).innerExceptionMessage).toContain(gallery.tokenUrl);
  });
});
