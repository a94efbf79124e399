import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type MockGallery, startMockGallery } from "../src/index.js";
import { json, signedFetch } from "./sign.js";

let gallery: MockGallery;
let withBom: MockGallery;
let staticGallery: MockGallery;
beforeAll(async () => {
  [gallery, withBom, staticGallery] = await Promise.all([
    startMockGallery({ consumerKey: "key", consumerSecret: "secret" }),
    startMockGallery({ bom: true }),
    startMockGallery({ static: true }),
  ]);
});
afterAll(async () => {
  await Promise.all([gallery.close(), withBom.close(), staticGallery.close()]);
});

describe("faults", () => {
  it("failNext answers the next requests with 503 or 429 and Retry-After, then recovers", async () => {
    gallery.faults.failNext(1, 503, { retryAfterSeconds: 7 });
    gallery.faults.failNext(1, 429);
    const first = await signedFetch(gallery.credentials, `${gallery.url}/users/?pageSize=1`);
    expect(first.status).toBe(503);
    expect(first.headers.get("retry-after")).toBe("7");
    expect(await json(first)).toMatchObject({
      data: null,
      exceptionName: "ServiceUnavailableException",
    });
    const second = await signedFetch(gallery.credentials, `${gallery.url}/users/?pageSize=1`);
    expect(second.status).toBe(429);
    expect(second.headers.get("retry-after")).toBe("1");
    const third = await signedFetch(gallery.credentials, `${gallery.url}/users/?pageSize=1`);
    expect(third.status).toBe(200);
  });

  it("the request log shows each attempt with its own nonce", async () => {
    const start = gallery.requests.length;
    gallery.faults.failNext(2);
    for (const nonce of ["n-1", "n-2", "n-3"]) {
      await signedFetch(gallery.credentials, `${gallery.url}/subscriptions/`, { nonce });
    }
    expect(gallery.requests.slice(start)).toEqual([
      { method: "GET", path: "/gallery/api/admin/v1/subscriptions/", status: 503, nonce: "n-1" },
      { method: "GET", path: "/gallery/api/admin/v1/subscriptions/", status: 503, nonce: "n-2" },
      { method: "GET", path: "/gallery/api/admin/v1/subscriptions/", status: 200, nonce: "n-3" },
    ]);
  });

  it("the request log shows the nonce of query-signed, rejected and unknown-path requests", async () => {
    const start = gallery.requests.length;
    const users = `${gallery.url}/users/?pageSize=1`;
    const inQuery = await signedFetch(gallery.credentials, users, {
      nonce: "q 1",
      placement: "query",
    });
    expect(inQuery.status).toBe(200);
    const badSignature = await signedFetch(gallery.credentials, users, {
      nonce: "bad-1",
      signature: "AAAA",
    });
    expect(badSignature.status).toBe(401);
    const unknownPath = await signedFetch(gallery.credentials, `${gallery.origin}/nowhere/`, {
      nonce: "lost-1",
    });
    expect(unknownPath.status).toBe(404);
    expect(gallery.requests.slice(start).map(({ status, nonce }) => ({ status, nonce }))).toEqual([
      { status: 200, nonce: "q 1" },
      { status: 401, nonce: "bad-1" },
      { status: 404, nonce: "lost-1" },
    ]);
  });

  it("a failed attempt does not burn its nonce (faults come before the signature check)", async () => {
    gallery.faults.failNext(1, 503);
    const url = `${gallery.url}/users/?pageSize=1`;
    const first = await signedFetch(gallery.credentials, url, { nonce: "retry-same-nonce" });
    expect(first.status).toBe(503);
    const again = await signedFetch(gallery.credentials, url, { nonce: "retry-same-nonce" });
    expect(again.status).toBe(200);
    const replay = await signedFetch(gallery.credentials, url, { nonce: "retry-same-nonce" });
    expect(replay.status).toBe(401);
  });

  it("dropNext destroys the connection without a response", async () => {
    gallery.faults.dropNext(1);
    await expect(signedFetch(gallery.credentials, `${gallery.url}/users/`)).rejects.toThrow();
    expect(gallery.requests.at(-1)?.status).toBe(0);
    expect(
      (await signedFetch(gallery.credentials, `${gallery.url}/users/?pageSize=1`)).status,
    ).toBe(200);
  });

  it("setLatency delays every response by at least the latency", async () => {
    // A lower bound only: a timer never fires early, so this cannot flake on a slow machine.
    gallery.faults.setLatency(400);
    try {
      const started = performance.now();
      const res = await signedFetch(gallery.credentials, `${gallery.url}/users/?pageSize=1`);
      expect(res.status).toBe(200);
      expect(performance.now() - started).toBeGreaterThanOrEqual(395);
    } finally {
      gallery.faults.setLatency(0);
    }
  });

  it("clear() removes every fault and the latency", async () => {
    gallery.faults.setLatency(600_000);
    gallery.faults.failNext(3);
    gallery.faults.dropNext(3);
    gallery.faults.corruptNextResponse(3);
    gallery.faults.clear();
    const res = await signedFetch(gallery.credentials, `${gallery.url}/users/?pageSize=1`);
    expect(res.status).toBe(200);
  });

  it("bad fault arguments are clear errors", () => {
    expect(() => gallery.faults.failNext(-1)).toThrow(/count must be an integer >= 0/);
    expect(() => gallery.faults.failNext(1, 404 as 503)).toThrow(/503, 429 or 500/);
    expect(() => gallery.faults.setLatency(Number.NaN)).toThrow(/finite number/);
  });
});

describe("bom", () => {
  it("prefixes JSON bodies with a UTF-8 BOM after Prism validated them", async () => {
    const res = await signedFetch(withBom.credentials, `${withBom.url}/users/?pageSize=2`);
    expect(res.status).toBe(200);
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(JSON.parse(new TextDecoder("utf-8", { ignoreBOM: false }).decode(bytes))).toHaveLength(
      2,
    );
  });

  it("also on the verifier's own 401", async () => {
    const res = await fetch(`${withBom.url}/users/`);
    expect(res.status).toBe(401);
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(Number(res.headers.get("content-length"))).toBe(bytes.length);
  });

  it("also on Gallery errors that went through Prism, but not on binary packages", async () => {
    const missing = await signedFetch(
      withBom.credentials,
      `${withBom.url}/ffffffffffffffffffffffff/package/`,
    );
    expect(missing.status).toBe(404);
    expect([...new Uint8Array(await missing.arrayBuffer()).slice(0, 3)]).toEqual([
      0xef, 0xbb, 0xbf,
    ]);
    const [workflow] = await json<Array<{ id: string }>>(
      await signedFetch(withBom.credentials, `${withBom.url}/workflows/?limit=1`),
    );
    const pkg = await signedFetch(withBom.credentials, `${withBom.url}/${workflow?.id}/package/`);
    expect([...new Uint8Array(await pkg.arrayBuffer()).slice(0, 2)]).toEqual([0x50, 0x4b]); // "PK"
  });
});

describe("static mode", () => {
  it("answers from the spec's examples, still behind the verifier", async () => {
    const res = await signedFetch(staticGallery.credentials, `${staticGallery.url}/users/`);
    expect(res.status).toBe(200);
    const users = await json<Array<{ email: string }>>(res);
    expect(users.map((u) => u.email)).toEqual([
      "ada.lovelace@example.com",
      "grace.hopper@example.com",
    ]);
    expect((await fetch(`${staticGallery.url}/users/`)).status).toBe(401);
  });

  it("still rejects requests that break the spec (with the spec's own 400 example)", async () => {
    const res = await signedFetch(staticGallery.credentials, `${staticGallery.url}/auditlog/`);
    // In mock mode Prism answers an invalid request with the operation's documented 400.
    expect(res.status).toBe(400);
    expect(await json(res)).toMatchObject({ data: null, exceptionName: "ArgumentException" });
    expect(res.headers.get("sl-violations")).toMatch(/entity/);
  });
});

describe("options", () => {
  it("fixed credentials are used as given", () => {
    expect(gallery.credentials).toEqual({ consumerKey: "key", consumerSecret: "secret" });
  });

  it("unknown or invalid options are clear errors", async () => {
    await expect(startMockGallery({ prot: 1 } as never)).rejects.toThrow(/unknown option "prot"/);
    await expect(startMockGallery({ port: 70000 })).rejects.toThrow(
      /port must be an integer 0-65535/,
    );
    await expect(startMockGallery({ publicBaseUrl: "gallery" })).rejects.toThrow(
      /not an absolute URL/,
    );
  });

  it("paths outside Admin v1 are a Gallery-shaped 404", async () => {
    const res = await fetch(`${gallery.origin}/gallery/api/v1/workflows/`);
    expect(res.status).toBe(404);
    expect(await json(res)).toMatchObject({ data: null, exceptionName: "NotFoundException" });
  });
});
