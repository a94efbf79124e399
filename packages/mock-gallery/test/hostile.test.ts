// Every answer Gallery-shaped, one test per hostile class: unknown routes, wrong methods,
// HEAD, oversized headers and bodies, slow headers and bodies, absolute-form targets, empty
// nonces, a full replay cache; and CORS on every answer.
import { createHash } from "node:crypto";
import { zipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { KNOWN_CURATOR, type MockGallery } from "../src/index.js";
import { startMock } from "../src/start-mock.js";
import { type RawResponse, rawExchange } from "./raw-http.js";
import { handSign, json, signedFetch } from "./sign.js";

let gallery: MockGallery;
let direct: MockGallery;
let tight: MockGallery;
let smallCache: MockGallery;
beforeAll(async () => {
  [gallery, direct, tight, smallCache] = await Promise.all([
    startMock({}),
    startMock({ validation: false }),
    startMock(
      {},
      { limits: { headersTimeoutMs: 400, requestTimeoutMs: 2500, maxBodyBytes: 1024 * 1024 } },
    ),
    startMock({ validation: false }, { nonceCapacity: 3 }),
  ]);
});
afterAll(async () => {
  await Promise.all([gallery.close(), direct.close(), tight.close(), smallCache.close()]);
});

const portOf = (mock: MockGallery) => Number(new URL(mock.origin).port);

interface GalleryBody {
  data: null;
  exceptionName: string;
  innerExceptionMessage: string;
  message: string;
}

/** Checks the Gallery's error shape and the CORS header; returns the body. */
function galleryShaped(
  status: number,
  headers: { get(name: string): string | null } | Record<string, string>,
  text: string,
): GalleryBody {
  const header = (name: string) =>
    "get" in headers && typeof headers.get === "function"
      ? headers.get(name)
      : (headers as Record<string, string>)[name];
  expect(header("content-type")).toMatch(/^application\/json/);
  expect(header("access-control-allow-origin")).toBe("*");
  const body = JSON.parse(text) as GalleryBody;
  expect(body).toEqual({
    data: null,
    exceptionName: expect.any(String),
    innerExceptionMessage: expect.any(String),
    message: expect.any(String),
  });
  expect(status).toBeGreaterThanOrEqual(400);
  return body;
}

async function shapedFetch(res: Response): Promise<GalleryBody> {
  return galleryShaped(res.status, res.headers, await res.text());
}

const shapedRaw = (res: RawResponse) => galleryShaped(res.status, res.headers, res.body);

describe.each([
  ["with validation", () => gallery],
  ["without validation", () => direct],
])("routes and methods (%s)", (_mode, mock) => {
  it("an unknown route is a Gallery 404, signed or not", async () => {
    const unsigned = await fetch(`${mock().url}/nosuch/`);
    expect(unsigned.status).toBe(404);
    expect((await shapedFetch(unsigned)).message).toBe("No Admin v1 route matches GET /nosuch/.");
    const signed = await signedFetch(mock().credentials, `${mock().url}/users/extra/`);
    expect(signed.status).toBe(404);
    await shapedFetch(signed);
  });

  it("a method a route does not take is a Gallery 405 with Allow", async () => {
    const res = await signedFetch(mock().credentials, `${mock().url}/users/`, { method: "DELETE" });
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toBe("GET, HEAD");
    expect((await shapedFetch(res)).exceptionName).toBe("MethodNotAllowedException");
    const put = await signedFetch(mock().credentials, `${mock().url}/workflows/`, {
      method: "PUT",
    });
    expect(put.status).toBe(405);
    expect(put.headers.get("allow")).toBe("GET, HEAD, POST");
  });

  it("HEAD works wherever GET does: the GET answer's headers, no body", async () => {
    const url = `${mock().url}/users/?pageSize=3`;
    const [get, head] = [
      await signedFetch(mock().credentials, url),
      await signedFetch(mock().credentials, url, { method: "HEAD" }),
    ];
    expect(head.status).toBe(200);
    expect(head.headers.get("content-type")).toBe(get.headers.get("content-type"));
    expect(head.headers.get("content-length")).toBe(String((await get.arrayBuffer()).byteLength));
    expect(await head.text()).toBe("");
  });
});

describe("sizes", () => {
  it("headers over the limit are a Gallery 431 (not Prism's bodiless one)", async () => {
    for (const size of [15 * 1024, 20 * 1024, 40 * 1024]) {
      const res = await rawExchange(portOf(gallery), (socket) =>
        socket.end(
          `GET /gallery/api/admin/v1/users/ HTTP/1.1\r\nHost: x\r\nX-Big: ${"a".repeat(size)}\r\n\r\n`,
        ),
      );
      expect(res.status).toBe(431);
      expect(shapedRaw(res).message).toMatch(/larger than 15360 bytes/);
    }
  });

  it("a request just under the header limit passes through Prism", async () => {
    const search = "x".repeat(13 * 1024);
    const res = await signedFetch(
      gallery.credentials,
      `${gallery.url}/workflows/?search=${search}`,
    );
    expect(res.status).toBe(200);
    expect(await json(res)).toEqual([]);
  });

  it("a body announced over the limit is a Gallery 413 before it is read", async () => {
    const res = await rawExchange(portOf(gallery), (socket) =>
      socket.write(
        `POST /gallery/api/admin/v1/workflows/ HTTP/1.1\r\nHost: x\r\nContent-Type: application/octet-stream\r\nContent-Length: ${81 * 1024 * 1024}\r\n\r\n`,
      ),
    );
    expect(res.status).toBe(413);
    expect(res.headers.connection).toBe("close");
    expect(shapedRaw(res).message).toMatch(/larger than 83886080 bytes \(80 MiB\)/);
  });

  it("a chunked body that grows over the limit is a Gallery 413", async () => {
    const signed = handSign(tight.credentials, `${tight.url}/workflows/`, { method: "POST" });
    const res = await rawExchange(portOf(tight), (socket) => {
      socket.write(
        `POST /gallery/api/admin/v1/workflows/ HTTP/1.1\r\nHost: ${new URL(tight.origin).host}\r\nAuthorization: ${signed.headers.authorization}\r\nContent-Type: application/octet-stream\r\nTransfer-Encoding: chunked\r\n\r\n`,
      );
      const chunk = Buffer.alloc(256 * 1024, 1);
      for (let i = 0; i < 6; i++)
        socket.write(`${chunk.length.toString(16)}\r\n${chunk.toString("latin1")}\r\n`, "latin1");
    });
    expect(res.status).toBe(413);
    shapedRaw(res);
  });

  it("a 64 MiB package publishes and downloads back intact (past Prism's body limit)", async () => {
    const filler = Buffer.alloc(64 * 1024 * 1024);
    for (let i = 0; i < filler.length; i += 4096) filler.writeUInt32LE(i, i); // not all zeros
    const zip = zipSync({ "Big.yxmd": new Uint8Array(filler) }, { level: 0 });
    expect(zip.length).toBeGreaterThan(64 * 1024 * 1024);
    const form = new FormData();
    form.set("file", new Blob([zip]), "Big.yxzp");
    for (const [k, v] of Object.entries({
      name: "Big",
      owner: KNOWN_CURATOR.email,
      validate: "false",
      isPublic: "false",
    }))
      form.set(k, v);
    const res = await signedFetch(gallery.credentials, `${gallery.url}/workflows/`, {
      method: "POST",
      body: form,
    });
    expect(res.status).toBe(200);
    const id = await json<string>(res);
    const download = await signedFetch(gallery.credentials, `${gallery.url}/${id}/package/`);
    expect(download.status).toBe(200);
    const back = Buffer.from(await download.arrayBuffer());
    const sha = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");
    expect(back.length).toBe(zip.length);
    expect(sha(back)).toBe(sha(zip));
    // 10 s alone on 2 cores; several times that while the other packages' tests run beside it.
  }, 180_000);
});

describe("slow requests", () => {
  it("headers that do not arrive in time are cut with a Gallery 408", async () => {
    const res = await rawExchange(portOf(tight), (socket) =>
      socket.write("GET /gallery/api/admin/v1/users/ HTTP/1.1\r\nHost: x\r\n"),
    );
    expect(res.status).toBe(408);
    expect(shapedRaw(res).exceptionName).toBe("RequestTimeoutException");
  });

  it("a body trickled a byte at a time is cut with a Gallery 408", async () => {
    const signed = handSign(tight.credentials, `${tight.url}/workflows/`, { method: "POST" });
    let timer: NodeJS.Timeout | undefined;
    const res = await rawExchange(portOf(tight), (socket) => {
      socket.write(
        `POST /gallery/api/admin/v1/workflows/ HTTP/1.1\r\nHost: ${new URL(tight.origin).host}\r\nAuthorization: ${signed.headers.authorization}\r\nContent-Type: application/octet-stream\r\nContent-Length: 1000\r\n\r\n`,
      );
      timer = setInterval(() => socket.writable && socket.write("x"), 100);
    });
    clearInterval(timer);
    expect(res.status).toBe(408);
    shapedRaw(res);
    expect(tight.requests.at(-1)).toMatchObject({ method: "POST", status: 408 });
  });
});

describe("request targets and nonces", () => {
  it("an absolute-form target is served, signed against its own authority", async () => {
    const url = `${gallery.url}/users/?pageSize=1`;
    const signed = handSign(gallery.credentials, url);
    // write, not end: Node's server drops a request whose client half-closes before the answer
    const res = await rawExchange(portOf(gallery), (socket) =>
      socket.write(
        `GET ${url} HTTP/1.1\r\nHost: some-other-name\r\nAuthorization: ${signed.headers.authorization}\r\nConnection: close\r\n\r\n`,
      ),
    );
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual([expect.objectContaining({ email: KNOWN_CURATOR.email })]);
  });

  it("an empty oauth_nonce is refused with a clear message", async () => {
    const res = await signedFetch(gallery.credentials, `${gallery.url}/users/`, { nonce: "" });
    expect(res.status).toBe(401);
    expect((await shapedFetch(res)).message).toMatch(/The oauth_nonce is empty/);
  });

  it("a full replay cache answers a Gallery 503 with Retry-After, and still refuses replays", async () => {
    const url = `${smallCache.url}/subscriptions/`;
    const first = handSign(smallCache.credentials, url, { nonce: "full-1" });
    expect((await fetch(first.url, { headers: first.headers })).status).toBe(200);
    for (const nonce of ["full-2", "full-3"]) {
      expect((await signedFetch(smallCache.credentials, url, { nonce })).status).toBe(200);
    }
    const refused = await signedFetch(smallCache.credentials, url, { nonce: "full-4" });
    expect(refused.status).toBe(503);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(290);
    expect((await shapedFetch(refused)).exceptionName).toBe("ServiceUnavailableException");
    const replay = await fetch(first.url, { headers: first.headers });
    expect(replay.status).toBe(401);
    expect((await shapedFetch(replay)).message).toMatch(/already used/);
  });
});

describe("CORS", () => {
  const origin = { origin: "https://page.example.com" };

  it("every answer allows any origin: data, refusals, unknown routes", async () => {
    const ok = await signedFetch(gallery.credentials, `${gallery.url}/users/?pageSize=1`);
    expect(ok.headers.get("access-control-allow-origin")).toBe("*");
    expect(ok.headers.get("access-control-expose-headers")).toMatch(/Content-Disposition/);
    for (const path of ["/users/", "/nosuch/"]) {
      const res = await fetch(`${gallery.url}${path}`, { headers: origin });
      expect([401, 404]).toContain(res.status);
      await shapedFetch(res);
    }
  });

  it("a preflight is answered before the verifier, with the API's methods and headers", async () => {
    for (const mock of [gallery, direct]) {
      mock.faults.failNext(1); // a preflight is not an API call: it does not take the fault
      const res = await fetch(`${mock.url}/users/`, {
        method: "OPTIONS",
        headers: {
          ...origin,
          "access-control-request-method": "GET",
          "access-control-request-headers": "authorization",
        },
      });
      expect(res.status).toBe(204);
      expect(res.headers.get("access-control-allow-origin")).toBe("*");
      expect(res.headers.get("access-control-allow-methods")).toBe("GET, HEAD, POST, PUT, OPTIONS");
      expect(res.headers.get("access-control-allow-headers")).toMatch(/Authorization/);
      expect(Number(res.headers.get("access-control-max-age"))).toBeGreaterThan(0);
      expect((await signedFetch(mock.credentials, `${mock.url}/users/`)).status).toBe(503);
    }
  });
});
