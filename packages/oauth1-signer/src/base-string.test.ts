import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { runs } from "../test/fast-check-config.js";
import {
  baseStringUri,
  normalizeParameters,
  signatureBaseString,
  splitUrl,
} from "./base-string.js";

describe("baseStringUri", () => {
  it.each([
    ["HTTP://EXAMPLE.COM:80/r%20v/X?id=123", "http://example.com/r%20v/X"],
    ["https://Example.com:443/a", "https://example.com/a"],
    ["http://example.com:443/a", "http://example.com:443/a"],
    ["https://example.com:80/a", "https://example.com:80/a"],
    ["https://www.example.net:8080/?q=1", "https://www.example.net:8080/"],
    ["https://example.com", "https://example.com/"],
    ["https://example.com?x=1", "https://example.com/"],
    ["https://example.com/Path/CASE/", "https://example.com/Path/CASE/"],
    ["https://example.com/users/a%40b.com/", "https://example.com/users/a%40b.com/"],
    ["https://example.com/a/b#frag?x", "https://example.com/a/b"],
    ["http://[::1]:8080/x", "http://[::1]:8080/x"],
    ["http://[2001:DB8::1]/x", "http://[2001:db8::1]/x"],
    ["https://user:pass@example.com/x", "https://example.com/x"],
    ["https://example.com/a/./b/../c", "https://example.com/a/c"],
    ["https://example.com/%2e%2E/x", "https://example.com/x"],
    ["http://127.1/x", "http://127.0.0.1/x"],
    ["http://127.0.0.1:8080/x", "http://127.0.0.1:8080/x"],
    ["http://010.0.0.1/x", "http://8.0.0.1/x"],
    ["https://example.com/ü space", "https://example.com/%C3%BC%20space"],
    ["https://EXAMPLE.com:08080/", "https://example.com:8080/"],
  ])("%s gives %s", (url, expected) => {
    expect(baseStringUri(url)).toBe(expected);
    expect(baseStringUri(new URL(url))).toBe(expected);
  });

  it("matches what fetch sends: the string fast path equals parsing with new URL (property)", () => {
    const piece = fc.constantFrom(
      "a",
      "B",
      "0",
      "-",
      ".",
      "..",
      "%40",
      "%2e",
      "%2E",
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
      "%",
      "%zz",
      "\\",
      "^",
      "|",
      "{",
      "`",
      '"',
    );
    const segment = fc.array(piece, { maxLength: 4 }).map((p) => p.join(""));
    const url = fc
      .record({
        scheme: fc.constantFrom("http", "https", "HTTP", "HtTpS"),
        host: fc.constantFrom(
          "example.com",
          "EXAMPLE.com",
          "a-b.c",
          "127.0.0.1",
          "10.1",
          "0x7f.1",
          "[::1]",
          "[2001:DB8::1]",
          "xn--nxasmq6b.com",
          "h.",
          "1.2.3",
          // Dotted quads: canonical ones take the string fast path, the others new URL.
          "192.168.0.255",
          "255.255.255.255",
          "0.0.0.0",
          "256.1.1.1",
          "01.2.3.4",
          "127.000.0.1",
          "1.2.3.4.",
          "1.2.3.4.5",
        ),
        port: fc.constantFrom("", ":80", ":443", ":8080", ":0", ":00080", ":65535"),
        path: fc
          .array(segment, { maxLength: 4 })
          .map((s) => (s.length === 0 ? "" : `/${s.join("/")}`)),
        query: fc.constantFrom("", "?", "?a=1", "?a b#c", "?#"),
      })
      .map((r) => `${r.scheme}://${r.host}${r.port}${r.path}${r.query}`);
    fc.assert(
      fc.property(url, (u) => {
        let expected: string;
        try {
          const parsed = new URL(u);
          expected = `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
        } catch {
          expect(() => baseStringUri(u)).toThrow(TypeError);
          return;
        }
        expect(baseStringUri(u)).toBe(expected);
        expect(baseStringUri(new Request(u).url)).toBe(expected);
      }),
      runs(1000),
    );
  });

  it("rejects relative and non-http URLs with a clear message", () => {
    expect(() => baseStringUri("/users/")).toThrow(
      /Cannot sign "\/users\/": it is not an absolute URL; pass the full URL including scheme and host/,
    );
    expect(() => baseStringUri("ftp://example.com/")).toThrow(
      "Cannot sign a ftp: URL: only http: and https: requests can be signed",
    );
    expect(() => baseStringUri(42 as unknown as string)).toThrow(/string or a URL object/);
  });

  it("splitUrl keeps the raw query and drops the fragment", () => {
    expect(splitUrl("https://e.com/p?a=1%20+2&b#frag")).toEqual({
      baseUri: "https://e.com/p",
      query: "a=1%20+2&b",
      withoutFragment: "https://e.com/p?a=1%20+2&b",
    });
  });
});

describe("normalizeParameters", () => {
  it("sorts by encoded name, then encoded value, in byte order", () => {
    expect(
      normalizeParameters([
        ["a", "1"],
        ["a b", "1"],
        ["A", "2"],
        ["a", "!"],
        ["a", " "],
      ]),
    ).toBe("A=2&a=%20&a=%21&a=1&a%20b=1");
  });

  it("compares name and value separately (a%20 sorts after a)", () => {
    expect(
      normalizeParameters([
        ["a ", "1"],
        ["a", "2"],
      ]),
    ).toBe("a=2&a%20=1");
  });

  it("sorts small and large parameter lists like a reference sort (property, up to 60 pairs)", () => {
    const reference = (pairs: Array<[string, string]>) =>
      pairs
        .map(([n, v]) =>
          [encodeURIComponent(n), encodeURIComponent(v)].map((s) =>
            s.replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`),
          ),
        )
        .sort((a, b) =>
          [...(a as string[])].join("\u0000") < [...(b as string[])].join("\u0000") ? -1 : 1,
        )
        .map(([n, v]) => `${n}=${v}`)
        .join("&");
    const text = fc.string({
      unit: fc.constantFrom("a", "b", "A", " ", "!", "%", "~", "é", "="),
      maxLength: 3,
    });
    fc.assert(
      fc.property(fc.array(fc.tuple(text, text), { maxLength: 60 }), (pairs) => {
        expect(normalizeParameters(pairs)).toBe(reference(pairs));
      }),
      runs(500),
    );
  });

  it("skips oauth_signature (RFC 5849 3.4.1.3.1)", () => {
    expect(
      normalizeParameters([
        ["oauth_signature", "x"],
        ["b", "1"],
      ]),
    ).toBe("b=1");
  });

  it("names the parameter whose value has a lone surrogate", () => {
    expect(() => normalizeParameters([["search", "abc\uD800"]])).toThrow(
      /The value of parameter "search" contains a lone UTF-16 surrogate \(U\+D800 at index 3\)/,
    );
    expect(() => normalizeParameters([["\uDC00", "v"]])).toThrow(
      /A parameter name contains a lone UTF-16 surrogate/,
    );
  });

  it("rejects non-string values", () => {
    expect(() => normalizeParameters([["page", 1 as unknown as string]])).toThrow(
      "Parameter names and values must be strings; got string = number",
    );
  });
});

describe("signatureBaseString", () => {
  it("uppercases the method and includes the URL's query", () => {
    expect(signatureBaseString("get", "https://E.com/x?b=2&a=1", [["c", "3"]])).toBe(
      "GET&https%3A%2F%2Fe.com%2Fx&a%3D1%26b%3D2%26c%3D3",
    );
  });

  it("skips oauth_signature in the URL's query (a query-signed request can be re-checked)", () => {
    expect(
      signatureBaseString("GET", "https://e.com/?a=1&oauth_signature=abc%3D", [["b", "2"]]),
    ).toBe("GET&https%3A%2F%2Fe.com%2F&a%3D1%26b%3D2");
  });

  it("rejects an invalid method", () => {
    expect(() => signatureBaseString("GE T", "https://e.com/", [])).toThrow(
      /The HTTP method must be a token such as "GET"/,
    );
  });
});
