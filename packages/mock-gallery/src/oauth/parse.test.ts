import { describe, expect, it } from "vitest";
import {
  baseStringUri,
  ParseError,
  parseAuthorizationHeader,
  parseQuery,
  redactSignatures,
  splitTarget,
} from "./parse.js";

describe("parse", () => {
  it("decodes the query as form data (+ is a space), keeping order and duplicates", () => {
    expect(parseQuery("b=1&a=x+y&a=%21&&c")).toEqual([
      ["b", "1"],
      ["a", "x y"],
      ["a", "!"],
      ["c", ""],
    ]);
  });

  it("rejects malformed percent-encoding with a ParseError", () => {
    expect(() => parseQuery("a=%E0%A4%A")).toThrow(ParseError);
  });

  it("parses quoted and unquoted OAuth header parameters, and ignores other schemes", () => {
    expect(
      parseAuthorizationHeader('OAuth realm="r", oauth_nonce="a%20b",oauth_version=1.0'),
    ).toEqual([
      ["realm", "r"],
      ["oauth_nonce", "a b"],
      ["oauth_version", "1.0"],
    ]);
    expect(parseAuthorizationHeader("Basic dXNlcjpwYXNz")).toBeUndefined();
    expect(() => parseAuthorizationHeader('OAuth oauth_nonce="x" garbage')).toThrow(ParseError);
  });

  it("builds the base string URI: lowercase host, default port dropped, path as sent", () => {
    expect(baseStringUri("HTTP", "Example.COM:80", "/r%20v/X")).toBe("http://example.com/r%20v/X");
    expect(baseStringUri("https", "g.example.net:8443", "")).toBe("https://g.example.net:8443/");
    expect(() => baseStringUri("http", "a b", "/")).toThrow(/not a valid host name/);
  });

  it("splits absolute-form targets and drops fragments", () => {
    expect(splitTarget("http://h:1/p/?q=1#f")).toEqual({ path: "/p/", query: "q=1" });
    expect(splitTarget("/p")).toEqual({ path: "/p", query: "" });
  });

  it("never quotes an oauth_signature back in a parse error", () => {
    const signature = "ykc9d8Q%2BunqCEAQzzzzzzzzzzzz%3D";
    const header = `OAuth oauth_signature="${signature}", oauth_nonce="x"`;
    // two headers folded into one by a client: the second "OAuth" does not parse
    const folded = () => parseAuthorizationHeader(`${header}, ${header}`);
    expect(folded).toThrow(/near "OAuth oauth_signature="\[redacted\]/);
    expect(folded).not.toThrow(/ykc9d8Q/);
    expect(() => parseAuthorizationHeader('OAuth oauth_signature="abcdefgh%ZZ"')).toThrow(
      /^The oauth_signature is not valid percent-encoding\.[^"]*$/,
    );
    expect(() => parseQuery("oauth_signature=abcdefgh%ZZ")).toThrow(
      /^The oauth_signature is not valid percent-encoding\.[^"]*$/,
    );
    expect(redactSignatures('x oauth%5Fsignature=abc&oauth_signature = "def"')).toBe(
      'x oauth%5Fsignature=[redacted]&oauth_signature = "[redacted]"',
    );
  });

  it("decodes a query signature as form data and a header signature as percent-encoding", () => {
    expect(parseQuery("oauth_signature=a+b%2B")).toEqual([["oauth_signature", "a b+"]]);
    expect(parseAuthorizationHeader('OAuth oauth_signature="a+b%2B"')).toEqual([
      ["oauth_signature", "a+b+"],
    ]);
  });
});
