/**
 * oauth1Middleware with a real openapi-fetch client against a local HTTP server that checks the
 * signature independently with `oauth-sign`, the way a Gallery does.
 */
import createClient, { type Middleware } from "openapi-fetch";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSigner, oauth1Middleware } from "../src/index.js";
import { startVerifyingServer, type Verdict, type VerifyingServer } from "./verifying-server.js";

const CONSUMER_KEY = "gallery-key";
const CONSUMER_SECRET = "gallery secret!*'()";

/** A tiny hand-written `paths` type, the shape openapi-typescript generates. */
interface paths {
  "/users/": {
    get: {
      parameters: { query?: { search?: string; page?: number; pageSize?: number } };
      responses: { 200: { content: { "application/json": Verdict } } };
    };
  };
  "/workflows/": {
    put: {
      requestBody: { content: { "application/json": { name: string; tags: string[] } } };
      responses: { 200: { content: { "application/json": Verdict } } };
    };
    post: {
      requestBody: { content: { "multipart/form-data": FormData } };
      responses: { 200: { content: { "application/json": Verdict } } };
    };
  };
  "/workflows/{id}/": {
    post: {
      parameters: { path: { id: string } };
      requestBody: {
        content: { "application/x-www-form-urlencoded": { name: string; note: string } };
      };
      responses: { 200: { content: { "application/json": Verdict } } };
    };
  };
}

let server: VerifyingServer;
let origin: string;

beforeAll(async () => {
  server = await startVerifyingServer({ [CONSUMER_KEY]: CONSUMER_SECRET });
  origin = server.origin;
});

afterAll(async () => {
  await server.close();
});

const placements = ["header", "query"] as const;

describe.each(placements)("oauth1Middleware with openapi-fetch, placement %s", (placement) => {
  const client = () => {
    const c = createClient<paths>({ baseUrl: `${origin}/gallery/api/admin/v1` });
    c.use(
      oauth1Middleware({ consumerKey: CONSUMER_KEY, consumerSecret: CONSUMER_SECRET, placement }),
    );
    return c;
  };

  it("a GET with spaces and reserved characters in the query is accepted", async () => {
    const search = "a b+c&d=e!*'()~ü/?#%";
    const { data, error, response } = await client().GET("/users/", {
      params: { query: { search, page: 2, pageSize: 100 } },
    });
    expect(error).toBeUndefined();
    expect(response.status).toBe(200);
    expect(data?.ok).toBe(true);
    expect(data?.placement).toBe(placement);
    expect(data?.query).toEqual([
      ["search", search],
      ["page", "2"],
      ["pageSize", "100"],
    ]);
  });

  it("a form-encoded POST is signed with its body, and the server receives the body intact", async () => {
    const { data, response } = await client().POST("/workflows/{id}/", {
      params: { path: { id: "abc 1" } },
      body: { name: "My workflow", note: "50% off & more!" },
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
    });
    expect(response.status).toBe(200);
    expect(data?.ok).toBe(true);
    expect(new URLSearchParams(data?.body)).toEqual(
      new URLSearchParams({ name: "My workflow", note: "50% off & more!" }),
    );
  });

  it("a JSON PUT and a multipart POST reach the server intact, their bodies not signed", async () => {
    const c = client();
    const put = await c.PUT("/workflows/", { body: { name: "a=b&c", tags: ["x y"] } });
    expect(put.data?.ok).toBe(true);
    expect(JSON.parse(put.data?.body ?? "")).toEqual({ name: "a=b&c", tags: ["x y"] });

    const form = new FormData();
    form.set("name", "workflow=1&x");
    form.set("file", new Blob([new Uint8Array([0, 1, 2, 255])]), "w.yxzp");
    const post = await c.POST("/workflows/", { body: form });
    expect(post.data?.ok).toBe(true);
    expect(post.data?.body).toMatch(/name="name"\r\n\r\nworkflow=1&x\r\n/);
    expect(post.data?.body).toContain('filename="w.yxzp"');
  });

  it("many requests in a row each get a fresh nonce and are all accepted", async () => {
    const c = client();
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => c.GET("/users/", { params: { query: { page: i } } })),
    );
    expect(results.every((r) => r.data?.ok === true)).toBe(true);
  });
});

describe("the verifying server is not a pushover", () => {
  it("rejects a request signed with the wrong secret", async () => {
    const c = createClient<paths>({ baseUrl: `${origin}/gallery/api/admin/v1` });
    c.use(oauth1Middleware({ consumerKey: CONSUMER_KEY, consumerSecret: "wrong" }));
    const { response } = await c.GET("/users/", { params: { query: { page: 1 } } });
    expect(response.status).toBe(401);
  });

  it("rejects a request whose query changed after signing", async () => {
    const signer = createSigner({ consumerKey: CONSUMER_KEY, consumerSecret: CONSUMER_SECRET });
    const signed = await signer.sign(new Request(`${origin}/users/?page=1`));
    const tampered = new Request(`${origin}/users/?page=2`, { headers: signed.headers });
    expect((await fetch(tampered)).status).toBe(401);
  });
});

describe("types", () => {
  it("the middleware is assignable to openapi-fetch's Middleware without a cast", () => {
    const middleware: Middleware = oauth1Middleware({ consumerKey: "k", consumerSecret: "s" });
    expect(typeof middleware.onRequest).toBe("function");
  });

  it("accepts an existing signer", async () => {
    const signer = createSigner({ consumerKey: CONSUMER_KEY, consumerSecret: CONSUMER_SECRET });
    const c = createClient<paths>({ baseUrl: origin });
    c.use(oauth1Middleware(signer));
    const { data } = await c.GET("/users/");
    expect(data?.ok).toBe(true);
  });
});
