import { describe, expect, it } from "vitest";
import { type AdminClientOptions, normalizeOptions, normalizeServerOptions } from "./options.js";

const SECRET = "s3cr3t-value-never-shown";
const creds = { consumerKey: "key", consumerSecret: SECRET };
const WEBAPI_V1 = "https://alteryx.example.com/webapi/admin/v1";
const GALLERY_V1 = "https://alteryx.example.com/gallery/api/admin/v1";

/** The normalized options of an OAuth2 client; fails the test for an OAuth1 one. */
function oauth2(options: AdminClientOptions) {
  const o = normalizeOptions(options);
  if (o.auth !== "oauth2") throw new Error(`expected an OAuth2 client, got ${o.auth}`);
  return o;
}

function messageOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error("expected a throw");
}

describe("createAdminClient's scheme", () => {
  it("follows the base URL: /webapi/ is OAuth2, /gallery/api/ and other paths OAuth1", () => {
    const bearer = normalizeOptions({ baseUrl: WEBAPI_V1, ...creds });
    expect(bearer.auth).toBe("oauth2");
    expect(oauth2({ baseUrl: WEBAPI_V1, ...creds }).tokenUrl).toBe(
      "https://alteryx.example.com/webapi/oauth2/token",
    );
    expect(normalizeOptions({ baseUrl: GALLERY_V1, ...creds }).auth).toBe("oauth1");
    expect("tokenUrl" in normalizeOptions({ baseUrl: GALLERY_V1, ...creds })).toBe(false);
    const proxied = "https://proxy.example.com/alteryx/api/admin/v1";
    expect(normalizeOptions({ baseUrl: proxied, ...creds }).auth).toBe("oauth1");
    const told = oauth2({ baseUrl: proxied, auth: "oauth2", ...creds });
    expect(told.tokenUrl).toBe("https://proxy.example.com/webapi/oauth2/token");
  });

  it("keeps a path prefix in front of /webapi for the token URL, and takes a given one", () => {
    const prefixed = oauth2({
      baseUrl: "https://h.example.com/alteryx/webapi/admin/v1",
      ...creds,
    });
    expect(prefixed.tokenUrl).toBe("https://h.example.com/alteryx/webapi/oauth2/token");
    const given = oauth2({
      baseUrl: WEBAPI_V1,
      tokenUrl: new URL("https://login.example.com/token"),
      ...creds,
    });
    expect(given.tokenUrl).toBe("https://login.example.com/token");
  });

  it("refuses a base URL that contradicts auth, with the URL to use", () => {
    expect(
      messageOf(() => normalizeOptions({ baseUrl: WEBAPI_V1, auth: "oauth1", ...creds })),
    ).toMatch(/under \/webapi\/.*OAuth2.*https:\/\/alteryx\.example\.com\/gallery\/api\/admin\/v1/);
    expect(
      messageOf(() => normalizeOptions({ baseUrl: GALLERY_V1, auth: "oauth2", ...creds })),
    ).toMatch(/under \/gallery\/api\/.*https:\/\/alteryx\.example\.com\/webapi\/admin\/v1/);
    expect(() =>
      normalizeOptions({ baseUrl: WEBAPI_V1, auth: "bearer" as "oauth2", ...creds }),
    ).toThrow(/auth must be "oauth1" or "oauth2", got "bearer"/);
  });

  it("refuses the other scheme's options", () => {
    expect(() => normalizeOptions({ baseUrl: WEBAPI_V1, placement: "query", ...creds })).toThrow(
      /placement is an OAuth1 option.*OAuth2/,
    );
    expect(() => normalizeOptions({ baseUrl: WEBAPI_V1, clockOffsetSeconds: 3, ...creds })).toThrow(
      /clockOffsetSeconds is an OAuth1 option/,
    );
    expect(() =>
      normalizeOptions({ baseUrl: GALLERY_V1, tokenUrl: "https://x.example.com/t", ...creds }),
    ).toThrow(/tokenUrl is an OAuth2 option.*OAuth1/);
    expect(() => normalizeOptions({ baseUrl: GALLERY_V1, clientAuth: "post", ...creds })).toThrow(
      /clientAuth is an OAuth2 option/,
    );
    // The token source made from the options has them (and checks them): "basic" by default.
    expect(
      JSON.parse(JSON.stringify(oauth2({ baseUrl: WEBAPI_V1, ...creds }).tokenSource)),
    ).toEqual({
      tokenUrl: "https://alteryx.example.com/webapi/oauth2/token",
      clientId: "key",
      clientSecret: "[redacted]",
      clientAuth: "basic",
      refreshSkewSeconds: 60,
    });
    expect(() =>
      normalizeOptions({ baseUrl: WEBAPI_V1, clientAuth: "form" as "post", ...creds }),
    ).toThrow(/clientAuth must be "basic" or "post", got "form"/);
  });

  it("allows plain http for the bearer token only on loopback hosts, or when told", () => {
    expect(normalizeOptions({ baseUrl: "http://127.0.0.1:9/webapi/admin/v1", ...creds }).auth).toBe(
      "oauth2",
    );
    expect(normalizeOptions({ baseUrl: "http://localhost:9/webapi/admin/v1", ...creds }).auth).toBe(
      "oauth2",
    );
    const lan = "http://alteryx.lan/webapi/admin/v1";
    expect(() => normalizeOptions({ baseUrl: lan, ...creds })).toThrow(
      /plain http.*allowInsecureHttp: true/,
    );
    expect(oauth2({ baseUrl: lan, allowInsecureHttp: true, ...creds }).allowInsecureHttp).toBe(
      true,
    );
    // OAuth1 signs, it sends no secret: http is the caller's business there, as before.
    expect(
      normalizeOptions({ baseUrl: "http://alteryx.lan/gallery/api/admin/v1", ...creds }).auth,
    ).toBe("oauth1");
  });

  it("never shows the secret in a message", () => {
    for (const bad of [
      { baseUrl: WEBAPI_V1, auth: "oauth1" as const },
      { baseUrl: "http://alteryx.lan/webapi/admin/v1" },
      { baseUrl: WEBAPI_V1, placement: "query" as const },
    ]) {
      expect(messageOf(() => normalizeOptions({ ...bad, ...creds }))).not.toContain(SECRET);
    }
  });
});

describe("the tokenSource option", () => {
  const source = { getToken: async () => "t", invalidate: () => {} };

  it("is the source both clients' requests get their token from", () => {
    expect(oauth2({ baseUrl: WEBAPI_V1, tokenSource: source, ...creds }).tokenSource).toBe(source);
    const server = normalizeServerOptions({
      baseUrl: "https://alteryx.example.com/webapi",
      tokenSource: source,
      ...creds,
    });
    expect(server.tokenSource).toBe(source);
    expect(server.tokenUrl).toBeUndefined();
  });

  it("refuses the token source's own settings beside it, and OAuth1", () => {
    expect(() =>
      normalizeOptions({
        baseUrl: WEBAPI_V1,
        tokenSource: source,
        tokenUrl: "https://alteryx.example.com/webapi/oauth2/token",
        ...creds,
      }),
    ).toThrow(/tokenUrl cannot be given with tokenSource.*remove tokenUrl/);
    expect(() =>
      normalizeOptions({ baseUrl: WEBAPI_V1, tokenSource: source, clientAuth: "post", ...creds }),
    ).toThrow(/clientAuth cannot be given with tokenSource/);
    expect(() => normalizeOptions({ baseUrl: GALLERY_V1, tokenSource: source, ...creds })).toThrow(
      /tokenSource is an OAuth2 option.*OAuth1/,
    );
  });

  it("says what a token source is when given something else", () => {
    expect(() =>
      normalizeOptions({ baseUrl: WEBAPI_V1, tokenSource: "token" as never, ...creds }),
    ).toThrow(
      /tokenSource must be a token source such as another client's tokenSource.*got string/,
    );
    expect(() =>
      normalizeOptions({ baseUrl: WEBAPI_V1, tokenSource: { getToken() {} } as never, ...creds }),
    ).toThrow(/tokenSource must be a token source.*got object/);
  });
});

describe("createServerClient's options", () => {
  it("takes the /webapi root with or without a trailing slash", () => {
    for (const baseUrl of ["https://h.example.com/webapi", "https://h.example.com/webapi/"]) {
      const o = normalizeServerOptions({ baseUrl, ...creds });
      expect(o.baseUrl).toBe("https://h.example.com/webapi");
      expect(o.tokenUrl).toBe("https://h.example.com/webapi/oauth2/token");
    }
  });

  it("says that the paths already start with /v3 when the base ends in /v3", () => {
    expect(() =>
      normalizeServerOptions({ baseUrl: "https://h.example.com/webapi/v3", ...creds }),
    ).toThrow(/already start with \/v3.*pass https:\/\/h\.example\.com\/webapi$/);
    expect(() =>
      normalizeServerOptions({ baseUrl: "https://h.example.com/webapi/v3/users", ...creds }),
    ).toThrow(/already start with \/v3/);
  });

  it("points an Admin v1 /webapi base to createAdminClient", () => {
    expect(() =>
      normalizeServerOptions({ baseUrl: "https://h.example.com/webapi/admin/v1", ...creds }),
    ).toThrow(
      /Admin API v1 base, which createAdminClient\(\) takes; pass https:\/\/h\.example\.com\/webapi$/,
    );
  });

  it("refuses an OAuth1 /gallery/api base: v3 needs /webapi", () => {
    expect(() =>
      normalizeServerOptions({ baseUrl: "https://h.example.com/gallery/api/admin/v1", ...creds }),
    ).toThrow(/OAuth1 \/gallery\/api base.*v3.*\/webapi.*pass https:\/\/h\.example\.com\/webapi/);
  });

  it("suggests /webapi for a server root, and refuses OAuth1 options", () => {
    expect(() => normalizeServerOptions({ baseUrl: "https://h.example.com", ...creds })).toThrow(
      /pass https:\/\/h\.example\.com\/webapi/,
    );
    expect(() =>
      normalizeServerOptions({
        baseUrl: "https://h.example.com/webapi",
        auth: "oauth1",
        ...creds,
      } as never),
    ).toThrow(/does not take "auth".*OAuth2/);
    expect(() =>
      normalizeServerOptions({
        baseUrl: "https://h.example.com/webapi",
        tokenUrll: "x",
        ...creds,
      } as never),
    ).toThrow(/did you mean "tokenUrl"/);
  });
});
