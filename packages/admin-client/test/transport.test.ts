/**
 * Which transport createAdminClient picks, seen from a real node:http server: Node's fetch
 * sends `sec-fetch-mode: cors` and the node transport does not, so the header tells them apart.
 */
import { getEventListeners, once } from "node:events";
import { createServer, type IncomingHttpHeaders, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { AlteryxNetworkError, createAdminClient } from "../src/index.js";
import type { AdminClientOptions } from "../src/options.js";

const ROOT = "/gallery/api/admin/v1";
const USERS = [{ id: "5a0000000000000000000001", email: "ana@example.com" }];

/** One request as the server received it. */
interface Seen {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** Kept to answer later or never. */
  res: ServerResponse;
}

const seen: Seen[] = [];
let base = "";
const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (chunk: Buffer) => chunks.push(chunk));
  req.on("end", () => {
    const url = req.url ?? "";
    seen.push({
      method: req.method ?? "",
      url,
      headers: req.headers,
      body: Buffer.concat(chunks).toString(),
      res,
    });
    if (url.startsWith(`${ROOT}/collections/`)) return; // never answers
    if (url === `${ROOT}/subscriptions/`) {
      res.writeHead(302, { location: `${base}${ROOT}/users/?moved=1`, "content-length": "0" });
      res.end();
      return;
    }
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify(url.startsWith(`${ROOT}/users/`) ? USERS : "ok"));
  });
});

beforeAll(async () => {
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});
afterEach(() => {
  seen.length = 0;
});

/** A client of the test server; the default transport unless `options` say otherwise. */
function client(options: Partial<AdminClientOptions> = {}) {
  return createAdminClient({
    baseUrl: `${base}${ROOT}`,
    consumerKey: "k",
    consumerSecret: "s",
    ...options,
  });
}

/** Which transport sent a request the server saw. */
function transportOf(request: Seen | undefined): "fetch" | "node" | "none" {
  if (request === undefined) return "none";
  return request.headers["sec-fetch-mode"] === "cors" ? "fetch" : "node";
}

/** The oauth_nonce of a request signed in the Authorization header. */
function nonceOf(request: Seen | undefined): string | undefined {
  return /oauth_nonce="([^"]+)"/.exec(request?.headers.authorization ?? "")?.[1];
}

/** Waits until the server has received `count` requests (far longer than loopback needs). */
async function received(count: number): Promise<void> {
  await vi.waitFor(() => expect(seen.length).toBeGreaterThanOrEqual(count), { timeout: 5_000 });
}

describe("createAdminClient transport: which one sends", () => {
  it("sends a default client's GET with the node transport, signed, and parses the data", async () => {
    const admin = client();
    const { data, response } = await admin.GET("/users/", {
      params: { query: { page: 0, pageSize: 2 } },
    });
    expect(data).toEqual(USERS);
    expect(response.status).toBe(200);
    expect(seen).toHaveLength(1);
    expect(transportOf(seen[0])).toBe("node");
    expect(seen[0]?.method).toBe("GET");
    expect(seen[0]?.url).toBe(`${ROOT}/users/?page=0&pageSize=2`);
    expect(seen[0]?.headers.authorization).toMatch(/^OAuth /);
  });

  it('sends with fetch when transport is "fetch"', async () => {
    const { data } = await client({ transport: "fetch" }).GET("/users/");
    expect(data).toEqual(USERS);
    expect(transportOf(seen[0])).toBe("fetch");
    expect(seen[0]?.headers.authorization).toMatch(/^OAuth /);
  });

  it("calls the fetch option, never the node transport", async () => {
    const fetch = vi.fn((request: Request) => globalThis.fetch(request));
    const { data } = await client({ fetch }).GET("/users/");
    expect(data).toEqual(USERS);
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(transportOf(seen[0])).toBe("fetch");
  });

  it("sends a POST with a body and a bodiless PUT with fetch", async () => {
    const admin = client();
    const form = new FormData();
    form.set("name", "flow");
    const posted = await admin.POST("/workflows/", {
      body: form as unknown as never,
      bodySerializer: () => form,
    });
    expect(posted.data).toBe("ok");
    const put = await admin.PUT("/workflows/migratable/{appId}/", {
      params: { path: { appId: "abc" } },
    });
    expect(put.response.status).toBe(200);
    expect(seen.map((s) => [s.method, s.url, transportOf(s)])).toEqual([
      ["POST", `${ROOT}/workflows/`, "fetch"],
      ["PUT", `${ROOT}/workflows/migratable/abc/`, "fetch"],
    ]);
    expect(seen[0]?.body).toContain('name="name"');
  });

  it("uses a fetch stubbed on globalThis after the client was created, and the node transport again once it is gone", async () => {
    const admin = client();
    const realFetch = globalThis.fetch;
    const spy = vi.fn((input: RequestInfo | URL, init?: RequestInit) => realFetch(input, init));
    vi.stubGlobal("fetch", spy);
    try {
      expect((await admin.GET("/users/")).data).toEqual(USERS);
      expect(spy).toHaveBeenCalledTimes(1);
      expect(transportOf(seen[0])).toBe("fetch");
    } finally {
      vi.unstubAllGlobals();
    }
    expect(globalThis.fetch).toBe(realFetch);
    expect((await admin.GET("/users/")).data).toEqual(USERS);
    expect(transportOf(seen[1])).toBe("node");
  });
});

describe("createAdminClient transport: middleware", () => {
  it("gives a registered middleware a real Request and sends with fetch; after eject the node transport is back", async () => {
    const admin = client();
    const requests: boolean[] = [];
    const middleware = {
      onRequest({ request }: { request: Request }) {
        requests.push(request instanceof Request);
      },
    };
    admin.use(middleware);
    expect((await admin.GET("/users/")).data).toEqual(USERS);
    expect(requests).toEqual([true]);
    expect(transportOf(seen[0])).toBe("fetch");

    admin.eject(middleware);
    expect((await admin.GET("/users/")).data).toEqual(USERS);
    expect(requests).toEqual([true]);
    expect(transportOf(seen[1])).toBe("node");
  });

  it("gives a per-call middleware a real Request and sends that call with fetch", async () => {
    const admin = client();
    const requests: boolean[] = [];
    const { data } = await admin.GET("/users/", {
      middleware: [
        {
          onRequest({ request }) {
            requests.push(request instanceof Request);
          },
        },
      ],
    });
    expect(data).toEqual(USERS);
    expect(requests).toEqual([true]);
    expect(transportOf(seen[0])).toBe("fetch");
  });

  it("accepts a middleware that returns a new global Request, and signs and sends it", async () => {
    const admin = client();
    admin.use({
      onRequest({ request }) {
        const headers = new Headers(request.headers);
        headers.set("x-from-middleware", "1");
        return new Request(request, { headers });
      },
    });
    const { data } = await admin.GET("/users/");
    expect(data).toEqual(USERS);
    expect(seen[0]?.headers["x-from-middleware"]).toBe("1");
    expect(seen[0]?.headers.authorization).toMatch(/^OAuth /);
    expect(transportOf(seen[0])).toBe("fetch");
  });

  it("accepts a per-call middleware that returns a new global Request", async () => {
    const admin = client();
    const { data } = await admin.GET("/users/", {
      middleware: [
        {
          onRequest({ request }) {
            return new Request(request, { headers: { "x-per-call": "1" } });
          },
        },
      ],
    });
    expect(data).toEqual(USERS);
    expect(seen[0]?.headers["x-per-call"]).toBe("1");
    expect(seen[0]?.headers.authorization).toMatch(/^OAuth /);
  });
});

describe("createAdminClient transport: a custom global dispatcher", () => {
  it("sends with fetch while a global dispatcher other than undici's Agent is installed", async () => {
    const DISPATCHER = Symbol.for("undici.globalDispatcher.1");
    const globals = globalThis as unknown as Record<symbol, unknown>;
    // Node's fetch installs its Agent when it first runs.
    await (await fetch(`${base}/warm-up`)).arrayBuffer();
    seen.length = 0;
    const original = globals[DISPATCHER] as {
      dispatch(options: unknown, handler: unknown): boolean;
    };
    expect(original?.constructor.name).toBe("Agent");

    let dispatched = 0;
    /** What a proxy agent looks like to the client: a dispatcher that is not an Agent. */
    class ProxyAgent {
      constructor(private readonly inner: typeof original) {}
      dispatch(options: unknown, handler: unknown): boolean {
        dispatched++;
        return this.inner.dispatch(options, handler);
      }
    }
    globals[DISPATCHER] = new ProxyAgent(original);
    try {
      const { data } = await client().GET("/users/");
      expect(data).toEqual(USERS);
      expect(dispatched).toBe(1);
      expect(transportOf(seen[0])).toBe("fetch");
    } finally {
      globals[DISPATCHER] = original;
    }
    // And the node transport once it is gone.
    await client().GET("/users/");
    expect(transportOf(seen[1])).toBe("node");
  });
});

describe("createAdminClient transport: redirects, timeouts and aborts", () => {
  it("re-signs a redirected GET and lets fetch follow the redirect", async () => {
    const { data, response } = await client().GET("/subscriptions/");
    expect(data).toEqual(USERS);
    expect(response.status).toBe(200);
    expect(seen.map((s) => [s.url, transportOf(s)])).toEqual([
      [`${ROOT}/subscriptions/`, "node"],
      [`${ROOT}/subscriptions/`, "fetch"],
      [`${ROOT}/users/?moved=1`, "fetch"],
    ]);
    // Signed again for the fetch attempt: a fresh nonce.
    const [first, second] = [nonceOf(seen[0]), nonceOf(seen[1])];
    expect(first).toBeDefined();
    expect(second).toBeDefined();
    expect(second).not.toBe(first);
  });

  it("rejects with AlteryxNetworkError (timedOut) when the server never answers within timeoutMs", async () => {
    const admin = client({ timeoutMs: 50, retry: false });
    const error = await admin.GET("/collections/").then(
      () => "resolved",
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(AlteryxNetworkError);
    expect(error).toMatchObject({ timedOut: true, attempts: 1, method: "GET" });
    // It went on the node path (the request reached the server without sec-fetch-mode).
    await received(1);
    expect(transportOf(seen[0])).toBe("node");
  });

  it("rejects with the reason of the caller's signal when it aborts while waiting for the answer", async () => {
    const controller = new AbortController();
    const reason = new Error("the user gave up");
    const pending = client().GET("/collections/", { signal: controller.signal });
    await received(1);
    expect(transportOf(seen[0])).toBe("node");
    controller.abort(reason);
    await expect(pending).rejects.toBe(reason);
  });
});

describe("createAdminClient transport: a caller's long-lived signal", () => {
  it.each([
    ["auto", 30_000],
    ["fetch", 30_000],
    ["auto", Number.POSITIVE_INFINITY],
    ["fetch", Number.POSITIVE_INFINITY],
  ] as const)(
    "leaves no abort listener on it after many calls (transport %s, timeoutMs %s)",
    async (transport, timeoutMs) => {
      const admin = client({ transport, timeoutMs });
      const controller = new AbortController();
      for (let i = 0; i < 15; i++) {
        const { data } = await admin.GET("/users/", { signal: controller.signal });
        expect(data).toEqual(USERS);
      }
      // One listener per call would reach 15 (and Node warns from 11 on).
      expect(getEventListeners(controller.signal, "abort").length).toBe(0);
    },
  );
});
