// Hostile input on the OAuth2 side must never crash the mock either: any Authorization header
// on /webapi is a Gallery-shaped refusal, and any body or header on the token endpoint an RFC
// 6749 error whose description stays printable ASCII without " and \.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type MockGallery, startMockGallery } from "../src/index.js";
import { fcParams } from "./fast-check-config.js";
import { type RawResponse, rawExchange } from "./raw-http.js";

let gallery: MockGallery;
let port: number;
beforeAll(async () => {
  gallery = await startMockGallery({ validation: false });
  port = Number(new URL(gallery.origin).port);
});
afterAll(() => gallery?.close());

/** One request over a raw socket (fetch refuses most of these header values). */
function send(head: string, body: Buffer = Buffer.alloc(0)): Promise<RawResponse> {
  // write, not end: Node's server drops a request whose client half-closes before the answer
  return rawExchange(port, (socket) =>
    socket.write(Buffer.concat([Buffer.from(head, "latin1"), body])),
  );
}

/** A header value as a client could put it on the wire (no CR, LF or NUL). */
const headerValue = (value: string) => value.replace(/[\r\n\0]/g, "");

const authorization = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc
    .tuple(
      fc.constantFrom("Bearer", "bearer", "Basic", "OAuth", "Token", ""),
      fc.string({ maxLength: 100 }),
    )
    .map(([scheme, rest]) => `${scheme} ${rest}`),
  fc.base64String({ maxLength: 80 }).map((b64) => `Basic ${b64}`),
);

describe("hostile input on the OAuth2 side", () => {
  it("property: any Authorization header on /webapi/admin/v1 is a Gallery-shaped 400 or 401", async () => {
    await fc.assert(
      fc.asyncProperty(authorization, async (value) => {
        const res = await send(
          `GET /webapi/admin/v1/users/ HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: ${headerValue(value)}\r\nConnection: close\r\n\r\n`,
        );
        expect([400, 401]).toContain(res.status);
        const body = JSON.parse(res.body) as Record<string, unknown>;
        expect(body.data).toBeNull();
        expect(typeof body.exceptionName).toBe("string");
        expect(typeof body.innerExceptionMessage).toBe("string");
      }),
      fcParams(80, 20261202),
    );
  });

  it("property: any body and Authorization on the token endpoint is an RFC 6749 error", async () => {
    const body = fc.oneof(
      fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes)),
      fc
        .array(
          fc.tuple(
            fc.constantFrom("grant_type", "client_id", "client_secret", "scope", "x", "%", "+"),
            fc.string({ maxLength: 30 }),
          ),
          { maxLength: 6 },
        )
        .map((pairs) => Buffer.from(pairs.map(([k, v]) => `${k}=${v}`).join("&"), "utf8")),
    );
    // Fixed types, and any text: an unexpected Content-Type is echoed in the description.
    const contentType = fc.oneof(
      fc.constantFrom(
        "application/x-www-form-urlencoded",
        "application/x-www-form-urlencoded; charset=utf-8",
        "application/json",
        "",
      ),
      fc.string({ maxLength: 40 }).map((value) => headerValue(value).trim()),
    );
    await fc.assert(
      fc.asyncProperty(body, fc.option(authorization), contentType, async (bytes, auth, type) => {
        const headers = [
          "POST /webapi/oauth2/token HTTP/1.1",
          "Host: 127.0.0.1",
          ...(auth === null ? [] : [`Authorization: ${headerValue(auth)}`]),
          ...(type ? [`Content-Type: ${type}`] : []),
          `Content-Length: ${bytes.length}`,
          "Connection: close",
        ];
        const res = await send(`${headers.join("\r\n")}\r\n\r\n`, bytes);
        if (res.status === 400 && res.body.includes('"exceptionName"')) {
          // Node's parser refused the request before the endpoint saw it (invalid HTTP)
          return;
        }
        expect([400, 401]).toContain(res.status);
        const answer = JSON.parse(res.body) as { error: string; error_description: string };
        expect(["invalid_request", "invalid_client", "unsupported_grant_type"]).toContain(
          answer.error,
        );
        expect(answer.error_description).toMatch(/^[\x20\x21\x23-\x5b\x5d-\x7e]+$/);
      }),
      fcParams(120, 20261203),
    );
  });

  it("the mock still issues tokens and answers after the fuzzing", async () => {
    const { consumerKey, consumerSecret } = gallery.credentials;
    const res = await fetch(gallery.tokenUrl, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        grant_type: "client_credentials",
        client_id: consumerKey,
        client_secret: consumerSecret,
      }),
    });
    expect(res.status).toBe(200);
  });
});
