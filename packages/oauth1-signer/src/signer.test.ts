import { createHmac, generateKeyPairSync, verify } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it, vi } from "vitest";
import { runs } from "../test/fast-check-config.js";
import { createSigner, isFormContentType } from "./signer.js";
import type { SignerOptions } from "./types.js";

const credentials = { consumerKey: "key", consumerSecret: "secret" };
const fixed = { nonce: () => "nonce", timestamp: () => 1_700_000_000 };
const ADMIN = "https://gallery.example.com/gallery/api/admin/v1";

describe("authorize", () => {
  it("returns every debugging step, consistent with each other", async () => {
    const auth = await createSigner({ ...credentials, ...fixed }).authorize({
      method: "get",
      url: `${ADMIN}/users/?page=1&pageSize=100`,
    });
    expect(auth.baseStringUri).toBe(`${ADMIN}/users/`);
    expect(auth.parameters).toEqual([
      ["page", "1"],
      ["pageSize", "100"],
      ["oauth_consumer_key", "key"],
      ["oauth_nonce", "nonce"],
      ["oauth_signature_method", "HMAC-SHA1"],
      ["oauth_timestamp", "1700000000"],
      ["oauth_version", "1.0"],
    ]);
    expect(auth.normalizedParameters).toBe(
      "oauth_consumer_key=key&oauth_nonce=nonce&oauth_signature_method=HMAC-SHA1&oauth_timestamp=1700000000&oauth_version=1.0&page=1&pageSize=100",
    );
    expect(auth.baseString).toBe(
      `GET&${encodeURIComponent(`${ADMIN}/users/`)}&${encodeURIComponent(auth.normalizedParameters)}`,
    );
    expect(auth.signature).toBe(
      createHmac("sha1", "secret&").update(auth.baseString).digest("base64"),
    );
    expect(auth.oauthParameters).toEqual({
      oauth_consumer_key: "key",
      oauth_nonce: "nonce",
      oauth_signature: auth.signature,
      oauth_signature_method: "HMAC-SHA1",
      oauth_timestamp: "1700000000",
      oauth_version: "1.0",
    });
    expect(auth.url).toBe(
      `${ADMIN}/users/?page=1&pageSize=100&oauth_consumer_key=key&oauth_nonce=nonce&oauth_signature=${encodeURIComponent(auth.signature)}&oauth_signature_method=HMAC-SHA1&oauth_timestamp=1700000000&oauth_version=1.0`,
    );
  });

  it("appends to the URL without re-serializing the existing query", async () => {
    const auth = await createSigner({ ...credentials, ...fixed }).authorize({
      method: "GET",
      url: `${ADMIN}/workflows/?search=a%20b+c&x=%7e&y='q'#frag`,
    });
    expect(auth.url.startsWith(`${ADMIN}/workflows/?search=a%20b+c&x=%7e&y='q'&oauth_`)).toBe(true);
    expect(auth.url).not.toContain("#frag");
    const noQuery = await createSigner({ ...credentials, ...fixed }).authorize({
      method: "GET",
      url: `${ADMIN}/users/?`,
    });
    expect(noQuery.url.startsWith(`${ADMIN}/users/?oauth_consumer_key=key&`)).toBe(true);
  });

  it("accepts a URL object", async () => {
    const signer = createSigner({ ...credentials, ...fixed });
    const a = await signer.authorize({ method: "GET", url: new URL(`${ADMIN}/users/?page=2`) });
    const b = await signer.authorize({ method: "GET", url: `${ADMIN}/users/?page=2` });
    expect(a.signature).toBe(b.signature);
  });

  it("signs form bodies only when the content type says form-encoded", async () => {
    const signer = createSigner({ ...credentials, ...fixed });
    const url = `${ADMIN}/x/`;
    const plain = await signer.authorize({ method: "POST", url });
    const json = await signer.authorize({
      method: "POST",
      url,
      body: '{"a":"1"}',
      contentType: "application/json",
    });
    const noType = await signer.authorize({ method: "POST", url, body: "a=1" });
    const form = await signer.authorize({
      method: "POST",
      url,
      body: "a=1",
      contentType: "Application/X-WWW-Form-URLEncoded; charset=UTF-8",
    });
    const params = await signer.authorize({
      method: "POST",
      url,
      body: new URLSearchParams("a=1"),
    });
    const paramsAsText = await signer.authorize({
      method: "POST",
      url,
      body: new URLSearchParams("a=1"),
      contentType: "text/plain",
    });
    expect(json.signature).toBe(plain.signature);
    expect(noType.signature).toBe(plain.signature);
    expect(paramsAsText.signature).toBe(plain.signature);
    expect(form.parameters).toContainEqual(["a", "1"]);
    expect(params.signature).toBe(form.signature);
    expect(form.signature).not.toBe(plain.signature);
  });

  it("rejects a body it cannot describe", async () => {
    await expect(
      createSigner(credentials).authorize({
        method: "POST",
        url: ADMIN,
        body: new Blob(["x"]) as unknown as string,
      }),
    ).rejects.toThrow(/body must be a string, URLSearchParams or null/);
  });

  it("refuses to sign an already signed URL", async () => {
    await expect(
      createSigner(credentials).authorize({ method: "GET", url: `${ADMIN}/?oauth_signature=x` }),
    ).rejects.toThrow(/already signed \(its query has oauth_signature\)/);
  });

  it("includes token and realm; realm is in the header but not signed", async () => {
    const auth = await createSigner({
      ...credentials,
      ...fixed,
      token: "tok en",
      tokenSecret: "ts",
      realm: "Example",
    }).authorize({ method: "GET", url: ADMIN });
    expect(auth.header.startsWith('OAuth realm="Example", oauth_consumer_key="key", ')).toBe(true);
    expect(auth.header).toContain('oauth_token="tok%20en"');
    expect(auth.baseString).not.toContain("realm");
    expect(auth.signature).toBe(
      createHmac("sha1", "secret&ts").update(auth.baseString).digest("base64"),
    );
  });

  it("leaves out oauth_version when version is false", async () => {
    const auth = await createSigner({ ...credentials, ...fixed, version: false }).authorize({
      method: "GET",
      url: ADMIN,
    });
    expect(auth.oauthParameters).not.toHaveProperty("oauth_version");
    expect(auth.baseString).not.toContain("oauth_version");
  });

  it("HMAC-SHA512 signs with SHA-512", async () => {
    const auth = await createSigner({
      ...credentials,
      ...fixed,
      signatureMethod: "HMAC-SHA512",
    }).authorize({ method: "GET", url: ADMIN });
    expect(auth.signature).toBe(
      createHmac("sha512", "secret&").update(auth.baseString).digest("base64"),
    );
  });
});

describe("nonce and timestamp", () => {
  it("a fresh CSPRNG nonce and the current time for every call", async () => {
    const randomSpy = vi.spyOn(Math, "random");
    const signer = createSigner(credentials);
    const before = Math.floor(Date.now() / 1000);
    const nonces = new Set<string>();
    for (let i = 0; i < 300; i++) {
      const auth = await signer.authorize({ method: "GET", url: ADMIN });
      expect(auth.oauthParameters.oauth_nonce).toMatch(/^[0-9a-f]{32}$/);
      nonces.add(auth.oauthParameters.oauth_nonce as string);
      const ts = Number(auth.oauthParameters.oauth_timestamp);
      expect(Number.isInteger(ts)).toBe(true);
      expect(ts).toBeGreaterThanOrEqual(before);
      expect(ts).toBeLessThanOrEqual(Math.floor(Date.now() / 1000));
    }
    expect(nonces.size).toBe(300);
    expect(randomSpy).not.toHaveBeenCalled();
    randomSpy.mockRestore();
  });

  it("sign() of the same request twice gives two nonces (retries are signed again)", async () => {
    const signer = createSigner(credentials);
    const request = new Request(ADMIN);
    const a = (await signer.sign(request)).headers.get("authorization");
    const b = (await signer.sign(request)).headers.get("authorization");
    expect(a).not.toBe(b);
  });

  it("adds clockOffsetSeconds to the clock", async () => {
    const auth = await createSigner({
      ...credentials,
      timestamp: () => 1000,
      clockOffsetSeconds: -120.5,
    }).authorize({ method: "GET", url: ADMIN });
    expect(auth.oauthParameters.oauth_timestamp).toBe("879");
    const now = await createSigner({ ...credentials, clockOffsetSeconds: 3600 }).authorize({
      method: "GET",
      url: ADMIN,
    });
    const expected = Math.floor(Date.now() / 1000) + 3600;
    expect(Math.abs(Number(now.oauthParameters.oauth_timestamp) - expected)).toBeLessThanOrEqual(1);
  });

  it("says when timestamp() returns milliseconds, or a bad value", async () => {
    const sign = (options: Partial<SignerOptions>) =>
      createSigner({ ...credentials, ...options }).authorize({ method: "GET", url: ADMIN });
    await expect(sign({ timestamp: () => Date.now() })).rejects.toThrow(
      /looks like milliseconds; return seconds/,
    );
    await expect(sign({ timestamp: () => Number.NaN })).rejects.toThrow(
      /timestamp\(\) must return a number of seconds/,
    );
    await expect(sign({ timestamp: () => 10, clockOffsetSeconds: -20 })).rejects.toThrow(
      /oauth_timestamp would be -10; it must be positive/,
    );
    await expect(sign({ nonce: () => "" })).rejects.toThrow(
      "nonce() must return a non-empty string",
    );
  });
});

describe("sign", () => {
  it("header placement: sets Authorization, keeps URL, method, headers, redirect", async () => {
    const signer = createSigner({ ...credentials, ...fixed });
    const request = new Request(`${ADMIN}/users/?page=1`, {
      headers: { accept: "application/json", "x-custom": "1" },
      redirect: "manual",
    });
    const signed = await signer.sign(request);
    const expected = await signer.authorize({ method: "GET", url: request.url });
    expect(signed).not.toBe(request);
    expect(signed.url).toBe(request.url);
    expect(signed.headers.get("authorization")).toBe(expected.header);
    expect(signed.headers.get("x-custom")).toBe("1");
    expect(signed.redirect).toBe("manual");
    expect(request.headers.has("authorization")).toBe(false);
  });

  it("copies the other Request fields that differ from the defaults", async () => {
    const request = new Request(ADMIN, {
      credentials: "include",
      cache: "no-store",
      mode: "same-origin",
      referrerPolicy: "no-referrer",
      keepalive: true,
      integrity: "sha256-abc",
    });
    const signed = await createSigner(credentials).sign(request);
    expect({
      credentials: signed.credentials,
      cache: signed.cache,
      mode: signed.mode,
      referrerPolicy: signed.referrerPolicy,
      keepalive: signed.keepalive,
      integrity: signed.integrity,
    }).toEqual({
      credentials: "include",
      cache: "no-store",
      mode: "same-origin",
      referrerPolicy: "no-referrer",
      keepalive: true,
      integrity: "sha256-abc",
    });
  });

  it("query placement: appends to the query as sent (%20 stays %20, + stays +)", async () => {
    const signer = createSigner({ ...credentials, ...fixed, placement: "query" });
    const request = new Request(`${ADMIN}/workflows/?search=a%20b+c&name=x%2By`);
    const signed = await signer.sign(request);
    expect(signed.url.startsWith(`${ADMIN}/workflows/?search=a%20b+c&name=x%2By&oauth_`)).toBe(
      true,
    );
    expect(signed.headers.has("authorization")).toBe(false);
    const params = new URL(signed.url).searchParams;
    expect(params.get("search")).toBe("a b c");
    expect(params.get("oauth_signature")).toBe(
      (await signer.authorize({ method: "GET", url: request.url })).signature,
    );
  });

  it("signs a form body and still sends it; the original stays readable", async () => {
    const signer = createSigner({ ...credentials, ...fixed });
    const request = new Request(ADMIN, {
      method: "POST",
      body: new URLSearchParams({ name: "a b", x: "!" }),
    });
    const signed = await signer.sign(request);
    expect(await signed.text()).toBe("name=a+b&x=%21");
    expect(await request.text()).toBe("name=a+b&x=%21");
    const expected = await signer.authorize({
      method: "POST",
      url: ADMIN,
      body: "name=a+b&x=%21",
      contentType: "application/x-www-form-urlencoded",
    });
    expect(signed.headers.get("authorization")).toBe(expected.header);
    expect(signed.headers.get("content-type")).toMatch(/^application\/x-www-form-urlencoded/);
  });

  it("never signs JSON or multipart bodies, and passes them through intact", async () => {
    const signer = createSigner({ ...credentials, ...fixed });
    const bare = (await signer.authorize({ method: "POST", url: ADMIN })).header;
    const json = new Request(ADMIN, {
      method: "POST",
      body: JSON.stringify({ a: "b=c&d" }),
      headers: { "content-type": "application/json" },
    });
    const signedJson = await signer.sign(json);
    expect(signedJson.headers.get("authorization")).toBe(bare);
    expect(await signedJson.json()).toEqual({ a: "b=c&d" });

    const form = new FormData();
    form.set("name", "workflow");
    form.set("file", new Blob([new Uint8Array([1, 2, 3])]), "w.yxzp");
    const signedMultipart = await signer.sign(new Request(ADMIN, { method: "POST", body: form }));
    expect(signedMultipart.headers.get("authorization")).toBe(bare);
    const received = await signedMultipart.formData();
    expect(received.get("name")).toBe("workflow");
    expect(new Uint8Array(await (received.get("file") as Blob).arrayBuffer())).toEqual(
      new Uint8Array([1, 2, 3]),
    );
  });

  it("passes a streamed body through", async () => {
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode("chunk1,"));
        controller.enqueue(new TextEncoder().encode("chunk2"));
        controller.close();
      },
    });
    const request = new Request(ADMIN, {
      method: "PUT",
      body: stream,
      duplex: "half",
      headers: { "content-type": "application/octet-stream" },
    } as RequestInit);
    const signed = await createSigner(credentials).sign(request);
    expect(await signed.text()).toBe("chunk1,chunk2");
  });

  it("aborting the original request's signal aborts the signed request", async () => {
    const controller = new AbortController();
    const signed = await createSigner(credentials).sign(
      new Request(ADMIN, { signal: controller.signal }),
    );
    expect(signed.signal.aborted).toBe(false);
    controller.abort(new Error("stop"));
    expect(signed.signal.aborted).toBe(true);
  });

  it("rejects a non-Request", async () => {
    await expect(createSigner(credentials).sign(ADMIN as unknown as Request)).rejects.toThrow(
      "sign() expects a Request; for other clients use authorize()",
    );
  });
});

describe("crypto back ends", () => {
  it("node:crypto and WebCrypto give identical signatures (property)", async () => {
    const secret = fc.string({ unit: "binary", maxLength: 12 }).filter((s) => s === s.trim());
    await fc.assert(
      fc.asyncProperty(
        secret,
        fc.option(fc.tuple(fc.string({ unit: "binary", minLength: 1, maxLength: 8 }), secret), {
          nil: undefined,
        }),
        fc.constantFrom("HMAC-SHA1", "HMAC-SHA256", "HMAC-SHA512", "PLAINTEXT") as fc.Arbitrary<
          SignerOptions["signatureMethod"]
        >,
        fc.webUrl({ withQueryParameters: true }),
        async (consumerSecret, token, signatureMethod, url) => {
          fc.pre(token === undefined || token[0] === token[0].trim());
          const options: SignerOptions = {
            consumerKey: "key",
            consumerSecret,
            ...(token === undefined ? {} : { token: token[0], tokenSecret: token[1] }),
            ...(signatureMethod === undefined ? {} : { signatureMethod }),
            ...fixed,
          };
          const node = await createSigner({ ...options, crypto: "node" }).authorize({
            method: "GET",
            url,
          });
          const web = await createSigner({ ...options, crypto: "webcrypto" }).authorize({
            method: "GET",
            url,
          });
          expect(web.signature).toBe(node.signature);
          expect(web.baseString).toBe(node.baseString);
        },
      ),
      runs(300),
    );
  });

  it("RSA-SHA1 with a generated PKCS#8 key verifies with crypto.verify, on both back ends", async () => {
    const { privateKey, publicKey } = generateKeyPairSync("rsa", {
      modulusLength: 1024,
      privateKeyEncoding: { type: "pkcs8", format: "pem" },
      publicKeyEncoding: { type: "spki", format: "pem" },
    });
    const signatures: string[] = [];
    for (const crypto of ["node", "webcrypto"] as const) {
      const auth = await createSigner({
        consumerKey: "key",
        consumerSecret: "",
        signatureMethod: "RSA-SHA1",
        privateKey,
        crypto,
        ...fixed,
      }).authorize({ method: "GET", url: `${ADMIN}/users/?page=1` });
      expect(auth.oauthParameters.oauth_signature_method).toBe("RSA-SHA1");
      expect(
        verify(
          "sha1",
          Buffer.from(auth.baseString),
          publicKey,
          Buffer.from(auth.signature, "base64"),
        ),
      ).toBe(true);
      signatures.push(auth.signature);
    }
    // PKCS#1 v1.5 signatures are deterministic: both back ends give the same bytes.
    expect(signatures[0]).toBe(signatures[1]);
  });
});

describe("isFormContentType", () => {
  it.each([
    ["application/x-www-form-urlencoded", true],
    ["application/x-www-form-urlencoded;charset=UTF-8", true],
    [" APPLICATION/X-WWW-FORM-URLENCODED ; charset=utf-8", true],
    ["application/x-www-form-urlencoded-extra", false],
    ["multipart/form-data; boundary=x", false],
    ["application/json", false],
    [null, false],
    [undefined, false],
  ])("%s -> %s", (type, expected) => {
    expect(isFormContentType(type)).toBe(expected);
  });
});
