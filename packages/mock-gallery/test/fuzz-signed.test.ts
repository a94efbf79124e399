// Hostile input that is correctly signed gets past the verifier and reaches Prism, whose
// parsers throw outside any error handling (a bad %XX in the path, a bad Content-Type, a file
// part without a Content-Type...). An uncaught throw there would kill the process (and this
// test worker): every such request must get an answer, and the mock must keep serving.
import { request as httpRequest } from "node:http";
import fc from "fast-check";
import { hmacsign, rfc3986 } from "oauth-sign";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type MockGallery, startMockGallery } from "../src/index.js";
import { fcParams } from "./fast-check-config.js";
import { signedFetch } from "./sign.js";

let gallery: MockGallery;
let nonce = 0;
beforeAll(async () => {
  gallery = await startMockGallery();
});
afterAll(() => gallery.close());

const BASE = "/gallery/api/admin/v1";

/** Sends a request whose raw path (as sent, no query) is signed with oauth-sign. */
function sendSigned(
  method: string,
  rawPath: string,
  headers: Record<string, string> = {},
  body?: Buffer,
): Promise<{ status: number; body: string }> {
  const oauth = {
    oauth_consumer_key: gallery.credentials.consumerKey,
    oauth_nonce: `fuzz-${nonce++}`,
    oauth_signature_method: "HMAC-SHA1",
    oauth_timestamp: String(Math.floor(Date.now() / 1000)),
  };
  const signature = hmacsign(
    method,
    `${gallery.origin}${rawPath}`,
    oauth,
    gallery.credentials.consumerSecret,
    "",
  );
  const authorization = `OAuth ${Object.entries({ ...oauth, oauth_signature: signature })
    .map(([k, v]) => `${k}="${rfc3986(v)}"`)
    .join(", ")}`;
  const { hostname, port } = new URL(gallery.origin);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        hostname,
        port,
        method,
        path: rawPath,
        headers: {
          ...headers,
          authorization,
          ...(body ? { "content-length": String(body.length) } : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }),
        );
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

function expectAnswered(res: { status: number; body: string }) {
  // a Gallery body, or Prism's problem JSON for a request that breaks the spec; never a 5xx
  expect(res.status).toBeGreaterThanOrEqual(200);
  expect(res.status).toBeLessThan(500);
  expect(() => JSON.parse(res.body)).not.toThrow();
}

const multipart = (boundary: string, parts: string[]) =>
  Buffer.from(`${parts.map((p) => `--${boundary}\r\n${p}\r\n`).join("")}--${boundary}--\r\n`);
const MP = "multipart/form-data; boundary=b0undary-123";

describe("signed hostile input reaches Prism without crashing the mock", () => {
  it("a path Prism cannot percent-decode is a Gallery 400", async () => {
    for (const path of [`${BASE}/%FF/package/`, `${BASE}/users/%E0%A4%A/`, `${BASE}/%/`]) {
      const res = await sendSigned("GET", path);
      expect(res.status).toBe(400);
      expect(JSON.parse(res.body)).toMatchObject({ exceptionName: "ArgumentException" });
      expect(JSON.parse(res.body).message).toMatch(/path is not valid percent-encoding/);
    }
  });

  it("a Content-Type that is not a media type is a Gallery 400", async () => {
    for (const type of ["%%%", "json", "a/b c", "/"]) {
      const res = await sendSigned("GET", `${BASE}/users/`, { "content-type": type });
      expect(res.status).toBe(400);
      expect(JSON.parse(res.body).message).toMatch(
        /Content-Type header .* is not a valid media type/,
      );
    }
  });

  it("a doubled slash after the base is a Gallery 404 (Prism would read //x/ as a host)", async () => {
    for (const path of [`${BASE}//example.invalid/users/`, `${BASE}//`, `${BASE}///`]) {
      const res = await sendSigned("GET", path);
      expect(res.status).toBe(404);
      expect(JSON.parse(res.body)).toMatchObject({
        data: null,
        exceptionName: "NotFoundException",
      });
    }
  });

  it("multipart bodies that break Prism's parser get an answer", async () => {
    const owner = 'Content-Disposition: form-data; name="owner"\r\n\r\ngallery.admin@example.com';
    const cases = [
      // a file part without Content-Type (Prism's parser reads .split(":")[1] of nothing)
      ['Content-Disposition: form-data; name="file"; filename="a.yxzp"\r\n\r\nPK', owner],
      // ; and = inside quoted names and filenames
      ['Content-Disposition: form-data; name="a;b"\r\n\r\nv'],
      [
        'Content-Disposition: form-data; name="file"; filename="a=b;c.yxzp"\r\nContent-Type: application/zip\r\n\r\nPK',
      ],
      // no name, no Content-Disposition, unquoted filename
      ["Content-Disposition: form-data\r\n\r\nv"],
      ["Content-Type: text/plain\r\n\r\nv"],
      ['Content-Disposition: form-data; name="file"; filename=a=b.yxzp\r\n\r\nPK'],
    ];
    for (const parts of cases) {
      expectAnswered(
        await sendSigned(
          "POST",
          `${BASE}/workflows/`,
          { "content-type": MP },
          multipart("b0undary-123", parts),
        ),
      );
    }
    const garbage = await sendSigned(
      "POST",
      `${BASE}/workflows/`,
      { "content-type": MP },
      Buffer.from("garbage"),
    );
    expect(garbage.status).toBe(400);
    expect(JSON.parse(garbage.body).message).toMatch(
      /not valid multipart\/form-data: check the boundary/,
    );
  });

  it("a JSON body that does not parse is a Gallery 400 (not Prism's own error shape)", async () => {
    for (const text of ["{", "\uFEFF{}", "[1,]"]) {
      const res = await sendSigned(
        "POST",
        `${BASE}/workflows/`,
        { "content-type": "application/json" },
        Buffer.from(text),
      );
      expect(res.status).toBe(400);
      expect(JSON.parse(res.body)).toMatchObject({
        data: null,
        exceptionName: "ArgumentException",
      });
      expect(JSON.parse(res.body).message).toMatch(/not valid JSON/);
    }
  });

  it("an upload whose file part has no Content-Type is stored byte for byte", async () => {
    const field = (name: string, value: string) =>
      `Content-Disposition: form-data; name="${name}"\r\n\r\n${value}`;
    const zip = Buffer.from([0x50, 0x4b, 0x05, 0x06, ...new Array(18).fill(0), 0xff, 0x80]);
    const body = Buffer.concat([
      multipart("b0undary-123", [
        field("name", "No type"),
        field("owner", "gallery.admin@example.com"),
        field("validate", "false"),
        field("isPublic", "false"),
      ]).subarray(0, -"--b0undary-123--\r\n".length),
      Buffer.from(
        '--b0undary-123\r\nContent-Disposition: form-data; name="file"; filename="n=t.yxzp"\r\n\r\n',
      ),
      zip,
      Buffer.from("\r\n--b0undary-123--\r\n"),
    ]);
    const res = await sendSigned("POST", `${BASE}/workflows/`, { "content-type": MP }, body);
    expect(res.status).toBe(200);
    const id = JSON.parse(res.body) as string;
    const pkg = await signedFetch(gallery.credentials, `${gallery.url}/${id}/package/`);
    expect(pkg.status).toBe(200);
    expect(Buffer.from(await pkg.arrayBuffer())).toEqual(zip);
  });

  it("property: any path under Admin v1 gets an answer", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.stringMatching(/^[A-Za-z0-9%/._~!$&'()*+,;=:@-]{0,40}$/),
        async (suffix) => {
          expectAnswered(await sendSigned("GET", `${BASE}/${suffix}`));
        },
      ),
      fcParams(80, 20261201),
    );
  });

  it("property: any Content-Type and multipart body gets an answer", async () => {
    const headerLine = fc.oneof(
      fc.constantFrom(
        'Content-Disposition: form-data; name="file"; filename="x.yxzp"',
        'Content-Disposition: form-data; name="name"',
        "Content-Type: application/octet-stream",
      ),
      fc
        .tuple(
          fc.constantFrom("Content-Disposition", "Content-Type", "X-A"),
          fc.string({ maxLength: 40 }).map((s) => s.replace(/[\r\n]/g, "")),
        )
        .map(([n, v]) => `${n}: ${v}`),
    );
    const part = fc
      .tuple(fc.array(headerLine, { maxLength: 3 }), fc.string({ maxLength: 20 }))
      .map(([lines, data]) => `${lines.join("\r\n")}\r\n\r\n${data}`);
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.constant(MP),
          fc.string({ maxLength: 40 }).map((s) => s.replace(/[\r\n]/g, "")),
        ),
        fc.array(part, { maxLength: 4 }),
        async (type, parts) => {
          expectAnswered(
            await sendSigned(
              "POST",
              `${BASE}/workflows/`,
              { "content-type": type },
              multipart("b0undary-123", parts),
            ),
          );
        },
      ),
      fcParams(120, 20261202),
    );
  });

  it("still serves signed requests after all of that", async () => {
    const res = await signedFetch(gallery.credentials, `${gallery.url}/users/?pageSize=1`);
    expect(res.status).toBe(200);
  });
});
