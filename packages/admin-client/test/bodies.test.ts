/**
 * Answers that go wrong after their headers, from a real server on 127.0.0.1 through Node's
 * fetch: a 2xx that is not JSON, a connection cut mid-body, a body that stalls. Each gives a
 * typed error that names the request (never a raw SyntaxError or "terminated").
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  AlteryxNetworkError,
  AlteryxResponseError,
  AlteryxTimeoutError,
  createAdminClient,
  downloadPackage,
} from "../src/index.js";
import { startServer, type TestServer } from "./servers.js";

const ROOT = "/gallery/api/admin/v1";
const APP = "5a0000000000000000000001";
/** A package whose answer stalls after its first bytes. */
const STALLED_APP = "5a0000000000000000000002";
let server: TestServer;

beforeAll(async () => {
  server = await startServer((seen, res) => {
    const route = new URL(seen.url, "http://x").pathname.slice(ROOT.length);
    if (route === "/users/") {
      res.writeHead(200, { "content-type": "text/html" });
      res.end("<!doctype html><title>Proxy sign-in</title>");
    } else if (route === "/subscriptions/" || route === `/${APP}/package/`) {
      // Headers and part of the body, then the connection is cut.
      const type = route === "/subscriptions/" ? "application/json" : "application/octet-stream";
      res.writeHead(200, { "content-type": type, "content-length": "100000" });
      res.write(route === "/subscriptions/" ? '[{"id":"5a00' : "PK\u0003\u0004partial");
      setImmediate(() => res.socket?.destroy());
    } else if (route === `/${STALLED_APP}/package/`) {
      // A download's headers and first bytes, then nothing more: the connection stays open.
      res.writeHead(200, {
        "content-type": "application/octet-stream",
        "content-length": "100000",
      });
      res.write("PK\u0003\u0004first bytes");
    } else if (route === "/collections/") {
      // Headers and part of the body, then nothing more: the connection stays open.
      res.writeHead(200, { "content-type": "application/json", "content-length": "100000" });
      res.write('[{"id":"5a00');
    } else {
      res.writeHead(404).end();
    }
  });
});
afterAll(() => server.close());

function client(timeoutMs = 30_000) {
  return createAdminClient({
    baseUrl: `${server.origin}${ROOT}`,
    consumerKey: "key",
    consumerSecret: "secret",
    timeoutMs,
    retry: { attempts: 2, minDelayMs: 1, maxDelayMs: 1 },
  });
}

describe("answers that fail after the headers", () => {
  it("a 2xx HTML page where JSON was expected", async () => {
    const error = await client()
      .GET("/users/")
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AlteryxResponseError);
    expect((error as Error).message).toBe(
      `GET /users/ to ${server.origin} answered 200 with a body that is not JSON (text/html: <!doctype html><title>Proxy sign-in</title>); is a proxy or a login page answering instead of the Gallery?`,
    );
  });

  it("a JSON body cut mid-stream, retried, then an AlteryxNetworkError", async () => {
    const before = server.seen.length;
    const error = await client()
      .GET("/subscriptions/")
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AlteryxNetworkError);
    expect(error).toMatchObject({ method: "GET", path: "/subscriptions/", during: "body" });
    expect((error as Error).message).toMatch(
      /^GET \/subscriptions\/ to http:\/\/127\.0\.0\.1:\d+ failed while reading the answer's body \(2 attempts\): /,
    );
    expect(server.seen.length - before).toBe(2);
  });

  it("a download cut mid-stream fails its reader with an AlteryxNetworkError", async () => {
    const pkg = await downloadPackage(client(), APP);
    const error = await new Response(pkg.body).arrayBuffer().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AlteryxNetworkError);
    expect(error).toMatchObject({ path: `/${APP}/package/`, during: "body" });
  });

  it("a download that stalls after its first bytes fails its reader with AlteryxTimeoutError", async () => {
    const pkg = await downloadPackage(client(300), STALLED_APP);
    const reader = pkg.body.getReader();
    expect(new TextDecoder().decode((await reader.read()).value)).toBe("PK\u0003\u0004first bytes");
    const error = await reader.read().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AlteryxTimeoutError);
    expect(error).toMatchObject({
      path: `/${STALLED_APP}/package/`,
      during: "body",
      timeoutMs: 300,
    });
  });

  it("a body that stalls after the headers fails with AlteryxTimeoutError within timeoutMs", async () => {
    const error = await client(300)
      .GET("/collections/")
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AlteryxTimeoutError);
    expect(error).toMatchObject({
      method: "GET",
      path: "/collections/",
      during: "body",
      timeoutMs: 300,
      attempts: 2,
    });
  });
});
