/**
 * The token source against a local token server: caching until expires_in minus the skew, one
 * shared request for concurrent callers, failures not cached, invalidation, aborts, both client
 * authentication methods, a custom fetch and an undici dispatcher.
 */
import { ProxyAgent } from "undici";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTokenSource, OAuth2TokenError } from "../src/index.js";
import { createTokenSourceWithClock } from "../src/token-source.js";
import type { TokenSourceOptions } from "../src/types.js";
import { gate, manualClock, rejection, until } from "./helpers.js";
import { startTokenServer, type TokenServer } from "./token-server.js";

const CLIENTS = { "api-key": "api secret+/=" };
let server: TokenServer;

beforeAll(async () => {
  server = await startTokenServer(CLIENTS);
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  server.tokenRequests.length = 0;
  server.lifetimeSeconds = 3600;
  server.replies = [];
  server.gate = undefined;
});

function options(extra: Partial<TokenSourceOptions> = {}): TokenSourceOptions {
  return {
    tokenUrl: server.tokenUrl,
    clientId: "api-key",
    clientSecret: CLIENTS["api-key"],
    ...extra,
  };
}

function clocked(extra: Partial<TokenSourceOptions> = {}) {
  const clock = manualClock();
  return { clock, source: createTokenSourceWithClock(options(extra), clock.now) };
}

describe("expiry and skew", () => {
  it("reuses the token until expires_in minus 60 s, then fetches a new one", async () => {
    const { clock, source } = clocked();
    const first = await source.getToken();
    clock.advance(3539.999);
    expect(await source.getToken()).toBe(first);
    expect(server.tokenRequests).toHaveLength(1);
    clock.advance(0.001);
    const second = await source.getToken();
    expect(second).not.toBe(first);
    expect(server.tokenRequests).toHaveLength(2);
    expect(await source.getToken()).toBe(second);
  });

  it("takes refreshSkewSeconds", async () => {
    const { clock, source } = clocked({ refreshSkewSeconds: 0 });
    const first = await source.getToken();
    clock.advance(3599.999);
    expect(await source.getToken()).toBe(first);
    clock.advance(0.001);
    expect(await source.getToken()).not.toBe(first);
  });

  it("reuses a token that lives less than twice the skew for half its lifetime", async () => {
    server.lifetimeSeconds = 60;
    const { clock, source } = clocked();
    const first = await source.getToken();
    clock.advance(29.999);
    expect(await source.getToken()).toBe(first);
    clock.advance(0.001);
    expect(await source.getToken()).not.toBe(first);
  });

  it("does not reuse a token that expires at once (expires_in 0)", async () => {
    server.lifetimeSeconds = 0;
    const { source } = clocked();
    const first = await source.getToken();
    expect(await source.getToken()).not.toBe(first);
    expect(server.tokenRequests).toHaveLength(2);
  });

  it("reuses a token without expires_in until it is invalidated", async () => {
    server.lifetimeSeconds = undefined;
    const { clock, source } = clocked();
    const first = await source.getToken();
    clock.advance(10 * 365 * 86_400);
    expect(await source.getToken()).toBe(first);
    source.invalidate();
    expect(await source.getToken()).not.toBe(first);
    expect(server.tokenRequests).toHaveLength(2);
  });

  it("counts the lifetime from when the request was sent, not when the answer came", async () => {
    const { clock, source } = clocked();
    const held = gate();
    server.gate = held.promise;
    const pending = source.getToken();
    await until(() => server.tokenRequests.length === 1);
    clock.advance(100);
    held.open();
    const first = await pending;
    clock.advance(3439.999);
    expect(await source.getToken()).toBe(first);
    clock.advance(0.001);
    expect(await source.getToken()).not.toBe(first);
  });

  it("the default clock is a real one", async () => {
    server.lifetimeSeconds = 0.02;
    const source = createTokenSource(options({ refreshSkewSeconds: 0 }));
    const first = await source.getToken();
    // Twice the lifetime: the token has expired whatever the load, so no timing is asserted.
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(await source.getToken()).not.toBe(first);
  });
});

describe("single flight", () => {
  it("100 concurrent callers share one token request", async () => {
    const { source } = clocked();
    const tokens = await Promise.all(Array.from({ length: 100 }, () => source.getToken()));
    expect(new Set(tokens).size).toBe(1);
    expect(server.tokenRequests).toHaveLength(1);
  });

  it("callers that arrive while the request is in flight join it", async () => {
    const { source } = clocked();
    const held = gate();
    server.gate = held.promise;
    const early = source.getToken();
    await until(() => server.tokenRequests.length === 1);
    const late = Array.from({ length: 10 }, () => source.getToken());
    held.open();
    const tokens = await Promise.all([early, ...late]);
    expect(new Set(tokens).size).toBe(1);
    expect(server.tokenRequests).toHaveLength(1);
  });

  it("a failed request is shared by its callers and not cached: the next call tries again", async () => {
    const { source } = clocked();
    server.replies = [
      { status: 503, headers: { "content-type": "text/html" }, body: "<h1>busy</h1>" },
    ];
    const failures = await Promise.allSettled(Array.from({ length: 5 }, () => source.getToken()));
    expect(
      failures.every((f) => f.status === "rejected" && f.reason instanceof OAuth2TokenError),
    ).toBe(true);
    expect(server.tokenRequests).toHaveLength(1);
    const token = await source.getToken();
    expect(server.issued).toContain(token);
    expect(server.tokenRequests).toHaveLength(2);
  });

  it("invalidate() drops the cached token", async () => {
    const { source } = clocked();
    const first = await source.getToken();
    source.invalidate();
    const second = await source.getToken();
    expect(second).not.toBe(first);
    expect(server.tokenRequests).toHaveLength(2);
  });

  it("invalidate() during a request: later callers do not reuse it, earlier ones still get it", async () => {
    const { source } = clocked();
    const held = gate();
    server.gate = held.promise;
    const before = source.getToken();
    await until(() => server.tokenRequests.length === 1);
    source.invalidate();
    const after = source.getToken();
    await until(() => server.tokenRequests.length === 2);
    held.open();
    const [a, b] = await Promise.all([before, after]);
    expect(a).not.toBe(b);
    // The request started before the invalidation is not cached; the later one is.
    expect(await source.getToken()).toBe(b);
    expect(server.tokenRequests).toHaveLength(2);
  });

  it("invalidate(token) drops the token only while it is the cached one", async () => {
    const { source } = clocked();
    const first = await source.getToken();
    source.invalidate("some-other-token");
    expect(await source.getToken()).toBe(first);
    source.invalidate(first);
    const second = await source.getToken();
    expect(second).not.toBe(first);
    source.invalidate(first);
    expect(await source.getToken()).toBe(second);
    expect(server.tokenRequests).toHaveLength(2);
  });

  it("100 callers refused with the same token cause one new token request", async () => {
    const { source } = clocked();
    const refused = await source.getToken();
    const renewed = await Promise.all(
      Array.from({ length: 100 }, async () => {
        source.invalidate(refused);
        return source.getToken();
      }),
    );
    expect(new Set(renewed).size).toBe(1);
    expect(renewed[0]).not.toBe(refused);
    expect(server.tokenRequests).toHaveLength(2);
  });
});

describe("abort", () => {
  it("a caller's signal stops its own wait; the shared request goes on for the others", async () => {
    const { source } = clocked();
    const held = gate();
    server.gate = held.promise;
    const controller = new AbortController();
    const aborted = source.getToken({ signal: controller.signal });
    const patient = source.getToken();
    await until(() => server.tokenRequests.length === 1);
    controller.abort(new Error("caller gave up"));
    expect((await rejection(aborted)).message).toBe("caller gave up");
    held.open();
    expect(server.issued).toContain(await patient);
    expect(server.tokenRequests).toHaveLength(1);
  });

  it("when every caller has aborted, the request is cancelled and the next call starts afresh", async () => {
    const { source } = clocked();
    const held = gate();
    server.gate = held.promise;
    const controllers = [new AbortController(), new AbortController()];
    const waits = controllers.map((c) => source.getToken({ signal: c.signal }));
    await until(() => server.tokenRequests.length === 1);
    for (const c of controllers) c.abort();
    for (const w of waits) expect((await rejection(w)).name).toBe("AbortError");
    server.gate = undefined;
    const token = await source.getToken();
    expect(server.issued).toContain(token);
    expect(server.tokenRequests).toHaveLength(2);
    held.open();
  });

  it("an already aborted signal rejects without a request", async () => {
    const { source } = clocked();
    const error = await rejection(source.getToken({ signal: AbortSignal.abort() }));
    expect(error.name).toBe("AbortError");
    expect(server.tokenRequests).toHaveLength(0);
  });
});

describe("client authentication and transport", () => {
  it('"basic" (the default) sends HTTP Basic and a form body with grant_type', async () => {
    await clocked().source.getToken();
    expect(server.tokenRequests[0]).toMatchObject({
      auth: "basic",
      clientId: "api-key",
      clientSecret: CLIENTS["api-key"],
      grantType: "client_credentials",
      contentType: "application/x-www-form-urlencoded;charset=UTF-8",
    });
  });

  it('"post" sends client_id and client_secret form fields and no Authorization', async () => {
    await clocked({ clientAuth: "post" }).source.getToken();
    expect(server.tokenRequests[0]).toMatchObject({
      auth: "post",
      clientId: "api-key",
      clientSecret: CLIENTS["api-key"],
      grantType: "client_credentials",
    });
  });

  it("a custom fetch makes the token request", async () => {
    const urls: string[] = [];
    const { source } = clocked({
      fetch: (input, init) => {
        urls.push(input);
        return fetch(input, init);
      },
    });
    await source.getToken();
    expect(urls).toEqual([server.tokenUrl]);
  });

  it("the dispatcher reaches fetch as init.dispatcher, with or without a custom fetch", async () => {
    const dispatcher = { marker: true };
    const seen: unknown[] = [];
    const { source } = clocked({
      dispatcher,
      fetch: (input, init) => {
        seen.push((init as { dispatcher?: unknown }).dispatcher);
        const { dispatcher: _, ...rest } = init as RequestInit & { dispatcher?: unknown };
        return fetch(input, rest);
      },
    });
    await source.getToken();
    expect(seen).toEqual([dispatcher]);
  });

  it("an undici ProxyAgent as dispatcher carries the token request through the proxy", async () => {
    // A name that resolves nowhere (RFC 6761): only the proxy (the test server) can answer.
    const proxied = "http://alteryx.localhost/webapi/oauth2/token";
    // Without a tunnel, as an HTTP proxy forwards a plain http request (absolute-form target).
    const agent = new ProxyAgent({ uri: server.origin, proxyTunnel: false });
    try {
      const source = createTokenSource(options({ tokenUrl: proxied, dispatcher: agent }));
      expect(server.issued).toContain(await source.getToken());
      expect(server.tokenRequests[0]?.target).toBe(proxied);
    } finally {
      await agent.close();
    }
  });
});
