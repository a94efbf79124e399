import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { runs } from "../test/fast-check-config.js";
import { formDecode, parseForm, percentEncode } from "./percent-encode.js";

describe("percentEncode", () => {
  it("leaves only A-Z a-z 0-9 - . _ ~ unencoded (all of ASCII checked)", () => {
    for (let c = 0; c < 128; c++) {
      const ch = String.fromCharCode(c);
      const expected = /[A-Za-z0-9\-._~]/.test(ch)
        ? ch
        : `%${c.toString(16).toUpperCase().padStart(2, "0")}`;
      expect(percentEncode(ch)).toBe(expected);
    }
  });

  it("encodes UTF-8 bytes with uppercase hex, including astral characters", () => {
    expect(percentEncode("é")).toBe("%C3%A9");
    expect(percentEncode("😀")).toBe("%F0%9F%98%80");
  });

  it("matches a byte-level reference implementation (property)", () => {
    const encoder = new TextEncoder();
    const reference = (s: string) =>
      [...encoder.encode(s)]
        .map((b) =>
          /[A-Za-z0-9\-._~]/.test(String.fromCharCode(b))
            ? String.fromCharCode(b)
            : `%${b.toString(16).toUpperCase().padStart(2, "0")}`,
        )
        .join("");
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), (s) => {
        expect(percentEncode(s)).toBe(reference(s));
      }),
      runs(500),
    );
  });

  it.each([
    ["a lone high surrogate", "ab\uD83D", "U+D83D at index 2"],
    ["a lone low surrogate", "\uDE00x", "U+DE00 at index 0"],
    ["reversed pair", "\uDE00\uD83D", "U+DE00 at index 0"],
  ])("throws a TypeError for %s, saying where", (_name, input, where) => {
    expect(() => percentEncode(input)).toThrow(TypeError);
    expect(() => percentEncode(input)).toThrow(where);
  });

  it("rejects non-strings", () => {
    expect(() => percentEncode(1 as unknown as string)).toThrow(
      "percentEncode expects a string, got number",
    );
  });
});

describe("formDecode and parseForm", () => {
  it("reads + as a space and decodes escapes", () => {
    expect(formDecode("a+b%2Bc%20d", "x")).toBe("a b+c d");
    expect(formDecode("plain", "x")).toBe("plain");
  });

  it("throws a clear TypeError for malformed escapes", () => {
    expect(() => formDecode("100%", 'The query parameter "q"')).toThrow(
      'The query parameter "q" has malformed percent-encoding: "%" at index 3 is not a %XX escape; encode a literal "%" as "%25"',
    );
    expect(() => formDecode("%zz", "x")).toThrow('"%zz" at index 0 is not a %XX escape');
    expect(() => formDecode("%FF", "x")).toThrow(/escapes are not valid UTF-8/);
  });

  it("keeps duplicates and order, skips empty segments, reads a bare name as empty value", () => {
    expect(parseForm("a=1&&b&a=2&=v&c=", "query")).toEqual([
      ["a", "1"],
      ["b", ""],
      ["a", "2"],
      ["", "v"],
      ["c", ""],
    ]);
    expect(parseForm("", "query")).toEqual([]);
    expect(parseForm("a=b=c", "query")).toEqual([["a", "b=c"]]);
  });

  it("decodes names as well as values", () => {
    expect(parseForm("c%40=&a+b=x%26y", "query")).toEqual([
      ["c@", ""],
      ["a b", "x&y"],
    ]);
  });

  it("agrees with URLSearchParams on well-formed input (property)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.string({ unit: "binary" }), fc.string({ unit: "binary" }))),
        (pairs) => {
          const text = new URLSearchParams(pairs).toString();
          expect(parseForm(text, "query")).toEqual([...new URLSearchParams(text)]);
        },
      ),
      runs(300),
    );
  });

  it("names the parameter whose value is malformed", () => {
    expect(() => parseForm("ok=1&bad=%G1", "form body")).toThrow(
      'The form body parameter "bad" has malformed percent-encoding',
    );
  });
});
