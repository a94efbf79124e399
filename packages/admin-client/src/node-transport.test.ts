/**
 * The Node transport alone, against real node:http servers on 127.0.0.1: what it sends, what
 * Response it builds, and how it fails, compared with what Node's fetch does where it matters.
 */
import { execFileSync } from "node:child_process";
import { once } from "node:events";
import {
  createServer,
  type IncomingMessage,
  type RequestListener,
  type Server,
  type ServerResponse,
} from "node:http";
import type { AddressInfo, Socket } from "node:net";
import {
  brotliCompressSync,
  createBrotliCompress,
  createGzip,
  deflateRawSync,
  deflateSync,
  gzipSync,
} from "node:zlib";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AttemptTimeout, createNodeTransport, type NodeSend } from "./node-transport.js";

/** One request as the server saw it; `closed` settles when its connection closes. */
interface Hit {
  req: IncomingMessage;
  res: ServerResponse;
  closed: Promise<void>;
}

/** A server on 127.0.0.1, port 0, that records every request before handing it to `handler`. */
async function startServer(handler: (hit: Hit) => void) {
  const hits: Hit[] = [];
  const waiting: Array<(hit: Hit) => void> = [];
  const listener: RequestListener = (req, res) => {
    // Listened for now: the connection may close before anybody awaits it.
    const hit: Hit = { req, res, closed: closedOf(req.socket) };
    hits.push(hit);
    waiting.shift()?.(hit);
    handler(hit);
  };
  const server = createServer(listener);
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  return {
    server,
    base: `http://127.0.0.1:${port}`,
    hits,
    /** The next request to arrive: call it before sending the request it waits for. */
    nextHit: () => new Promise<Hit>((resolve) => waiting.push(resolve)),
    close: () => closeServer(server),
  };
}

/**
 * Settles when `socket` closes. Not events.once: that rejects on an "error" (a reset), which is
 * one of the ways these tests expect a connection to end.
 */
function closedOf(socket: Socket): Promise<void> {
  let closed = socketClosed.get(socket);
  if (closed === undefined) {
    closed = new Promise((resolve) => socket.once("close", () => resolve()));
    // One listener per socket, however many requests a keep-alive connection carries.
    socketClosed.set(socket, closed);
  }
  return closed;
}
const socketClosed = new WeakMap<Socket, Promise<void>>();

/** Closes a server and every connection it holds (keep-alive ones included). */
function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

/**
 * Rejects with a message naming what was awaited if `promise` is still pending after `ms`: a
 * hang then fails with a readable error rather than vitest's timeout. Not a duration check:
 * `ms` is far beyond what a loopback request needs.
 */
async function within<T>(promise: Promise<T>, what: string, ms = 3_000): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const hang = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: still pending after ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, hang]);
  } finally {
    clearTimeout(timer);
  }
}

/** Writes `chunk` for as long as the client reads, until the connection closes. */
function pump(res: ServerResponse, chunk: Uint8Array): void {
  const write = () => {
    while (!res.destroyed && res.write(chunk)) {
      // Keep writing until the socket buffer is full; "drain" resumes.
    }
  };
  res.on("drain", write);
  write();
}

/** What most tests call: the transport without an authorization value of its own. */
type Send = (
  url: string,
  method: string,
  headers: Headers,
  signal: AbortSignal | undefined,
  timeoutMs: number,
) => Promise<Response>;

/** Wraps a transport as a {@link Send}. */
function withoutAuthorization(transport: NodeSend): Send {
  return (url, method, headers, signal, timeoutMs) =>
    transport(url, method, headers, undefined, signal, timeoutMs);
}

/** The transport under test; every describe shares one (it is one connection pool). */
let transport: NodeSend;
let send: Send;
beforeAll(async () => {
  const created = await createNodeTransport();
  // Vitest runs on Node: the transport must apply here.
  expect(created).toBeTypeOf("function");
  transport = created as NodeSend;
  send = withoutAuthorization(transport);
});

/** A GET without caller signal and with a generous timeout. */
function get(url: string, headers: HeadersInit = {}): Promise<Response> {
  return send(url, "GET", new Headers(headers), undefined, 10_000);
}

describe("node transport: requests and responses", () => {
  let srv: Awaited<ReturnType<typeof startServer>>;
  beforeAll(async () => {
    srv = await startServer(({ req, res }) => {
      const path = req.url ?? "";
      if (path.startsWith("/json")) {
        res.writeHead(200, "Fine Thanks", [
          ["content-type", "application/json"],
          ["x-one", "1"],
          ["set-cookie", "a=1; Path=/"],
          ["set-cookie", "b=2; Path=/"],
        ]);
        res.end(JSON.stringify({ ok: true, n: [1, 2] }));
      } else if (path === "/no-content") {
        res.writeHead(204).end();
      } else if (path === "/missing") {
        res.writeHead(404, { "content-type": "application/json" });
        res.end('{"message":"no such thing"}');
      } else {
        // HEAD and anything else: a body of 5 bytes (node sends none for HEAD).
        res.writeHead(200, { "content-type": "text/plain", "content-length": "5" });
        res.end("hello");
      }
    });
  });
  afterAll(() => srv.close());

  it("returns status, statusText, headers (both set-cookie values), url and a JSON body", async () => {
    const url = `${srv.base}/json?x=1`;
    const response = await get(url);
    expect(response).toBeInstanceOf(Response);
    expect(response.status).toBe(200);
    expect(response.ok).toBe(true);
    expect(response.statusText).toBe("Fine Thanks");
    expect(response.headers.get("content-type")).toBe("application/json");
    expect(response.headers.get("x-one")).toBe("1");
    expect(response.headers.getSetCookie()).toEqual(["a=1; Path=/", "b=2; Path=/"]);
    // As on fetch's responses, not Response's empty default.
    expect(response.url).toBe(url);
    expect(await response.json()).toEqual({ ok: true, n: [1, 2] });
  });

  it("sends fetch's default accept, accept-encoding and user-agent when the caller gives none", async () => {
    await (await get(`${srv.base}/json`, { "x-extra": "yes" })).arrayBuffer();
    const headers = srv.hits.at(-1)?.req.headers;
    expect(headers).toMatchObject({
      accept: "*/*",
      "accept-encoding": "gzip, deflate",
      "user-agent": "node",
      "x-extra": "yes",
    });
    expect(headers?.host).toBe(new URL(srv.base).host);
  });

  it("lets the caller's user-agent and accept win over the defaults", async () => {
    await (
      await get(`${srv.base}/json`, { "User-Agent": "my-script/1.0", accept: "application/json" })
    ).arrayBuffer();
    const headers = srv.hits.at(-1)?.req.headers;
    expect(headers?.["user-agent"]).toBe("my-script/1.0");
    expect(headers?.accept).toBe("application/json");
    expect(headers?.["accept-encoding"]).toBe("gzip, deflate");
  });

  it("sends the authorization it is given, over one in the headers", async () => {
    const headers = new Headers({ authorization: "Basic old", "x-extra": "yes" });
    await (
      await transport(
        `${srv.base}/json`,
        "GET",
        headers,
        'OAuth oauth_nonce="n"',
        undefined,
        10_000,
      )
    ).arrayBuffer();
    expect(srv.hits.at(-1)?.req.headers).toMatchObject({
      authorization: 'OAuth oauth_nonce="n"',
      "x-extra": "yes",
    });
    // The caller's Headers object is left as it was.
    expect(headers.get("authorization")).toBe("Basic old");
  });

  it("reuses one keep-alive connection for two sequential requests", async () => {
    await (await get(`${srv.base}/json?first`)).arrayBuffer();
    // The agent takes the socket back on the tick after the body ends.
    await new Promise((resolve) => setImmediate(resolve));
    await (await get(`${srv.base}/json?second`)).arrayBuffer();
    const [first, second] = srv.hits.slice(-2);
    expect(first?.req.url).toBe("/json?first");
    expect(second?.req.url).toBe("/json?second");
    // A new connection would come from another ephemeral port.
    expect(second?.req.socket.remotePort).toBe(first?.req.socket.remotePort);
    expect(second?.req.socket).toBe(first?.req.socket);
  });

  it("gives a HEAD response a null body, with the headers of the GET", async () => {
    const response = await send(`${srv.base}/text`, "HEAD", new Headers(), undefined, 10_000);
    expect(srv.hits.at(-1)?.req.method).toBe("HEAD");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-length")).toBe("5");
    expect(response.body).toBeNull();
    expect(await response.text()).toBe("");
  });

  it("gives a 204 a null body", async () => {
    const response = await get(`${srv.base}/no-content`);
    expect(response.status).toBe(204);
    expect(response.body).toBeNull();
  });

  it("returns a 404 with its JSON body instead of rejecting", async () => {
    const response = await get(`${srv.base}/missing`);
    expect(response.status).toBe(404);
    expect(response.ok).toBe(false);
    expect(await response.json()).toEqual({ message: "no such thing" });
  });
});

describe("node transport: content codings", () => {
  const TEXT = `{"users":[${'"ana","bo",'.repeat(500)}"cy"]} ü €`;
  let srv: Awaited<ReturnType<typeof startServer>>;
  beforeAll(async () => {
    srv = await startServer(({ req, res }) => {
      const coding = new URL(req.url ?? "", "http://x").searchParams.get("coding") ?? "";
      // The codings in the order they were applied, as Content-Encoding lists them.
      let body = Buffer.from(TEXT);
      for (const name of coding.toLowerCase().split(",")) {
        const c = name.trim();
        if (c === "gzip" || c === "x-gzip") body = gzipSync(body);
        else if (c === "deflate") body = deflateSync(body);
        else if (c === "br") body = brotliCompressSync(body);
      }
      res.writeHead(200, { "content-type": "application/json", "content-encoding": coding });
      res.end(body);
    });
  });
  afterAll(() => srv.close());

  it.each(["gzip", "x-gzip", "GZip", "br", "deflate", "gzip, br", "deflate, gzip", "identity"])(
    "decodes a %s body to the original text, as fetch does",
    async (coding) => {
      const url = `${srv.base}/?coding=${encodeURIComponent(coding)}`;
      const response = await get(url);
      expect(response.headers.get("content-encoding")).toBe(coding);
      expect(await response.text()).toBe(TEXT);
      expect(await (await fetch(url)).text()).toBe(TEXT);
    },
  );

  it.each(["x-custom", "gzip, x-custom"])(
    "passes the bytes of a list with an unknown coding (%s) through unchanged, as fetch does",
    async (coding) => {
      const url = `${srv.base}/?coding=${encodeURIComponent(coding)}`;
      const node = Buffer.from(await (await get(url)).arrayBuffer());
      const fetched = Buffer.from(await (await fetch(url)).arrayBuffer());
      expect(node.equals(fetched)).toBe(true);
    },
  );
});

describe("node transport: large and cancelled bodies", () => {
  const CHUNK = 64 * 1024;
  const COUNT = 128; // 8 MiB
  /** Chunk i is filled with a byte that depends on i, so a lost or reordered chunk shows. */
  const chunkOf = (i: number) => Buffer.alloc(CHUNK, (i * 7 + 1) % 251);
  let srv: Awaited<ReturnType<typeof startServer>>;
  beforeAll(async () => {
    srv = await startServer(({ req, res }) => {
      res.writeHead(200, { "content-type": "application/octet-stream" });
      if (req.url === "/endless") {
        pump(res, chunkOf(0));
        return;
      }
      let i = 0;
      const write = () => {
        while (i < COUNT) {
          if (!res.write(chunkOf(i++))) return;
        }
        res.end();
      };
      res.on("drain", write);
      write();
    });
  });
  afterAll(() => srv.close());

  it("delivers an 8 MiB body written in chunks intact through arrayBuffer()", async () => {
    const response = await get(`${srv.base}/big`);
    const received = Buffer.from(await response.arrayBuffer());
    const expected = Buffer.concat(Array.from({ length: COUNT }, (_, i) => chunkOf(i)));
    expect(received.length).toBe(CHUNK * COUNT);
    expect(received.equals(expected)).toBe(true);
  });

  it("closes the connection when the body is cancelled after the first chunk", async () => {
    const arrived = srv.nextHit();
    const response = await get(`${srv.base}/endless`);
    const hit = await arrived;
    const body = response.body as ReadableStream<Uint8Array>;
    const reader = body.getReader();
    const first = await reader.read();
    expect(first.done).toBe(false);
    expect(first.value?.length).toBeGreaterThan(0);
    reader.releaseLock();
    await body.cancel();
    // The server would otherwise keep writing into a paused socket forever.
    await within(hit.closed, "the server's socket after cancel()");
  });
});

/**
 * More body than the transport reads before it resolves (it buffers up to 1 MiB, then streams):
 * a test that needs the Response while the server is still sending sends this much first.
 */
const STREAMED_BYTES = 4 * 1024 * 1024;

/**
 * Writes at least `bytes` (whole 64 KiB chunks) through `out` as fast as it drains, then calls
 * `then` (or nothing: the body stalls there).
 */
function sendBytes(out: NodeJS.WritableStream, bytes: number, then?: () => void): void {
  const chunk = Buffer.alloc(64 * 1024, 120);
  let left = bytes;
  const write = () => {
    while (left > 0) {
      left -= chunk.length;
      if (!out.write(chunk)) return;
    }
    out.removeListener("drain", write);
    then?.();
  };
  out.on("drain", write);
  write();
}

describe("node transport: timeouts and aborts", () => {
  let srv: Awaited<ReturnType<typeof startServer>>;
  beforeAll(async () => {
    srv = await startServer(({ req, res }) => {
      const path = req.url ?? "";
      if (path === "/never") return; // never answers
      if (path === "/small-stalls") {
        // Headers and a few bytes of a longer body, then nothing.
        res.writeHead(200, { "content-type": "text/plain", "content-length": "1000" });
        res.write("first part of the body");
        return;
      }
      if (path === "/gzip-stalls" || path === "/br-stalls") {
        // Headers and more than the buffered part of a compressed body, then nothing.
        const gzip = path === "/gzip-stalls";
        res.writeHead(200, { "content-encoding": gzip ? "gzip" : "br" });
        const encoder = gzip ? createGzip() : createBrotliCompress();
        encoder.pipe(res);
        sendBytes(encoder, STREAMED_BYTES, () => encoder.flush());
        return;
      }
      // Headers and more than the buffered part of a body, then nothing.
      res.writeHead(200, { "content-type": "application/octet-stream" });
      sendBytes(res, STREAMED_BYTES);
    });
  });
  afterAll(() => srv.close());

  it("rejects with AttemptTimeout (TimeoutError) when no headers come within timeoutMs, and closes the socket", async () => {
    // A transport of its own: no pooled connection, so this request opens a new one.
    const fresh = withoutAuthorization((await createNodeTransport()) as NodeSend);
    const connected = once(srv.server, "connection") as Promise<[Socket]>;
    const sent = fresh(`${srv.base}/never`, "GET", new Headers(), undefined, 50);
    const [socket] = await connected;
    const socketClosed = closedOf(socket);
    const error = await sent.then(
      () => "resolved",
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(AttemptTimeout);
    expect(error).toMatchObject({ name: "TimeoutError" });
    // The request was destroyed, not left hanging on the server.
    await within(socketClosed, "the server's socket after the timeout");
  });

  it("rejects at once with the reason of an already aborted signal", async () => {
    const reason = new Error("cancelled before sending");
    const sent = send(`${srv.base}/never`, "GET", new Headers(), AbortSignal.abort(reason), 10_000);
    await expect(sent).rejects.toBe(reason);
  });

  it("rejects with the signal's reason when it aborts before the headers, and closes the socket", async () => {
    const controller = new AbortController();
    const reason = new Error("user pressed stop");
    const arrived = srv.nextHit();
    const sent = send(`${srv.base}/never`, "GET", new Headers(), controller.signal, 10_000);
    const hit = await arrived;
    controller.abort(reason);
    await expect(sent).rejects.toBe(reason);
    await within(hit.closed, "the server's socket after the abort");
  });

  it("makes text() reject with an AbortError, as fetch's does, when the signal aborts while a streamed body is still coming", async () => {
    const controller = new AbortController();
    const reason = new Error("stop reading");
    const arrived = srv.nextHit();
    const response = await send(
      `${srv.base}/stalls`,
      "GET",
      new Headers(),
      controller.signal,
      10_000,
    );
    const hit = await arrived;
    expect(response.status).toBe(200);
    controller.abort(reason);
    // fetch's read methods reject with an AbortError whatever the reason.
    await expect(within(response.text(), "text() after the abort")).rejects.toMatchObject({
      name: "AbortError",
    });
    await within(hit.closed, "the server's socket after the abort");
  });

  it("rejects the call (send or text()) with the signal's reason when it aborts while a small body is still coming", async () => {
    const controller = new AbortController();
    const reason = new Error("stop reading");
    const arrived = srv.nextHit();
    // The transport may resolve at the headers or only with the whole small body: either way
    // the abort must end the call with its reason.
    const call = send(
      `${srv.base}/small-stalls`,
      "GET",
      new Headers(),
      controller.signal,
      10_000,
    ).then((response) => response.text());
    const hit = await arrived;
    // Let the headers and the first bytes reach the client.
    await new Promise((resolve) => setTimeout(resolve, 50));
    controller.abort(reason);
    await expect(within(call, "the call after the abort")).rejects.toBe(reason);
    await within(hit.closed, "the server's socket after the abort");
  });

  // Regression: with a gzip or br body the stream under the Response is the decoder, which must
  // learn that the aborted IncomingMessage was destroyed (destroy() without an error emits
  // "close" but no "error", and pipe() forwards neither), or text() stays pending forever.
  it.each(["gzip", "br"])(
    "makes text() of a streamed %s body reject as fetch's does when the signal aborts",
    async (coding) => {
      const controller = new AbortController();
      const reason = new Error("stop reading");
      const response = await within(
        send(`${srv.base}/${coding}-stalls`, "GET", new Headers(), controller.signal, 10_000),
        "the response",
      );
      expect(response.headers.get("content-encoding")).toBe(coding);
      controller.abort(reason);
      // fetch's read methods reject with an AbortError whatever the reason.
      await expect(
        within(response.text(), `text() of a ${coding} body after the abort`),
      ).rejects.toMatchObject({ name: "AbortError" });
    },
  );
});

describe("node transport: network failures", () => {
  let srv: Awaited<ReturnType<typeof startServer>>;
  beforeAll(async () => {
    srv = await startServer(({ req, res }) => {
      const path = req.url ?? "";
      const gzip = path.includes("gzip");
      res.writeHead(200, {
        "content-type": "text/plain",
        ...(gzip
          ? { "content-encoding": "gzip" }
          : { "content-length": String(2 * STREAMED_BYTES) }),
      });
      // A small body is cut by the server; a big one stalls and the test cuts it.
      const cut = path.startsWith("/small")
        ? () => setImmediate(() => res.socket?.destroy())
        : undefined;
      const bytes = path.startsWith("/small") ? 1000 : STREAMED_BYTES;
      if (gzip) {
        const encoder = createGzip();
        encoder.pipe(res);
        sendBytes(encoder, bytes, () => encoder.flush(cut));
      } else {
        sendBytes(res, bytes, cut);
      }
    });
  });
  afterAll(() => srv.close());

  it("rejects a refused connection with TypeError 'fetch failed' whose cause is ECONNREFUSED", async () => {
    // A port that was just free: listen, note it, close.
    const closed = await startServer(() => undefined);
    const url = `${closed.base}/`;
    await closed.close();
    const error = await get(url).then(
      () => "resolved",
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(TypeError);
    expect(error).toMatchObject({ message: "fetch failed", cause: { code: "ECONNREFUSED" } });
  });

  it("refuses a URL with credentials before connecting, with a TypeError that is not a network failure", async () => {
    const hits = srv.hits.length;
    const url = srv.base.replace("http://", "http://user:pw@");
    const [node, fetched] = await Promise.all(
      [get(`${url}/small`), fetch(`${url}/small`)].map((p) =>
        p.then(
          () => "resolved",
          (e: unknown) => e,
        ),
      ),
    );
    // fetch refuses such a URL too.
    expect(fetched).toBeInstanceOf(TypeError);
    expect(node).toBeInstanceOf(TypeError);
    expect((node as TypeError).message).toMatch(
      /^Cannot send GET http:\/\/127\.0\.0\.1:\d+: .*credentials/,
    );
    expect((node as TypeError).message).not.toContain("pw");
    // No cause: the client must not take it for a network failure and retry it.
    expect((node as TypeError).cause).toBeUndefined();
    expect(srv.hits.length).toBe(hits);
  });

  it.each(["/big", "/big-gzip"])(
    "makes text() reject with TypeError 'terminated' when the server cuts the connection in a streamed body (%s)",
    async (path) => {
      const arrived = srv.nextHit();
      const response = await get(`${srv.base}${path}`);
      expect(response.status).toBe(200);
      // Cut once the Response exists, so that the body is the one failing.
      (await arrived).req.socket.destroy();
      const error = await within(response.text(), "text() after the cut").then(
        () => "resolved",
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(TypeError);
      expect(error).toMatchObject({ message: "terminated" });
    },
  );

  it.each(["/small", "/small-gzip"])(
    "rejects the call with a TypeError fetch would give when the server cuts a small body (%s)",
    async (path) => {
      // Whether at the send (the small body is read first: "fetch failed") or at text()
      // ("terminated", as fetch), the client must see a network TypeError, not a short body.
      const error = await within(
        get(`${srv.base}${path}`).then((response) => response.text()),
        "the call after the cut",
      ).then(
        (text) => `resolved with ${text.length} characters`,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(TypeError);
      expect((error as TypeError).message).toMatch(/^(fetch failed|terminated)$/);
    },
  );
});

describe("node transport: request targets, compared with fetch", () => {
  let srv: Awaited<ReturnType<typeof startServer>>;
  beforeAll(async () => {
    srv = await startServer(({ res }) => {
      res.end("ok");
    });
  });
  afterAll(() => srv.close());

  /** The request target the server received for `target` through the transport, then fetch. */
  async function targets(target: string): Promise<{ node: string; fetch: string }> {
    const from = srv.hits.length;
    await (await get(srv.base + target)).arrayBuffer();
    await (await fetch(srv.base + target)).arrayBuffer();
    const [viaNode, viaFetch] = srv.hits.slice(from);
    // Only fetch sends sec-fetch-mode: proves which request is which.
    expect(viaNode?.req.headers["sec-fetch-mode"]).toBeUndefined();
    expect(viaFetch?.req.headers["sec-fetch-mode"]).toBe("cors");
    return { node: viaNode?.req.url ?? "(none)", fetch: viaFetch?.req.url ?? "(none)" };
  }

  it("sends what openapi-fetch builds exactly as given", async () => {
    const target = "/gallery/api/admin/v1/users/?page=0&pageSize=2&email=a%40b.c&q=O%27Brien%20x";
    expect(await targets(target)).toEqual({ node: target, fetch: target });
  });

  it("encodes and resolves like fetch: spaces, quotes, non-ASCII and dot segments", async () => {
    for (const [target, expected] of [
      ['/a b/"q"/<x>', "/a%20b/%22q%22/%3Cx%3E"],
      ["/ü", "/%C3%BC"],
      ["/a/./b/../c", "/a/c"],
      ["/a/%2e%2E/b", "/b"],
    ]) {
      expect(await targets(target as string)).toEqual({ node: expected, fetch: expected });
    }
  });

  const PIECES = [
    "a",
    "B",
    "0",
    "-",
    ".",
    "..",
    "%41",
    "%2e",
    "~",
    "!",
    "'",
    "(",
    "*",
    ":",
    "@",
    "+",
    ",",
    ";",
    "=",
    "$",
    "&",
    " ",
    "ü",
    '"',
    "<",
    ">",
    "{",
    "`",
    "|",
    "^",
  ];
  const segment = fc.array(fc.constantFrom(...PIECES), { maxLength: 4 }).map((p) => p.join(""));
  const path = fc
    .array(segment, { minLength: 1, maxLength: 4 })
    .map((segments) => `/${segments.join("/")}`);
  /** A query of at least one piece; `/` and `?` may appear in a query as they are. */
  const query = fc
    .array(fc.constantFrom(...PIECES, "/", "?"), {
      minLength: 1,
      maxLength: 6,
    })
    .map((p) => `?${p.join("")}`);

  it("puts the same request target on the wire as fetch for generated paths and queries", async () => {
    await fc.assert(
      fc.asyncProperty(path, fc.option(query, { nil: "" }), async (p, q) => {
        const { node, fetch } = await targets(p + q);
        expect(node).toBe(fetch);
      }),
      { numRuns: 200, seed: 42 },
    );
  }, 60_000);

  // Regression: WHATWG URL percent-encodes `'` in the query of http(s) URLs (special-query
  // percent-encode set), so fetch sends %27; openapi-fetch leaves `'` unencoded
  // (encodeURIComponent), so a value such as O'Brien must not take the as-is path.
  it("encodes ' in the query as fetch does (%27)", async () => {
    const { node, fetch } = await targets("/users/?name=O'Brien");
    expect(fetch).toBe("/users/?name=O%27Brien");
    expect(node).toBe(fetch);
  });

  // Regression: fetch sends pathname + search, and search is "" for a bare trailing `?`.
  it("drops an empty query as fetch does", async () => {
    const { node, fetch } = await targets("/users/?");
    expect(fetch).toBe("/users/");
    expect(node).toBe(fetch);
  });
});

describe("hasCustomDispatcher (in fresh Node processes, on the built module)", () => {
  // The package's entry first, as an application loads it (it captures Node's dispatcher before
  // anything touches fetch's classes); then the module under test.
  const entry = new URL("../dist/index.js", import.meta.url).href;
  const built = new URL("../dist/node-transport.js", import.meta.url).href;
  const load = `await import(${JSON.stringify(entry)}); const { hasCustomDispatcher } = await import(${JSON.stringify(built)});`;
  /** Runs an ES module script in a fresh node and returns what it printed. */
  const run = (script: string) =>
    execFileSync(process.execPath, ["--input-type=module", "-e", script], {
      encoding: "utf8",
    }).trim();
  const install = (className: string) =>
    `globalThis[Symbol.for("undici.globalDispatcher.1")] = new (class ${className} { dispatch() { return true; } })();`;

  it("knows Node's own dispatcher when it loads first, and takes any other for the app's", () => {
    const out = run(`
      ${load}
      const before = hasCustomDispatcher();
      await fetch("http://127.0.0.1:9/").catch(() => undefined);
      const afterFetch = hasCustomDispatcher();
      ${install("Agent")}
      console.log(JSON.stringify([before, afterFetch, hasCustomDispatcher()]));
    `);
    // An app's own Agent (TLS options, say) is the app's, even though it is named Agent.
    expect(JSON.parse(out)).toEqual([false, false, true]);
  });

  it("leaves every request to fetch when a dispatcher was installed before it loaded (whose, nobody can tell)", () => {
    const out = run(`
      ${install("Agent")}
      ${load}
      const agent = hasCustomDispatcher();
      ${install("ProxyAgent")}
      console.log(JSON.stringify([agent, hasCustomDispatcher()]));
    `);
    // An Agent installed first may carry TLS options: the node transport would skip them.
    expect(JSON.parse(out)).toEqual([true, true]);
  });
});

describe("node transport: silent servers and odd statuses", () => {
  let srv: Awaited<ReturnType<typeof startServer>>;
  beforeAll(async () => {
    srv = await startServer(({ req, res }) => {
      if (req.url === "/stall-body") {
        // Headers and more than the 1 MiB that is read up front, then nothing.
        res.writeHead(200, { "content-type": "application/octet-stream" });
        res.write(Buffer.alloc(2 * 1024 * 1024, 1));
        return;
      }
      if (req.url === "/status-600") {
        res.writeHead(600, { "content-type": "text/plain" });
        res.end("odd");
        return;
      }
      // /never: no answer at all.
    });
  });
  afterAll(() => srv.close());

  it("fails a call whose server sends nothing (fetch's headersTimeout), with a network failure the client retries", async () => {
    const silent = withoutAuthorization(
      (await createNodeTransport({ silenceMs: 100 })) as NodeSend,
    );
    const error = await within(
      silent(`${srv.base}/never`, "GET", new Headers(), undefined, Number.POSITIVE_INFINITY),
      "the call to a silent server",
    ).then(
      () => "resolved",
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(TypeError);
    expect(error).toMatchObject({ message: "fetch failed" });
    expect(String((error as TypeError).cause)).toMatch(/sent nothing for 0.1 s/);
  });

  it("errors a streamed body whose server stops sending (fetch's bodyTimeout)", async () => {
    const silent = withoutAuthorization(
      (await createNodeTransport({ silenceMs: 100 })) as NodeSend,
    );
    const response = await within(
      silent(`${srv.base}/stall-body`, "GET", new Headers(), undefined, 10_000),
      "the response",
    );
    const error = await within(response.arrayBuffer(), "reading the stalled body").then(
      () => "resolved",
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(TypeError);
    expect(error).toMatchObject({ message: "terminated" });
  });

  it("refuses a status outside 200-599 with a TypeError that is not a network failure", async () => {
    const hits = srv.hits.length;
    const error = await get(`${srv.base}/status-600`).then(
      () => "resolved",
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(TypeError);
    expect((error as TypeError).message).toMatch(/status 600/);
    // No cause: the client must not retry it.
    expect((error as TypeError).cause).toBeUndefined();
    expect(srv.hits.length).toBe(hits + 1);
  });
});

describe("node transport: after the second review", () => {
  const FOUR_MIB = 4 * 1024 * 1024;
  let srv: Awaited<ReturnType<typeof startServer>>;
  beforeAll(async () => {
    srv = await startServer(({ req, res }) => {
      if (req.url === "/all-at-once") {
        res.writeHead(200, { "content-type": "application/octet-stream" });
        res.end(Buffer.alloc(FOUR_MIB, 7));
      } else if (req.url === "/raw-deflate") {
        res.writeHead(200, { "content-type": "application/json", "content-encoding": "deflate" });
        res.end(deflateRawSync('{"ok":true}'));
      } else if (req.url === "/six-codings") {
        res.writeHead(200, { "content-encoding": "gzip, gzip, gzip, gzip, gzip, gzip" });
        res.end("not really");
      } else if (req.url === "/redirect-plain") {
        res.writeHead(302, { location: "/elsewhere", "content-type": "text/plain" });
        res.end("moved");
      } else if (req.url === "/redirect-mislabelled") {
        res.writeHead(302, { location: "/elsewhere", "content-encoding": "gzip" });
        res.end("this is not gzip");
      } else {
        res.writeHead(200, { "content-type": "text/plain" });
        res.end(Buffer.alloc(2 * 1024 * 1024, 5));
      }
    });
  });
  afterAll(() => srv.close());

  it("does not cut a streamed body that waits for its reader longer than the silence limit", async () => {
    const silent = withoutAuthorization(
      (await createNodeTransport({ silenceMs: 100 })) as NodeSend,
    );
    const response = await silent(
      `${srv.base}/all-at-once`,
      "GET",
      new Headers(),
      undefined,
      10_000,
    );
    // The server has sent everything; the body sits in buffers while nobody reads.
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect((await within(response.arrayBuffer(), "the late read")).byteLength).toBe(FOUR_MIB);
  });

  it("decodes raw DEFLATE sent as deflate, as fetch does", async () => {
    const url = `${srv.base}/raw-deflate`;
    expect(await (await get(url)).json()).toEqual({ ok: true });
    expect(await (await fetch(url)).json()).toEqual({ ok: true });
  });

  it("refuses more than five content-codings, as fetch does", async () => {
    const url = `${srv.base}/six-codings`;
    const error = await get(url).then(
      () => "resolved",
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(TypeError);
    expect(String((error as TypeError).cause)).toMatch(/too many content-encodings/);
    await expect(fetch(url).then((r) => r.arrayBuffer())).rejects.toThrow(TypeError);
  });

  it("does not read a redirect that fetch is to follow, and reads it in manual mode", async () => {
    const url = `${srv.base}/redirect-mislabelled`;
    const follow = await transport(url, "GET", new Headers(), undefined, undefined, 10_000);
    expect(follow.status).toBe(302);
    expect(follow.body).toBeNull();
    const manual = await transport(
      `${srv.base}/redirect-plain`,
      "GET",
      new Headers(),
      undefined,
      undefined,
      10_000,
      "manual",
    );
    expect(manual.status).toBe(302);
    expect(manual.headers.get("location")).toBe("/elsewhere");
    expect(await manual.text()).toBe("moved");
  });

  it("keeps the URL and the type basic on a streamed response's clone, as fetch does", async () => {
    const url = `${srv.base}/big-plain`;
    const response = await get(url);
    const clone = response.clone();
    expect([response.url, response.type]).toEqual([url, "basic"]);
    expect([clone.url, clone.type]).toEqual([url, "basic"]);
    expect((await clone.arrayBuffer()).byteLength).toBe(2 * 1024 * 1024);
    await response.body?.cancel();
  });
});

describe("node transport: after the third review", () => {
  const BIG = 3 * 1024 * 1024;
  let srv: Awaited<ReturnType<typeof startServer>>;
  beforeAll(async () => {
    srv = await startServer(({ req, res }) => {
      if (req.url === "/deflate-trailing") {
        res.writeHead(200, { "content-encoding": "deflate" });
        res.end(Buffer.concat([deflateSync("hello"), Buffer.from("\r\n")]));
      } else if (req.url === "/raw-deflate-trailing") {
        res.writeHead(200, { "content-encoding": "deflate" });
        res.end(Buffer.concat([deflateRawSync("hello"), Buffer.from("junk")]));
      } else if (req.url === "/big-gzip") {
        // Compresses to a few KiB: all of it has arrived long before it is read.
        res.writeHead(200, { "content-encoding": "gzip" });
        res.end(gzipSync(Buffer.alloc(BIG, 1)));
      } else {
        res.writeHead(200);
        res.end(Buffer.alloc(BIG, 2));
      }
    });
  });
  afterAll(() => srv.close());

  it.each(["/deflate-trailing", "/raw-deflate-trailing"])(
    "ignores bytes after the end of a deflate stream (%s), as fetch does",
    async (path) => {
      const url = `${srv.base}${path}`;
      expect(await within((async () => (await get(url)).text())(), "the call")).toBe("hello");
      expect(await (await fetch(url)).text()).toBe("hello");
    },
  );

  it("fails a streamed body read after an abort, even when the server has sent it all", async () => {
    const controller = new AbortController();
    const reason = new Error("caller aborted");
    const response = await send(
      `${srv.base}/big-gzip`,
      "GET",
      new Headers(),
      controller.signal,
      10_000,
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    controller.abort(reason);
    await expect(within(response.arrayBuffer(), "the read after the abort")).rejects.toMatchObject({
      name: "AbortError",
    });
    // Its stream fails with the reason itself.
    await expect(response.body?.getReader().read()).rejects.toBe(reason);
  });

  it("keeps the URL and the type basic on a clone of a clone", async () => {
    const url = `${srv.base}/plain`;
    const response = await get(url);
    const twice = response.clone().clone();
    expect([twice.url, twice.type]).toEqual([url, "basic"]);
    expect((await twice.arrayBuffer()).byteLength).toBe(BIG);
    await response.body?.cancel();
  });
});
