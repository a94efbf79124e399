/**
 * The pipeline on a fake fetch: what it hands fetch (content type, dispatcher), and the typed
 * errors for answers that go wrong after the headers. Timeouts run on fake timers, so a loaded
 * machine cannot make them fire early or late. Redirects against real servers: test/redirects.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { fakeFetch, json, testClient } from "../../test/fake-fetch.js";
import { downloadPackage } from "../helpers/download.js";
import {
  AlteryxNetworkError,
  AlteryxRedirectError,
  AlteryxResponseError,
  AlteryxTimeoutError,
} from "./errors.js";

const APP = "5a0000000000000000000001";
const encoder = new TextEncoder();

/** A body that sends `chunks`, then fails with `end` ("stall": never sends anything more). */
function body(chunks: string[], end: Error | "stall"): ReadableStream<Uint8Array> {
  let sent = 0;
  return new ReadableStream({
    pull(controller) {
      if (sent < chunks.length) controller.enqueue(encoder.encode(chunks[sent++]));
      else if (end === "stall") return new Promise(() => undefined);
      else controller.error(end);
    },
  });
}

/** Lets pending promise jobs and I/O callbacks run (setImmediate is never faked here). */
async function settle(turns = 50): Promise<void> {
  for (let i = 0; i < turns; i++) await new Promise((resolve) => setImmediate(resolve));
}

afterEach(() => {
  vi.useRealTimers();
});

describe("pipeline: what fetch receives", () => {
  it("sends a FormData body with the content type the request had before its body was read", async () => {
    const fetch = fakeFetch(() => json("5b0000000000000000000002"));
    const admin = testClient(fetch);
    let original: string | null = null;
    admin.use({
      onRequest({ request }) {
        original = request.headers.get("content-type");
      },
    });
    const form = new FormData();
    form.append("name", "Sales");
    form.append("file", new Blob([new Uint8Array([80, 75, 3, 4])]), "Sales.yxzp");
    await admin.POST("/workflows/", { body: form as never, bodySerializer: () => form });
    const sent = fetch.calls[0]?.headers.get("content-type");
    expect(original).toMatch(/^multipart\/form-data; boundary=/);
    expect(sent).toBe(original);
    const boundary = String(sent).split("boundary=")[1] as string;
    const text = new TextDecoder().decode(fetch.calls[0]?.body ?? new ArrayBuffer(0));
    expect(text.startsWith(`--${boundary}\r\n`)).toBe(true);
    expect(text).toContain('name="file"; filename="Sales.yxzp"');
  });

  it("keeps a multipart body's Content-Type where reading the body drops it from the Request (Bun)", async () => {
    // Bun 1.x: once a FormData Request's body has been read, request.headers no longer holds
    // its Content-Type (with the boundary), and the Gallery answers the publish with a 422.
    // This Request does the same on Node, so the test fails if the pipeline reads the body
    // before it copies the headers. The cross-runtime suite (tests/runtimes) publishes on Bun.
    class BunLikeRequest extends Request {
      override async arrayBuffer(): Promise<ArrayBuffer> {
        const bytes = await super.arrayBuffer();
        this.headers.delete("content-type");
        return bytes;
      }
    }
    vi.stubGlobal("Request", BunLikeRequest);
    try {
      const fetch = fakeFetch(() => json("5b0000000000000000000002"));
      // openapi-fetch takes globalThis.Request when the client is created.
      const admin = testClient(fetch);
      const form = new FormData();
      form.append("name", "Sales");
      form.append("file", new Blob([new Uint8Array([80, 75, 3, 4])]), "Sales.yxzp");
      await admin.POST("/workflows/", { body: form as never, bodySerializer: () => form });
      // What the pipeline handed fetch (the fake's own Request is Bun-like too).
      const sent = new Headers(fetch.calls[0]?.init.headers).get("content-type");
      expect(sent).toMatch(/^multipart\/form-data; boundary=.+/);
      const boundary = String(sent).split("boundary=")[1] as string;
      const text = new TextDecoder().decode(fetch.calls[0]?.body ?? new ArrayBuffer(0));
      expect(text.startsWith(`--${boundary}\r\n`)).toBe(true);
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it("hands the dispatcher to fetch as init.dispatcher, to a custom fetch and to globalThis.fetch", async () => {
    const dispatcher = { dispatch: () => true };
    const fetch = fakeFetch(() => json([]));
    await testClient(fetch, { dispatcher }).GET("/users/");
    expect(fetch.calls[0]?.init.dispatcher).toBe(dispatcher);
    expect(fetch.calls[0]?.init.redirect).toBe("manual");

    const spy = vi.spyOn(globalThis, "fetch").mockImplementation(async () => json([]));
    try {
      await testClient(undefined as never, { fetch: undefined, dispatcher }).GET("/users/");
      const init = spy.mock.calls[0]?.[1] as { dispatcher?: unknown };
      expect(init.dispatcher).toBe(dispatcher);
    } finally {
      spy.mockRestore();
    }
  });
});

describe("pipeline: answers that go wrong after the headers", () => {
  it.each([
    ["an HTML page", "text/html; charset=utf-8", "<html><body>Sign in to Contoso</body></html>"],
    ["a truncated document", "application/json", '[{"id": "5a00'],
  ])("fails a 2xx with %s with AlteryxResponseError naming the request", async (_, type, text) => {
    const fetch = fakeFetch(() => new Response(text, { headers: { "content-type": type } }));
    const error = await testClient(fetch)
      .GET("/users/", { params: { query: { page: 2 } } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AlteryxResponseError);
    expect(error).toMatchObject({
      method: "GET",
      origin: "https://gallery.example.com",
      path: "/users/?page=2",
      status: 200,
      contentType: type,
    });
    expect((error as Error).message).toMatch(
      /^GET \/users\/\?page=2 to https:\/\/gallery\.example\.com answered 200 with a body that is not JSON/,
    );
    expect(fetch.calls).toHaveLength(1);
  });

  it("retries a GET whose JSON body is cut, then fails with AlteryxNetworkError during the body", async () => {
    const fetch = fakeFetch(
      () =>
        new Response(body(['[{"id":'], new TypeError("terminated")), {
          headers: { "content-type": "application/json" },
        }),
    );
    const error = await testClient(fetch)
      .GET("/users/")
      .catch((e: unknown) => e);
    expect(fetch.calls).toHaveLength(3);
    expect(error).toBeInstanceOf(AlteryxNetworkError);
    expect(error).not.toBeInstanceOf(AlteryxTimeoutError);
    expect(error).toMatchObject({ during: "body", attempts: 3, path: "/users/" });
    expect((error as Error).message).toBe(
      "GET /users/ to https://gallery.example.com failed while reading the answer's body (3 attempts): terminated",
    );
  });

  it("times out a JSON body that stalls after the headers", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const fetch = fakeFetch(
      () =>
        new Response(body(['[{"id":"a"}'], "stall"), {
          headers: { "content-type": "application/json" },
        }),
    );
    const settled = testClient(fetch, { timeoutMs: 5000, retry: false })
      .GET("/users/")
      .catch((e: unknown) => e);
    await settle();
    expect(fetch.calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(4999);
    expect(fetch.calls[0]?.signal.aborted).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    const error = await settled;
    expect(error).toBeInstanceOf(AlteryxTimeoutError);
    expect(error).toMatchObject({ during: "body", timeoutMs: 5000, path: "/users/" });
    expect((error as Error).message).toBe(
      "GET /users/ to https://gallery.example.com timed out after 5000 ms while reading the answer's body; check that the server is reachable, or raise timeoutMs",
    );
  });

  it("streams a download, failing a chunk that does not come within timeoutMs", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const fetch = fakeFetch(
      () =>
        new Response(body(["PK\u0003\u0004", "more"], "stall"), {
          headers: { "content-type": "application/octet-stream" },
        }),
    );
    const pkg = await downloadPackage(testClient(fetch, { timeoutMs: 1000 }), APP);
    const reader = pkg.body.getReader();
    // Each chunk may take up to timeoutMs: the whole download is not bounded.
    await vi.advanceTimersByTimeAsync(900);
    expect((await reader.read()).done).toBe(false);
    await vi.advanceTimersByTimeAsync(900);
    expect((await reader.read()).done).toBe(false);
    const next = reader.read().catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(1000);
    const error = await next;
    expect(error).toBeInstanceOf(AlteryxTimeoutError);
    expect(error).toMatchObject({ during: "body", path: `/${APP}/package/` });
  });

  it("fails a download cut mid-stream with AlteryxNetworkError", async () => {
    const fetch = fakeFetch(
      () =>
        new Response(body(["PK\u0003\u0004"], new TypeError("terminated")), {
          headers: { "content-type": "application/octet-stream" },
        }),
    );
    const pkg = await downloadPackage(testClient(fetch), APP);
    const error = await new Response(pkg.body).arrayBuffer().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AlteryxNetworkError);
    expect(error).toMatchObject({ during: "body", method: "GET", path: `/${APP}/package/` });
  });

  it("fails with a clear error where a browser hides a redirect (opaque redirect)", async () => {
    const fetch = fakeFetch(() => {
      const opaque = new Response(null, { status: 200 });
      Object.defineProperty(opaque, "type", { value: "opaqueredirect" });
      return opaque;
    });
    const error = await testClient(fetch)
      .GET("/users/")
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AlteryxRedirectError);
    expect((error as Error).message).toMatch(/this browser hides redirects from fetch/);
  });
});
