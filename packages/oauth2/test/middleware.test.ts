/**
 * oauth2Middleware with a real openapi-fetch client against the local token server, whose
 * resource routes accept only the tokens it issued: the bearer header, the retry after a 401
 * with the body intact (JSON, multipart, form), a second 401 passed through, and one new token
 * request however many requests were refused with the same token.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import createClient from "openapi-fetch";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTokenSource, OAuth2TokenError, oauth2Middleware } from "../src/index.js";
import { rejection } from "./helpers.js";
import { type Echo, startTokenServer, type TokenServer } from "./token-server.js";

/** A hand-written `paths` type, the shape openapi-typescript generates. */
interface paths {
  "/users/": {
    get: {
      parameters: { query?: { page?: number } };
      responses: {
        200: { content: { "application/json": Echo } };
        401: { content: { "application/json": { message: string } } };
      };
    };
  };
  "/workflows/": {
    put: {
      requestBody: { content: { "application/json": { name: string; tags: string[] } } };
      responses: { 200: { content: { "application/json": Echo } } };
    };
    post: {
      requestBody: { content: { "multipart/form-data": FormData } };
      responses: { 200: { content: { "application/json": Echo } } };
    };
  };
  "/workflows/{id}/": {
    delete: {
      parameters: { path: { id: string } };
      responses: { 200: { content: { "application/json": Echo } } };
    };
    post: {
      parameters: { path: { id: string } };
      requestBody: { content: { "application/x-www-form-urlencoded": { note: string } } };
      responses: { 200: { content: { "application/json": Echo } } };
    };
  };
}

let server: TokenServer;

beforeAll(async () => {
  server = await startTokenServer({ key: "secret" });
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  server.tokenRequests.length = 0;
  server.unauthorized = 0;
  server.alwaysUnauthorized = false;
});

function client(clientSecret = "secret") {
  const tokens = createTokenSource({ tokenUrl: server.tokenUrl, clientId: "key", clientSecret });
  const admin = createClient<paths>({ baseUrl: `${server.origin}/webapi/admin/v1` });
  admin.use(oauth2Middleware(tokens));
  return admin;
}

/** A multipart body with a text field and a binary file holding every byte value. */
function upload(): FormData {
  const form = new FormData();
  form.set("name", "Sales report=1&x");
  form.set("file", new Blob([Uint8Array.from({ length: 256 }, (_, i) => i)]), "w.yxzp");
  return form;
}

describe("oauth2Middleware with openapi-fetch", () => {
  it("sends Authorization: Bearer on every request, one token for all", async () => {
    const admin = client();
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, page) =>
        admin.GET("/users/", { params: { query: { page } } }),
      ),
    );
    expect(results.map((r) => r.response.status)).toEqual(Array(20).fill(200));
    expect(results[3]?.data?.path).toBe("/webapi/admin/v1/users/?page=3");
    expect(server.tokenRequests).toHaveLength(1);
    expect(server.unauthorized).toBe(0);
  });

  it("a 401 (token revoked) drops the token and retries once with a new one", async () => {
    const admin = client();
    await admin.GET("/users/");
    server.revokeAll();
    const { data, response } = await admin.GET("/users/", { params: { query: { page: 2 } } });
    expect(response.status).toBe(200);
    expect(data?.path).toBe("/webapi/admin/v1/users/?page=2");
    expect(server.unauthorized).toBe(1);
    expect(server.tokenRequests).toHaveLength(2);
  });

  it("the retry re-sends a JSON body intact", async () => {
    const admin = client();
    await admin.GET("/users/");
    server.revokeAll();
    const body = { name: "a=b&c ü", tags: ["x y", "🙂"] };
    const { data } = await admin.PUT("/workflows/", { body });
    expect(server.unauthorized).toBe(1);
    expect(data?.method).toBe("PUT");
    expect(data?.contentType).toBe("application/json");
    expect(JSON.parse(Buffer.from(data?.body ?? "", "latin1").toString("utf8"))).toEqual(body);
  });

  it("the retry re-sends a multipart body byte for byte, boundary included", async () => {
    const admin = client();
    const fresh = await admin.POST("/workflows/", { body: upload() });
    server.revokeAll();
    const retried = await admin.POST("/workflows/", { body: upload() });
    expect(server.unauthorized).toBe(1);
    expect(retried.response.status).toBe(200);
    const boundary = (echo: Echo | undefined) =>
      /boundary=(\S+)/.exec(echo?.contentType ?? "")?.[1] ?? "";
    // The same parts as a request that was not retried; only the random boundary differs.
    expect(retried.data?.body.replaceAll(boundary(retried.data), "B")).toBe(
      fresh.data?.body.replaceAll(boundary(fresh.data), "B"),
    );
    const bytes = String.fromCharCode(...Array.from({ length: 256 }, (_, i) => i));
    expect(retried.data?.body).toContain(
      `filename="w.yxzp"\r\nContent-Type: application/octet-stream\r\n\r\n${bytes}\r\n`,
    );
    expect(retried.data?.body).toContain('name="name"\r\n\r\nSales report=1&x\r\n');
  });

  it("retries any method: a form-encoded POST and a DELETE", async () => {
    const admin = client();
    await admin.GET("/users/");
    server.revokeAll();
    const post = await admin.POST("/workflows/{id}/", {
      params: { path: { id: "w 1" } },
      body: { note: "50% off & more" },
      bodySerializer: (body) => new URLSearchParams(body),
    });
    expect(post.data?.method).toBe("POST");
    expect(new URLSearchParams(post.data?.body).get("note")).toBe("50% off & more");
    server.revokeAll();
    const removed = await admin.DELETE("/workflows/{id}/", { params: { path: { id: "w 1" } } });
    expect(removed.data).toMatchObject({
      method: "DELETE",
      path: "/webapi/admin/v1/workflows/w%201/",
    });
    expect(server.unauthorized).toBe(2);
  });

  it("a second 401 is returned to the caller, after one new token", async () => {
    const admin = client();
    server.alwaysUnauthorized = true;
    const { data, error, response } = await admin.GET("/users/");
    expect(response.status).toBe(401);
    expect(data).toBeUndefined();
    expect(error).toEqual({ message: "Authorization has been denied for this request." });
    expect(server.unauthorized).toBe(2);
    expect(server.tokenRequests).toHaveLength(2);
  });

  it("100 concurrent requests refused with the same token make one new token request", async () => {
    const admin = client();
    await admin.GET("/users/");
    server.revokeAll();
    const results = await Promise.all(
      Array.from({ length: 100 }, (_, page) =>
        admin.GET("/users/", { params: { query: { page } } }),
      ),
    );
    expect(results.every((r) => r.response.status === 200)).toBe(true);
    expect(server.unauthorized).toBe(100);
    expect(server.tokenRequests).toHaveLength(2);
  });

  it("a cold client firing 100 concurrent requests makes one token request", async () => {
    const admin = client();
    const results = await Promise.all(Array.from({ length: 100 }, () => admin.GET("/users/")));
    expect(results.every((r) => r.response.status === 200)).toBe(true);
    expect(server.tokenRequests).toHaveLength(1);
  });

  it("a token error rejects the call with the OAuth2TokenError", async () => {
    const error = await rejection(client("wrong").GET("/users/"));
    expect(error).toBeInstanceOf(OAuth2TokenError);
    expect((error as OAuth2TokenError).error).toBe("invalid_client");
    expect(server.unauthorized).toBe(0);
  });

  it("an answer that comes before the whole body was sent does not hang the call", async () => {
    // The server answers after the first chunk of a body that never ends: the kept copy's half
    // of the body can then never finish, and must not be waited for.
    const early = createServer((req, res) => {
      req.once("data", () => {
        res.writeHead(200, { "content-type": "application/json" });
        res.end("{}");
      });
    });
    await new Promise<void>((resolve) => early.listen(0, "127.0.0.1", resolve));
    const controller = new AbortController();
    try {
      const { port } = early.address() as AddressInfo;
      const streaming = createClient({ baseUrl: `http://127.0.0.1:${port}` });
      streaming.use(
        oauth2Middleware(
          createTokenSource({ tokenUrl: server.tokenUrl, clientId: "key", clientSecret: "secret" }),
        ),
      );
      const body = new ReadableStream({
        start(stream) {
          stream.enqueue(new TextEncoder().encode("x".repeat(1000)));
        },
      });
      const { response } = await streaming.POST(
        "/upload" as never,
        {
          body,
          bodySerializer: (b: unknown) => b,
          duplex: "half",
          signal: controller.signal,
        } as never,
      );
      expect(response.status).toBe(200);
    } finally {
      controller.abort();
      early.closeAllConnections();
      await new Promise((resolve) => early.close(resolve));
    }
  });

  it("refuses something that is not a token source", () => {
    expect(() => oauth2Middleware({} as never)).toThrow(
      "oauth2Middleware needs a token source: oauth2Middleware(createTokenSource({ tokenUrl, clientId, clientSecret }))",
    );
    expect(() => oauth2Middleware(undefined as never)).toThrow(TypeError);
  });
});
