/**
 * One regression test per bug that other OAuth 1.0a libraries shipped (the list at the end of
 * shared/reference/oauth1-rfc5849.md).
 */
import { readFileSync } from "node:fs";
import { describe, expect, it, vi } from "vitest";
import { baseStringUri, createSigner, percentEncode, signatureBaseString } from "../src/index.js";

const signer = createSigner({
  consumerKey: "key",
  consumerSecret: "secret",
  nonce: () => "n",
  timestamp: () => 1,
});

describe("regressions from other signing libraries", () => {
  it("base URI is not url.split('?')[0]: lowercased, default port dropped, fragment dropped", () => {
    expect(baseStringUri("HTTPS://Gallery.Example.COM:443/gallery/api#section")).toBe(
      "https://gallery.example.com/gallery/api",
    );
    expect(baseStringUri("http://example.com:80/a#x?y")).toBe("http://example.com/a");
  });

  it("query keys are decoded and + is read as a space", async () => {
    const auth = await signer.authorize({
      method: "GET",
      url: "http://example.com/?sort%5Bby%5D=name&q=a+b",
    });
    expect(auth.parameters).toContainEqual(["sort[by]", "name"]);
    expect(auth.parameters).toContainEqual(["q", "a b"]);
    expect(auth.normalizedParameters).toContain("q=a%20b");
    expect(auth.normalizedParameters).toContain("sort%5Bby%5D=name");
  });

  it("the same name in query and body stays two pairs; repeated keys are not renamed k[0], k[1]", async () => {
    const auth = await signer.authorize({
      method: "POST",
      url: "http://example.com/?k=1&k=2",
      body: "k=3&k=1",
      contentType: "application/x-www-form-urlencoded",
    });
    expect(auth.parameters.filter(([name]) => name === "k")).toEqual([
      ["k", "1"],
      ["k", "2"],
      ["k", "3"],
      ["k", "1"],
    ]);
    expect(auth.normalizedParameters.startsWith("k=1&k=1&k=2&k=3&")).toBe(true);
    expect(auth.normalizedParameters).not.toMatch(/k%5B\d%5D|k\[\d\]/);
  });

  it("a JSON body is not signed, whatever it contains", async () => {
    const withJson = await signer.authorize({
      method: "POST",
      url: "http://example.com/",
      body: '{"a":"1"}',
      contentType: "application/json",
    });
    const withJsonFormLike = await signer.authorize({
      method: "POST",
      url: "http://example.com/",
      body: "a=1",
      contentType: "application/json",
    });
    const none = await signer.authorize({ method: "POST", url: "http://example.com/" });
    expect(withJson.baseString).toBe(none.baseString);
    expect(withJsonFormLike.baseString).toBe(none.baseString);
  });

  it("an already-encoded path (%40) is not encoded again in the base string URI", () => {
    expect(baseStringUri("https://e.com/users/a%40b.com/")).toBe("https://e.com/users/a%40b.com/");
    expect(signatureBaseString("GET", "https://e.com/users/a%40b.com/", [])).toBe(
      "GET&https%3A%2F%2Fe.com%2Fusers%2Fa%2540b.com%2F&",
    );
  });

  it("!*'() are encoded and ~ is not", () => {
    expect(percentEncode("!*'()~")).toBe("%21%2A%27%28%29~");
  });

  it("hash functions are not synchronous-only: WebCrypto is used when asked", async () => {
    const spy = vi.spyOn(globalThis.crypto.subtle, "sign");
    const web = createSigner({
      consumerKey: "key",
      consumerSecret: "secret",
      crypto: "webcrypto",
      nonce: () => "n",
      timestamp: () => 1,
    });
    const webAuth = await web.authorize({ method: "GET", url: "http://example.com/" });
    expect(spy).toHaveBeenCalledTimes(1);
    const nodeAuth = await signer.authorize({ method: "GET", url: "http://example.com/" });
    expect(spy).toHaveBeenCalledTimes(1);
    expect(webAuth.signature).toBe(nodeAuth.signature);
    spy.mockRestore();
  });

  it("nonces do not come from Math.random (and the source has no Math.random)", async () => {
    const spy = vi.spyOn(Math, "random");
    const real = createSigner({ consumerKey: "key", consumerSecret: "secret" });
    await real.authorize({ method: "GET", url: "http://example.com/" });
    expect(spy).not.toHaveBeenCalled();
    spy.mockRestore();
    const source = readFileSync(new URL("../src/nonce.ts", import.meta.url), "utf8");
    expect(source).toContain("getRandomValues");
    expect(source.replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, "")).not.toContain("Math.random");
  });
});
