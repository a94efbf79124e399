/**
 * Redirects against real servers on 127.0.0.1: the Gallery (`api`) and another origin
 * (`other`) that records everything it receives. Credentials never reach the other origin, in
 * either placement; a publish that is redirected fails with the Location named, and nothing is
 * sent twice.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  AlteryxRedirectError,
  createAdminClient,
  type Placement,
  publishWorkflow,
  unwrap,
} from "../src/index.js";
import { sendJson, startServer, type TestServer } from "./servers.js";

const ROOT = "/gallery/api/admin/v1";
const USERS = [{ id: "5a0000000000000000000001", email: "ana@example.com" }];
let api: TestServer;
let other: TestServer;

function redirect(res: import("node:http").ServerResponse, status: number, location: string) {
  res.writeHead(status, { location, "content-length": "0" });
  res.end();
}

beforeAll(async () => {
  other = await startServer((_, res) => sendJson(res, USERS));
  api = await startServer((seen, res) => {
    const url = new URL(seen.url, "http://x");
    const route = url.pathname.slice(ROOT.length);
    // A server that copies the request's query into the Location, oauth_* values included.
    if (route === "/users/") return redirect(res, 302, `${other.origin}/elsewhere/${url.search}`);
    if (route === "/subscriptions/") return redirect(res, 301, `${ROOT}/collections/?moved=1`);
    if (route === "/collections/") return sendJson(res, []);
    if (route === "/schedules/") return redirect(res, 302, `${ROOT}/schedules/`);
    if (route === "/workflows/") {
      const status = seen.headers["x-status"] === "302" ? 302 : 307;
      return redirect(res, status, `${other.origin}/upload?oauth_signature=abc&keep=1`);
    }
    res.writeHead(404).end();
  });
});
afterAll(async () => {
  await Promise.all([api.close(), other.close()]);
});
beforeEach(() => {
  api.seen.length = 0;
  other.seen.length = 0;
});

function client(placement: Placement) {
  return createAdminClient({
    baseUrl: `${api.origin}${ROOT}`,
    consumerKey: "key",
    consumerSecret: "secret",
    placement,
    retry: false,
  });
}

describe("redirects", () => {
  it.each<Placement>(["header", "query"])(
    "follows a GET to another origin with no credential at all (%s placement)",
    async (placement) => {
      const users = unwrap(
        await client(placement).GET("/users/", { params: { query: { page: 0 } } }),
      );
      expect(users).toEqual(USERS);
      // The Gallery got a signed request; the other origin got nothing of it.
      expect(api.seen).toHaveLength(1);
      const signed = JSON.stringify(api.seen[0]);
      expect(signed).toContain("oauth_signature");
      expect(other.seen).toHaveLength(1);
      const [received] = other.seen;
      expect(received?.url).toBe("/elsewhere/?page=0");
      expect(received?.headers.authorization).toBeUndefined();
      expect(JSON.stringify(received)).not.toMatch(/oauth_/i);
    },
  );

  it.each<Placement>(["header", "query"])(
    "follows a GET on the same origin, signed again (%s placement)",
    async (placement) => {
      const result = await client(placement).GET("/subscriptions/");
      expect(result.response.status).toBe(200);
      expect(api.seen.map((s) => new URL(s.url, "http://x").pathname)).toEqual([
        `${ROOT}/subscriptions/`,
        `${ROOT}/collections/`,
      ]);
      const nonces = api.seen.map(
        (s) =>
          /oauth_nonce="([^"]+)"/.exec(s.headers.authorization ?? "")?.[1] ??
          new URL(s.url, "http://x").searchParams.get("oauth_nonce"),
      );
      expect(nonces[0]).toBeDefined();
      expect(nonces[1]).toBeDefined();
      expect(nonces[0]).not.toBe(nonces[1]);
    },
  );

  it("stops a redirect loop after a bounded number of hops", async () => {
    const error = await client("header")
      .GET("/schedules/")
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AlteryxRedirectError);
    expect((error as Error).message).toMatch(/more than 5 redirects/);
    expect(api.seen).toHaveLength(6);
  });

  it.each([
    ["307", 307],
    ["302", 302],
  ])(
    "fails a publish answered with %s, names the Location and sends nothing again",
    async (header, status) => {
      const admin = client("query");
      admin.use({
        onRequest({ request }) {
          request.headers.set("x-status", header);
        },
      });
      const error = await publishWorkflow(admin, {
        file: new Uint8Array([0x50, 0x4b, 3, 4, 1, 2]),
        name: "Sales",
        owner: "ana@example.com",
        validate: false,
        isPublic: false,
      }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AlteryxRedirectError);
      expect(error).toMatchObject({
        status,
        method: "POST",
        path: "/workflows/",
        location: `${other.origin}/upload?keep=1`,
      });
      expect((error as Error).message).toBe(
        `POST /workflows/ to ${api.origin} was redirected (${status}) to ${other.origin}/upload?keep=1: a POST is never sent again or turned into a GET, so nothing was re-sent; use the URL the server redirects to as baseUrl`,
      );
      expect(api.seen).toHaveLength(1);
      expect(other.seen).toHaveLength(0);
    },
  );
});
