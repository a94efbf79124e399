import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { redactOAuthText, redactUrl, targetDescriber } from "./redact.js";

const BASE = "https://g.example.com/gallery/api/admin/v1";

describe("redactUrl", () => {
  it("drops oauth parameters, user info and fragment, and keeps the rest as sent", () => {
    expect(redactUrl("https://h/x/?page=0&oauth_signature=abc%3D&oauth_nonce=n&pageSize=5")).toBe(
      "https://h/x/?page=0&pageSize=5",
    );
    expect(redactUrl("https://u:p@h/x?oauth_consumer_key=k#frag")).toBe("https://h/x");
    expect(redactUrl("https://h/x?a=%20b&OAuth_Token=t")).toBe("https://h/x?a=%20b");
    expect(redactUrl("/users/?oauth_signature=s&page=1")).toBe("/users/?page=1");
  });

  it("never lets an oauth_ parameter through, and keeps every other one", () => {
    fc.assert(
      fc.property(
        fc.webUrl({ withQueryParameters: true, withFragments: true }),
        fc.string({ minLength: 1 }),
        (url, secret) => {
          const signed = new URL(url);
          const others = [...signed.searchParams.keys()].filter((k) => !/^oauth_/i.test(k));
          signed.searchParams.append("oauth_signature", secret);
          const redacted = new URL(redactUrl(signed.href));
          const kept = [...redacted.searchParams.keys()];
          expect(kept.filter((k) => /^oauth_/i.test(k))).toEqual([]);
          expect(kept).toEqual(others);
        },
      ),
    );
  });
});

describe("targetDescriber", () => {
  const describeTarget = targetDescriber(BASE);
  it("gives the origin and the path relative to the API root, without oauth parameters", () => {
    expect(
      describeTarget(`${BASE}/users/?page=0&oauth_consumer_key=k&oauth_signature=abc%3D`),
    ).toEqual({ origin: "https://g.example.com", path: "/users/?page=0" });
    expect(describeTarget("https://g.example.com/other/thing?a=%20b")).toEqual({
      origin: "https://g.example.com",
      path: "/other/thing?a=%20b",
    });
    expect(describeTarget("https://elsewhere.example.com/gallery/api/admin/v1/x")).toEqual({
      origin: "https://elsewhere.example.com",
      path: "/gallery/api/admin/v1/x",
    });
  });
});

describe("redactOAuthText", () => {
  it("masks signatures in URLs, headers and JSON", () => {
    expect(redactOAuthText("GET /x?oauth_signature=SIG%2B&a=1")).toBe(
      "GET /x?oauth_signature=[redacted]&a=1",
    );
    expect(redactOAuthText('OAuth oauth_signature="SIG", oauth_nonce="n"')).toBe(
      'OAuth oauth_signature="[redacted]", oauth_nonce="n"',
    );
    expect(redactOAuthText('{"oauth_signature": "SIG"}')).toBe('{"oauth_signature": "[redacted]"}');
  });
});
