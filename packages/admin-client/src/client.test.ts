import { inspect } from "node:util";
import { createSigner } from "@alteryx-admin/oauth1-signer";
import { describe, expect, it, onTestFinished, vi } from "vitest";
import {
  BASE,
  fakeFetch,
  galleryError,
  json,
  oauthOf,
  SECRET,
  testClient,
} from "../test/fake-fetch.js";
import {
  AlteryxApiError,
  AlteryxNetworkError,
  AlteryxTimeoutError,
  unwrap,
} from "./http/errors.js";
import type { RetryEvent } from "./http/options.js";

const USERS = [{ id: "5a0000000000000000000001", email: "ana@example.com" }];

describe("createAdminClient: signing", () => {
  it("signs in the Authorization header by default and keeps the query", async () => {
    const fetch = fakeFetch(() => json(USERS));
    const admin = testClient(fetch);
    expect(admin.baseUrl).toBe(BASE);
    const { data } = await admin.GET("/users/", { params: { query: { page: 0, pageSize: 2 } } });
    expect(data).toEqual(USERS);
    const [call] = fetch.calls;
    expect(call?.url).toBe(`${BASE}/users/?page=0&pageSize=2`);
    expect(call?.headers.get("authorization")).toMatch(/^OAuth oauth_consumer_key="test-key"/);
    expect(oauthOf(call as never)).toMatchObject({
      oauth_signature_method: "HMAC-SHA1",
      oauth_version: "1.0",
    });
  });

  it("signs in the query with placement query", async () => {
    const fetch = fakeFetch(() => json(USERS));
    const admin = testClient(fetch, { placement: "query" });
    await admin.GET("/users/");
    const [call] = fetch.calls;
    expect(call?.headers.get("authorization")).toBeNull();
    expect(call?.url).toMatch(
      /\/users\/\?oauth_consumer_key=test-key&oauth_nonce=.*oauth_signature=/,
    );
  });

  it("uses a fresh nonce for every request", async () => {
    const fetch = fakeFetch(() => json(USERS));
    const admin = testClient(fetch);
    await admin.GET("/users/");
    await admin.GET("/users/");
    const nonces = fetch.calls.map((c) => oauthOf(c).oauth_nonce);
    expect(new Set(nonces).size).toBe(2);
  });

  it("sends the configured headers and user agent", async () => {
    const fetch = fakeFetch(() => json(USERS));
    const admin = testClient(fetch, { headers: { "x-trace": "t1" }, userAgent: "my-script/1.0" });
    await admin.GET("/users/");
    expect(fetch.calls[0]?.headers.get("x-trace")).toBe("t1");
    expect(fetch.calls[0]?.headers.get("user-agent")).toBe("my-script/1.0");
  });

  it("never shows the secret when inspected", () => {
    const admin = testClient(fakeFetch(() => json([])));
    expect(inspect(admin, { depth: 5, showHidden: true })).not.toContain(SECRET);
    expect(JSON.stringify(admin)).not.toContain(SECRET);
  });

  it("parses a JSON body that starts with a UTF-8 BOM", async () => {
    const bom = (text: string, status = 200) =>
      new Response(new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(text)]), {
        status,
        headers: { "content-type": "application/json; charset=utf-8" },
      });
    const fetch = fakeFetch((_, n) =>
      n === 1
        ? bom(JSON.stringify(USERS))
        : bom('{"exceptionName":"NotFoundException","message":"nope"}', 404),
    );
    const admin = testClient(fetch);
    expect((await admin.GET("/users/")).data).toEqual(USERS);
    const { error } = await admin.GET("/{appId}/package/", {
      params: { path: { appId: "5a0000000000000000000009" } },
    });
    expect(error).toEqual({ exceptionName: "NotFoundException", message: "nope" });
  });
});

describe("createAdminClient: what is signed", () => {
  /** Recomputes the signature of a recorded request with its own nonce and timestamp. */
  async function expectedSignature(
    call: { method: string; url: string; headers: Headers },
    body?: string,
  ): Promise<string> {
    const oauth = oauthOf(call as never);
    const signer = createSigner({
      consumerKey: "test-key",
      consumerSecret: SECRET,
      nonce: () => oauth.oauth_nonce as string,
      timestamp: () => Number(oauth.oauth_timestamp),
    });
    const url = call.url.replace(/[?&]oauth_.*$/, "");
    const authorization = await signer.authorize({
      method: call.method,
      url,
      body: body ?? null,
      contentType: call.headers.get("content-type"),
    });
    return authorization.signature;
  }

  it("signs the query of a GET exactly as the signer does", async () => {
    const fetch = fakeFetch(() => json([]));
    await testClient(fetch).GET("/workflows/", {
      params: { query: { search: "it's (draft)!", limit: 5 } },
    });
    const [call] = fetch.calls;
    expect(oauthOf(call as never).oauth_signature).toBe(await expectedSignature(call as never));
  });

  it("signs the fields of a form-encoded body, but not those of a multipart one", async () => {
    const fetch = fakeFetch(() => json("5b0000000000000000000002"));
    const admin = testClient(fetch);
    await admin.POST("/workflows/", {
      body: { name: "a b" } as never,
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    const [form] = fetch.calls;
    const sentBody = new TextDecoder().decode(form?.body ?? new ArrayBuffer(0));
    expect(sentBody).toBe("name=a+b");
    expect(oauthOf(form as never).oauth_signature).toBe(
      await expectedSignature(form as never, sentBody),
    );
    expect(oauthOf(form as never).oauth_signature).not.toBe(await expectedSignature(form as never));

    const multipart = new FormData();
    multipart.append("name", "a b");
    await admin.POST("/workflows/", { body: multipart as never, bodySerializer: () => multipart });
    const [, second] = fetch.calls;
    expect(second?.headers.get("content-type")).toMatch(/^multipart\/form-data/);
    expect(oauthOf(second as never).oauth_signature).toBe(await expectedSignature(second as never));
  });
});

describe("createAdminClient: retries", () => {
  it("retries a GET after 503 with a new signature, and reports the retry", async () => {
    const events: RetryEvent[] = [];
    const fetch = fakeFetch((_, n) => (n === 1 ? galleryError(503, "Busy", "busy") : json(USERS)));
    const admin = testClient(fetch, {
      retry: { minDelayMs: 1, sleep: async () => undefined, onRetry: (e) => events.push(e) },
    });
    const { data } = await admin.GET("/users/", { params: { query: { page: 0 } } });
    expect(data).toEqual(USERS);
    expect(fetch.calls).toHaveLength(2);
    const [first, second] = fetch.calls.map(oauthOf);
    expect(first?.oauth_nonce).not.toBe(second?.oauth_nonce);
    expect(events).toEqual([
      expect.objectContaining({
        attempt: 1,
        attempts: 3,
        status: 503,
        method: "GET",
        path: "/users/?page=0",
      }),
    ]);
  });

  it("retries a GET after a network error", async () => {
    const fetch = fakeFetch((_, n) => {
      if (n < 3) throw new TypeError("fetch failed", { cause: new Error("other side closed") });
      return json(USERS);
    });
    const admin = testClient(fetch);
    expect(unwrap(await admin.GET("/users/"))).toEqual(USERS);
    expect(fetch.calls).toHaveLength(3);
  });

  it("gives up after the attempts with a typed error that counts them", async () => {
    const fetch = fakeFetch(() => galleryError(503, "ServiceUnavailable", "down"));
    const admin = testClient(fetch);
    const result = await admin.GET("/users/");
    expect(fetch.calls).toHaveLength(3);
    expect(result.error).toMatchObject({ message: "down" });
    const error = (() => {
      try {
        unwrap(result);
      } catch (e) {
        return e;
      }
    })() as AlteryxApiError;
    expect(error).toBeInstanceOf(AlteryxApiError);
    expect(error.attempts).toBe(3);
    expect(error.message).toBe(
      "GET /users/ failed with 503 (ServiceUnavailable): down after 3 attempts",
    );
  });

  it("throws AlteryxNetworkError when the network keeps failing, without secrets", async () => {
    const fetch = fakeFetch(() => {
      throw new TypeError("fetch failed", {
        cause: Object.assign(new Error("x"), { code: "ECONNREFUSED" }),
      });
    });
    const admin = testClient(fetch, { placement: "query" });
    const error = await admin.GET("/users/", { params: { query: { page: 1 } } }).catch((e) => e);
    expect(error).toBeInstanceOf(AlteryxNetworkError);
    expect(error.attempts).toBe(3);
    expect(error).not.toBeInstanceOf(AlteryxTimeoutError);
    expect(error).toMatchObject({
      method: "GET",
      origin: "https://gallery.example.com",
      path: "/users/?page=1",
      during: "request",
    });
    expect(error.message).toBe(
      "GET /users/?page=1 to https://gallery.example.com failed (3 attempts): fetch failed (ECONNREFUSED)",
    );
    expect(inspect(error)).not.toContain("oauth_signature");
  });

  it("types Bun's network failure (a TypeError with a system error code, no cause)", async () => {
    // What Bun 1.4's fetch throws for a refused connection, found by tests/runtimes.
    const bunRefused = () =>
      Object.assign(
        new TypeError("ECONNREFUSED: Unable to connect. Is the computer able to access the url?"),
        { code: "ECONNREFUSED", errno: 0, path: "http://127.0.0.1:1/" },
      );
    const fetch = fakeFetch(() => {
      throw bunRefused();
    });
    const error = await testClient(fetch, { retry: false })
      .GET("/users/")
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AlteryxNetworkError);
    expect(error).toMatchObject({ during: "request", attempts: 1 });
    // A TypeError from bad input (Node's ERR_* codes) is not a network failure: it is thrown as is.
    const badInput = Object.assign(new TypeError("Invalid header value"), {
      code: "ERR_INVALID_ARG_VALUE",
    });
    const thrown = await testClient(
      fakeFetch(() => {
        throw badInput;
      }),
      { retry: false },
    )
      .GET("/users/")
      .catch((e: unknown) => e);
    expect(thrown).toBe(badInput);
  });

  it("keeps a signature out of the message when a fetch's error quotes the signed URL", async () => {
    const fetch = fakeFetch((request) => {
      throw new TypeError(`Failed to fetch ${request.url}`);
    });
    const error = await testClient(fetch, { placement: "query", retry: false })
      .GET("/users/")
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AlteryxNetworkError);
    const signature = oauthOf(fetch.calls[0] as never).oauth_signature as string;
    expect(signature.length).toBeGreaterThan(10);
    expect((error as Error).message).toContain("oauth_signature=[redacted]");
    expect((error as Error).message).not.toContain(encodeURIComponent(signature));
  });

  it("never retries POST or PUT", async () => {
    const fetch = fakeFetch(() => galleryError(503, "Busy", "busy"));
    const admin = testClient(fetch);
    const put = await admin.PUT("/workflows/migratable/{appId}/", {
      params: { path: { appId: "5a0000000000000000000001" } },
    });
    expect(put.response.status).toBe(503);
    expect(fetch.calls).toHaveLength(1);
    const post = await admin.POST("/workflows/", {
      body: new FormData() as never,
      bodySerializer: (body) => body,
    });
    expect(post.response.status).toBe(503);
    expect(fetch.calls.map((c) => c.method)).toEqual(["PUT", "POST"]);

    const failing = fakeFetch(() => {
      throw new TypeError("fetch failed");
    });
    const error = await testClient(failing)
      .PUT("/workflows/migratable/{appId}/", { params: { path: { appId: "a1" } } })
      .catch((e) => e);
    expect(error).toBeInstanceOf(AlteryxNetworkError);
    expect(failing.calls).toHaveLength(1);
  });

  it("does not retry other errors", async () => {
    const fetch = fakeFetch(() => galleryError(404, "NotFoundException", "no such workflow"));
    await testClient(fetch).GET("/users/");
    expect(fetch.calls).toHaveLength(1);
  });

  it("honours Retry-After in seconds and as a date, and backs off exponentially", async () => {
    // A frozen clock: an HTTP date has whole seconds, so with a running clock the wait it
    // gives depends on how long the test took to get there.
    vi.useFakeTimers({ toFake: ["Date"], now: Date.parse("2026-01-01T00:00:00.000Z") });
    onTestFinished(() => {
      vi.useRealTimers();
    });
    const waits: number[] = [];
    const date = "Thu, 01 Jan 2026 00:00:04 GMT";
    const fetch = fakeFetch((_, n) =>
      n === 1
        ? galleryError(429, "TooMany", "slow down")
        : n === 2
          ? new Response("", { status: 429, headers: { "retry-after": "2" } })
          : n === 3
            ? new Response("", { status: 503, headers: { "retry-after": date } })
            : json(USERS),
    );
    const admin = testClient(fetch, {
      retry: {
        attempts: 4,
        minDelayMs: 100,
        maxDelayMs: 10_000,
        random: () => 0,
        sleep: async (ms) => {
          waits.push(ms);
        },
      },
    });
    expect(unwrap(await admin.GET("/users/"))).toEqual(USERS);
    expect(waits[0]).toBe(50); // backoff 100 * 2^0, equal jitter with random 0
    expect(waits[1]).toBe(2000);
    expect(waits[2]).toBe(4000);
    expect(waits).toHaveLength(3);
  });

  it("returns the answer instead of waiting longer than maxDelayMs", async () => {
    const fetch = fakeFetch(
      () => new Response("", { status: 429, headers: { "retry-after": "3600" } }),
    );
    const result = await testClient(fetch).GET("/users/");
    expect(result.response.status).toBe(429);
    expect(fetch.calls).toHaveLength(1);
  });

  it("times out each attempt and retries", async () => {
    // Fake timers: the per-attempt timeout fires only when the test advances the clock, so a
    // loaded machine cannot make it fire early or late, and nothing waits for real.
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    try {
      const fetch = fakeFetch(
        (request) =>
          new Promise<Response>((_, reject) => {
            // A fetch given an aborted signal rejects at once, like the real one.
            request.signal.throwIfAborted();
            request.signal.addEventListener("abort", () => reject(request.signal.reason));
          }),
      );
      const admin = testClient(fetch, {
        timeoutMs: 30_000,
        retry: { attempts: 2, minDelayMs: 1, sleep: async () => undefined },
      });
      const settled = admin.GET("/users/").catch((e: unknown) => e);
      for (let attempt = 1; attempt <= 2; attempt++) {
        // Let the attempt be signed and sent (setImmediate is real: only timeouts are faked).
        for (let turn = 0; turn < 1000 && fetch.calls.length < attempt; turn++) {
          await new Promise((resolve) => setImmediate(resolve));
        }
        expect(fetch.calls).toHaveLength(attempt);
        expect(fetch.calls[attempt - 1]?.signal.aborted).toBe(false);
        await vi.advanceTimersByTimeAsync(29_999);
        expect(fetch.calls[attempt - 1]?.signal.aborted).toBe(false);
        await vi.advanceTimersByTimeAsync(1);
        expect(fetch.calls[attempt - 1]?.signal.aborted).toBe(true);
      }
      const error = await settled;
      expect(error).toBeInstanceOf(AlteryxTimeoutError);
      expect(error).toBeInstanceOf(AlteryxNetworkError);
      expect((error as AlteryxTimeoutError).message).toMatch(
        /^GET \/users\/ to https:\/\/gallery\.example\.com timed out after 30000 ms waiting for an answer \(2 attempts\)/,
      );
      expect(fetch.calls).toHaveLength(2);
    } finally {
      vi.useRealTimers();
    }
  });

  it("stops at once when the caller aborts, even while waiting to retry", async () => {
    const controller = new AbortController();
    const fetch = fakeFetch(() => {
      controller.abort(new Error("user cancelled"));
      return galleryError(503, "Busy", "busy");
    });
    const admin = testClient(fetch, { retry: { minDelayMs: 10_000 } });
    await expect(admin.GET("/users/", { signal: controller.signal })).rejects.toThrow(
      "user cancelled",
    );
    expect(fetch.calls).toHaveLength(1);
  });

  it("hands the caller's signal to fetch, combined with the attempt's timeout", async () => {
    const controller = new AbortController();
    const states: boolean[] = [];
    // The caller aborts while the request is in flight: the signal fetch was given follows.
    const fetch = fakeFetch(({ signal }) => {
      states.push(signal.aborted);
      controller.abort(new Error("stop"));
      states.push(signal.aborted);
      return json(USERS);
    });
    await testClient(fetch)
      .GET("/users/", { signal: controller.signal })
      .catch(() => undefined);
    expect(states).toEqual([false, true]);
  });

  it("keeps a streamed body's fetch signal tied to the caller's, after the answer is handed on", async () => {
    const fetch = fakeFetch(
      () =>
        new Response(new ReadableStream({ pull: () => undefined }), {
          headers: { "content-type": "application/octet-stream" },
        }),
    );
    const controller = new AbortController();
    await testClient(fetch).GET("/{appId}/package/", {
      params: { path: { appId: "57acaca4065e3f26a82b2615" } },
      parseAs: "stream",
      signal: controller.signal,
    });
    const sent = fetch.calls[0]?.signal;
    expect(sent?.aborted).toBe(false);
    controller.abort(new Error("stop"));
    expect(sent?.aborted).toBe(true);
  });

  it("looks up globalThis.fetch at call time when no fetch is given", async () => {
    const spy = vi.spyOn(globalThis, "fetch").mockImplementation(async () => json(USERS));
    try {
      const admin = testClient(undefined as never, { fetch: undefined });
      expect(unwrap(await admin.GET("/users/"))).toEqual(USERS);
      expect(spy).toHaveBeenCalledTimes(1);
    } finally {
      spy.mockRestore();
    }
  });
});
