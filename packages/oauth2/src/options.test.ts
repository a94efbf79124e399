import { describe, expect, it } from "vitest";
import { normalizeOptions } from "./options.js";
import type { TokenSourceOptions } from "./types.js";

const base: TokenSourceOptions = {
  tokenUrl: "https://alteryx.example.com/webapi/oauth2/token",
  clientId: "key",
  clientSecret: "secret",
};

function error(options: unknown): string {
  try {
    normalizeOptions(options as TokenSourceOptions);
  } catch (e) {
    expect(e).toBeInstanceOf(TypeError);
    return (e as Error).message;
  }
  throw new Error("expected a TypeError");
}

describe("normalizeOptions", () => {
  it("fills the defaults", () => {
    const options = normalizeOptions(base);
    expect(options.clientAuth).toBe("basic");
    expect(options.refreshSkewSeconds).toBe(60);
    expect(options.insecure).toBe(false);
    expect(options.tokenUrl.href).toBe("https://alteryx.example.com/webapi/oauth2/token");
    expect(options.clientSecret.reveal()).toBe("secret");
    expect(Object.isFrozen(options)).toBe(true);
  });

  it("accepts a URL object, keeps the query for the request and shows origin and path only", () => {
    const options = normalizeOptions({
      ...base,
      tokenUrl: new URL("https://h.example.com/webapi/oauth2/token?tenant=a#frag"),
    });
    expect(options.tokenUrl.href).toBe("https://h.example.com/webapi/oauth2/token?tenant=a");
    expect(options.tokenUrlForDisplay).toBe("https://h.example.com/webapi/oauth2/token");
  });

  it.each([
    "http://127.0.0.1:8080/webapi/oauth2/token",
    "http://127.1.2.3/webapi/oauth2/token",
    "http://localhost:3000/webapi/oauth2/token",
    "http://app.localhost/webapi/oauth2/token",
    "http://[::1]:3000/webapi/oauth2/token",
  ])("allows plain http on the loopback host of %s", (tokenUrl) => {
    expect(normalizeOptions({ ...base, tokenUrl }).insecure).toBe(true);
  });

  it("allows plain http elsewhere only with allowInsecureHttp", () => {
    const tokenUrl = "http://alteryx.corp/webapi/oauth2/token";
    expect(error({ ...base, tokenUrl })).toBe(
      'tokenUrl "http://alteryx.corp/webapi/oauth2/token" is plain http: the API secret and the token would cross the network unencrypted. Use https://, or set allowInsecureHttp: true for a server without TLS on a network you trust',
    );
    // Look-alikes of loopback are not loopback.
    expect(error({ ...base, tokenUrl: "http://127.0.0.1.example.com/t" })).toContain("plain http");
    expect(error({ ...base, tokenUrl: "http://localhost.example.com/t" })).toContain("plain http");
    expect(normalizeOptions({ ...base, tokenUrl, allowInsecureHttp: true }).insecure).toBe(true);
  });

  it.each<[string, Record<string, unknown>, string]>([
    [
      "no tokenUrl",
      { tokenUrl: undefined },
      "tokenUrl is required: the server's token endpoint, https://<host>/webapi/oauth2/token",
    ],
    [
      "relative tokenUrl",
      { tokenUrl: "/webapi/oauth2/token" },
      'tokenUrl "/webapi/oauth2/token" is not an absolute URL: pass the full URL including scheme and host, https://<host>/webapi/oauth2/token',
    ],
    [
      "host without scheme",
      { tokenUrl: "alteryx.example.com/webapi/oauth2/token" },
      "is not an absolute URL",
    ],
    [
      "ftp tokenUrl",
      { tokenUrl: "ftp://h/token" },
      'tokenUrl must be an https: URL (https://<host>/webapi/oauth2/token), got "ftp:"',
    ],
    [
      "tokenUrl with credentials",
      { tokenUrl: "https://key:pw@h/token" },
      "tokenUrl must not contain a user name or password (user:pass@host): pass clientId and clientSecret instead",
    ],
    ["tokenUrl a number", { tokenUrl: 42 }, "tokenUrl must be a string or a URL, got number"],
    [
      "empty clientId",
      { clientId: "" },
      "clientId is empty: pass the API Access Key (My Profile > Keys on the server)",
    ],
    [
      "missing clientSecret",
      { clientSecret: undefined },
      "clientSecret is missing: pass the API Access Secret shown next to the key",
    ],
    ["clientId a number", { clientId: 12 }, "clientId must be a string, got number"],
    [
      "clientId with a space",
      { clientId: " key" },
      'clientId has leading or trailing whitespace (often a pasted newline or space); remove it from " key"',
    ],
    [
      "secret with a newline",
      { clientSecret: "secret\n" },
      "clientSecret has leading or trailing whitespace (often a pasted newline or space); remove it",
    ],
    [
      "lone surrogate",
      { clientSecret: "a\uD800b" },
      "clientSecret contains a lone UTF-16 surrogate",
    ],
    [
      "clientAuth Basic",
      { clientAuth: "Basic" },
      'clientAuth must be "basic" or "post", got "Basic": "basic" is HTTP Basic (the default), "post" sends client_id and client_secret form fields (did you mean "basic"?)',
    ],
    ["clientAuth pots", { clientAuth: "pots" }, '(did you mean "post"?)'],
    [
      "clientAuth header",
      { clientAuth: "client_secret_jwt" },
      'clientAuth must be "basic" or "post", got "client_secret_jwt": "basic" is HTTP Basic',
    ],
    [
      "negative skew",
      { refreshSkewSeconds: -1 },
      "refreshSkewSeconds must be a finite number of seconds, 0 or more (default 60), got -1",
    ],
    ["NaN skew", { refreshSkewSeconds: Number.NaN }, "got NaN"],
    ["string skew", { refreshSkewSeconds: "60" }, 'got "60"'],
    ["fetch not a function", { fetch: {} }, "fetch must be a function, got object"],
    ["dispatcher a string", { dispatcher: "proxy" }, 'dispatcher must be an object, got "proxy"'],
    [
      "allowInsecureHttp a string",
      { allowInsecureHttp: "yes" },
      'allowInsecureHttp must be a boolean, got "yes"',
    ],
    [
      "tokenURL typo",
      { tokenURL: "x" },
      'Unknown option "tokenURL" (did you mean "tokenUrl"?): the options are tokenUrl, clientId, clientSecret, clientAuth, refreshSkewSeconds, fetch, dispatcher, allowInsecureHttp',
    ],
    ["refreshSkew typo", { refreshSkew: 30 }, '(did you mean "refreshSkewSeconds"?)'],
    [
      "OAuth1 name",
      { consumerKey: "k" },
      'Unknown option "consumerKey" (did you mean "clientId"?)',
    ],
    [
      "wire name",
      { client_secret: "s" },
      'Unknown option "client_secret" (did you mean "clientSecret"?)',
    ],
    ["unrelated name", { verbose: true }, 'Unknown option "verbose": the options are'],
  ])("%s", (_name, change, message) => {
    expect(error({ ...base, ...change })).toContain(message);
  });

  it("names an unknown option set to undefined no more than a missing one", () => {
    expect(() => normalizeOptions({ ...base, extra: undefined } as never)).not.toThrow();
  });

  it("refuses a missing options object", () => {
    expect(error(undefined)).toBe(
      "Token source options are required: { tokenUrl, clientId, clientSecret }",
    );
    expect(error(null)).toContain("are required");
  });
});
