/** The outputs promised in README.md's examples. */
import { describe, expect, it } from "vitest";
import {
  baseStringUri,
  createSigner,
  normalizeParameters,
  percentEncode,
  signatureBaseString,
} from "../src/index.js";

describe("README examples", () => {
  it("pure steps print what the README says", () => {
    expect(percentEncode("Ladies + Gentlemen!")).toBe("Ladies%20%2B%20Gentlemen%21");
    expect(
      baseStringUri("HTTPS://Gallery.Example.com:443/gallery/api/admin/v1/users/?page=1"),
    ).toBe("https://gallery.example.com/gallery/api/admin/v1/users/");
    expect(
      normalizeParameters([
        ["b", "2"],
        ["a", "x y"],
      ]),
    ).toBe("a=x%20y&b=2");
    expect(
      signatureBaseString("GET", "https://gallery.example.com/gallery/api/admin/v1/users/?page=1", [
        ["oauth_consumer_key", "key"],
        ["oauth_nonce", "abc"],
        ["oauth_signature_method", "HMAC-SHA1"],
        ["oauth_timestamp", "1700000000"],
        ["oauth_version", "1.0"],
      ]).startsWith(
        "GET&https%3A%2F%2Fgallery.example.com%2Fgallery%2Fapi%2Fadmin%2Fv1%2Fusers%2F&oauth_consumer_key%3Dkey%26",
      ),
    ).toBe(true);
  });

  it("sign() keeps a query with spaces as fetch serialized it", async () => {
    const signer = createSigner({ consumerKey: "key", consumerSecret: "secret" });
    const request = new Request(
      "https://gallery.example.com/gallery/api/admin/v1/workflows/?search=sales report",
    );
    const signed = await signer.sign(request);
    expect(signed.url).toBe(
      "https://gallery.example.com/gallery/api/admin/v1/workflows/?search=sales%20report",
    );
    expect(signed.headers.get("authorization")).toMatch(/^OAuth oauth_consumer_key="key", /);
  });

  it("the error messages table matches the real messages", async () => {
    const base = { consumerKey: "k", consumerSecret: "s" };
    expect(() => createSigner({ ...base, consumerKey: "" })).toThrow(
      "consumerKey is empty: pass the API key shown on the Gallery's settings page",
    );
    expect(() => createSigner({ ...base, signatureMethod: "hmac_sha1" as never })).toThrow(
      'Invalid signatureMethod "hmac_sha1": use one of "HMAC-SHA1", "HMAC-SHA256", "HMAC-SHA512", "PLAINTEXT", "RSA-SHA1" (did you mean "HMAC-SHA1"?)',
    );
    expect(() => createSigner({ ...base, placement: "headers" as never })).toThrow(
      'Invalid placement "headers": use one of "header", "query" (did you mean "header"?)',
    );
    expect(() => createSigner({ ...base, placment: "query" } as never)).toThrow(
      'Unknown option "placment" (did you mean "placement"?): the options are consumerKey, consumerSecret, ',
    );
    const signer = createSigner(base);
    await expect(signer.authorize({ method: "GET", url: "/users/" })).rejects.toThrow(
      'Cannot sign "/users/": it is not an absolute URL; pass the full URL including scheme and host',
    );
    await expect(signer.authorize({ method: "GET", url: "https://e.com/?q=100%" })).rejects.toThrow(
      'The query parameter "q" has malformed percent-encoding: "%" at index 3 is not a %XX escape; encode a literal "%" as "%25"',
    );
    await expect(
      signer.authorize({ method: "GET", url: "https://e.com/?search=abc\uD800" }),
    ).rejects.toThrow(
      'The value of parameter "search" contains a lone UTF-16 surrogate (U+D800 at index 3), which has no UTF-8 form',
    );
    await expect(
      createSigner({ ...base, timestamp: () => 1700000000000 }).authorize({
        method: "GET",
        url: "https://e.com/",
      }),
    ).rejects.toThrow(
      "timestamp() returned 1700000000000, which looks like milliseconds; return seconds",
    );
  });
});
