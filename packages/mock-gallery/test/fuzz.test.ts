// Hostile input must never crash the mock: every answer is a Gallery-shaped 4xx.
import { connect } from "node:net";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type MockGallery, startMockGallery } from "../src/index.js";
import { fcParams } from "./fast-check-config.js";
import { handSign, signedFetch } from "./sign.js";

let gallery: MockGallery;
let port: number;
beforeAll(async () => {
  gallery = await startMockGallery();
  port = Number(new URL(gallery.origin).port);
});
afterAll(() => gallery.close());

/** Sends raw bytes and resolves to the status and body of the (single) response. */
function raw(request: Buffer | string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1");
    const chunks: Buffer[] = [];
    socket.setTimeout(5000, () => socket.destroy(new Error("timeout")));
    socket.on("data", (chunk) => chunks.push(chunk));
    socket.on("error", reject);
    socket.on("close", () => {
      // Only the first response counts: bytes left after a request may draw a second one.
      const text = Buffer.concat(chunks).toString("latin1");
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0);
      const headEnd = text.indexOf("\r\n\r\n");
      const length = Number(/\r\ncontent-length: *(\d+)/i.exec(text.slice(0, headEnd))?.[1] ?? -1);
      const rawBody = text.slice(headEnd + 4, length >= 0 ? headEnd + 4 + length : undefined);
      resolve({ status, body: Buffer.from(rawBody, "latin1").toString("utf8") });
    });
    socket.end(request);
  });
}

function expectGalleryFailure(response: { status: number; body: string }) {
  expect([400, 401, 404, 405, 408, 413, 431]).toContain(response.status);
  const body = JSON.parse(response.body) as Record<string, unknown>;
  expect(body.data).toBeNull();
  expect(typeof body.exceptionName).toBe("string");
  expect(typeof body.message).toBe("string");
}

const request = (target: string | Buffer, headers: string | Buffer = "") =>
  Buffer.concat([
    Buffer.from("GET "),
    Buffer.isBuffer(target) ? target : Buffer.from(target, "latin1"),
    Buffer.from(" HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"),
    Buffer.isBuffer(headers) ? headers : Buffer.from(headers, "latin1"),
    Buffer.from("\r\n"),
  ]);

const base = "/gallery/api/admin/v1/users/";

describe("hostile input", () => {
  it("malformed percent-encoding in the query is a 400", async () => {
    for (const query of ["%", "%zz", "a=%E0%A4%A", "search=%FF%FE", "%%%", "oauth_nonce=%C0%AF"]) {
      const res = await raw(request(`${base}?${query}`));
      expect(res.status).toBe(400);
      expectGalleryFailure(res);
    }
  });

  it("non-UTF-8 bytes in the request target", async () => {
    const res = await raw(request(Buffer.from([...Buffer.from(`${base}?q=`), 0xff, 0xfe, 0x80])));
    expectGalleryFailure(res);
  });

  it("huge headers are a Gallery-shaped 431", async () => {
    const res = await raw(request(base, `X-Big: ${"a".repeat(64 * 1024)}\r\n`));
    expect(res.status).toBe(431);
    expectGalleryFailure(res);
  });

  it("repeated Authorization headers are a 401", async () => {
    const signed = handSign(gallery.credentials, `${gallery.url}/users/`);
    const header = `Authorization: ${signed.headers.authorization}\r\n`;
    const res = await raw(request(base, header + header));
    expect(res.status).toBe(401);
    expect(JSON.parse(res.body).message).toMatch(/more than one Authorization header/);
  });

  it("an absurd query string (a thousand parameters) is a 401, not a hang", async () => {
    const query = Array.from({ length: 1000 }, (_, i) => `p${i}=${i}`).join("&");
    const res = await raw(request(`${base}?${query}`));
    expect(res.status).toBe(401);
  });

  it("a Host header that is not a host name is a 400", async () => {
    const signed = handSign(gallery.credentials, `${gallery.url}/users/`);
    const res = await raw(
      `GET ${base} HTTP/1.1\r\nHost: evil host/\r\nAuthorization: ${signed.headers.authorization}\r\nConnection: close\r\n\r\n`,
    );
    expectGalleryFailure(res);
  });

  it("property: any request target is answered with a Gallery body", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string({ unit: "binary", maxLength: 200 }),
          fc.stringMatching(/^[A-Za-z0-9%&=+?._~!*'()-]{0,120}$/),
          fc.uint8Array({ maxLength: 100 }).map((b) => Buffer.from(b).toString("latin1")),
        ),
        async (suffix) => {
          const target = Buffer.from(`${base}?${suffix.replace(/[\r\n ]/g, "")}`, "utf8");
          expectGalleryFailure(await raw(request(target)));
        },
      ),
      fcParams(120, 20261129),
    );
  });

  it("property: any Authorization header value is answered with a Gallery body", async () => {
    const oauthish = fc
      .array(
        fc.tuple(
          fc.constantFrom(
            "oauth_consumer_key",
            "oauth_nonce",
            "oauth_signature",
            "oauth_timestamp",
            "oauth_signature_method",
            "oauth_version",
            "realm",
            "x",
          ),
          fc.string({ maxLength: 30 }),
        ),
        { maxLength: 8 },
      )
      .map(
        (pairs) =>
          `OAuth ${pairs.map(([k, v]) => `${k}="${v.replace(/["\r\n]/g, "")}"`).join(", ")}`,
      );
    await fc.assert(
      fc.asyncProperty(fc.oneof(oauthish, fc.string({ maxLength: 200 })), async (value) => {
        const clean = value
          .replace(/[\r\n]/g, "")
          .split(String.fromCharCode(0))
          .join("");
        const res = await raw(request(base, Buffer.from(`Authorization: ${clean}\r\n`, "utf8")));
        expectGalleryFailure(res);
      }),
      fcParams(120, 20261130),
    );
  });

  it("property: any header block (names, values, repeats) is answered with a Gallery body", async () => {
    const headerLine = fc
      .tuple(
        fc.oneof(
          fc.constantFrom(
            "Host",
            "Authorization",
            "Content-Length",
            "Transfer-Encoding",
            "Content-Type",
            "X-A",
          ),
          fc.stringMatching(/^[A-Za-z0-9-]{1,20}$/),
          fc.string({ maxLength: 10 }),
        ),
        fc.oneof(
          fc.string({ maxLength: 60 }),
          fc.uint8Array({ maxLength: 40 }).map((b) => Buffer.from(b).toString("latin1")),
        ),
      )
      .map(([name, value]) => `${name}: ${value.replace(/[\r\n]/g, "")}\r\n`);
    await fc.assert(
      fc.asyncProperty(fc.array(headerLine, { maxLength: 12 }), async (lines) => {
        const res = await raw(
          Buffer.from(
            `GET ${base} HTTP/1.1\r\n${lines.join("")}Connection: close\r\n\r\n`,
            "latin1",
          ),
        );
        expectGalleryFailure(res);
      }),
      fcParams(150, 20261131),
    );
  });

  it("the mock still serves signed requests after all of that", async () => {
    const res = await signedFetch(gallery.credentials, `${gallery.url}/users/?pageSize=1`);
    expect(res.status).toBe(200);
  });
});
