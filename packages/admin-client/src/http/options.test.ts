import { describe, expect, it } from "vitest";
import { BASE, SECRET } from "../../test/fake-fetch.js";
import { normalizeBaseUrl, normalizeOptions } from "./options.js";

const valid = { baseUrl: BASE, consumerKey: "key", consumerSecret: SECRET };

describe("normalizeBaseUrl", () => {
  it("accepts the API root and removes trailing slashes", () => {
    expect(normalizeBaseUrl(BASE)).toBe(BASE);
    expect(normalizeBaseUrl(`${BASE}/`)).toBe(BASE);
    expect(normalizeBaseUrl(`${BASE}//`)).toBe(BASE);
    expect(normalizeBaseUrl("http://127.0.0.1:8080/gallery/api/admin/v1")).toBe(
      "http://127.0.0.1:8080/gallery/api/admin/v1",
    );
  });

  it("drops the default port", () => {
    expect(normalizeBaseUrl("https://g.example.com:443/gallery/api/admin/v1")).toBe(
      "https://g.example.com/gallery/api/admin/v1",
    );
  });

  it("says how to write a URL without a scheme", () => {
    expect(() => normalizeBaseUrl("gallery.example.com/gallery/api/admin/v1")).toThrow(
      /has no scheme.*https:\/\/gallery\.example\.com\/gallery\/api\/admin\/v1/,
    );
  });

  it("rejects other schemes", () => {
    expect(() => normalizeBaseUrl("ftp://g.example.com/gallery/api/admin/v1")).toThrow(
      /http or https, not "ftp"/,
    );
  });

  it("suggests the API root for a server or gallery address", () => {
    expect(() => normalizeBaseUrl("https://g.example.com")).toThrow(
      /should look like https:\/\/g\.example\.com\/webapi\/admin\/v1/,
    );
    expect(() => normalizeBaseUrl("https://g.example.com/gallery/")).toThrow(
      /should look like https:\/\/g\.example\.com\/gallery\/api\/admin\/v1/,
    );
  });

  it("suggests the root when an endpoint is included", () => {
    expect(() => normalizeBaseUrl(`${BASE}/users/`)).toThrow(
      /pass only the root: https:\/\/gallery\.example\.com\/gallery\/api\/admin\/v1$/,
    );
  });

  it("takes the OAuth2 /webapi base, and explains the v3 base and the other Gallery APIs", () => {
    expect(normalizeBaseUrl("https://g.example.com/webapi/admin/v1/")).toBe(
      "https://g.example.com/webapi/admin/v1",
    );
    expect(() => normalizeBaseUrl("https://g.example.com/webapi/admin/v1/users/")).toThrow(
      /pass only the root: https:\/\/g\.example\.com\/webapi\/admin\/v1$/,
    );
    expect(() => normalizeBaseUrl("https://g.example.com/webapi/v3")).toThrow(
      /createServerClient\(\).*https:\/\/g\.example\.com\/webapi\/admin\/v1/,
    );
    expect(() => normalizeBaseUrl("https://g.example.com/gallery/api/v1")).toThrow(
      /another Gallery API.*https:\/\/g\.example\.com\/gallery\/api\/admin\/v1/,
    );
  });

  it("rejects a query without echoing it, and credentials in the URL", () => {
    let message = "";
    try {
      normalizeBaseUrl(`${BASE}?oauth_signature=abc`);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/must not have a query string/);
    expect(message).not.toContain("abc");
    expect(() => normalizeBaseUrl("https://u:p@g.example.com/gallery/api/admin/v1")).toThrow(
      /user name or password/,
    );
  });

  it("rejects empty, non-string and padded values", () => {
    expect(() => normalizeBaseUrl("")).toThrow(/empty string/);
    expect(() => normalizeBaseUrl(undefined)).toThrow(/got undefined/);
    expect(() => normalizeBaseUrl(` ${BASE}`)).toThrow(/whitespace/);
  });
});

describe("normalizeOptions", () => {
  it("fills in the defaults", () => {
    const o = normalizeOptions(valid);
    expect(o.auth === "oauth1" && o.placement).toBe("header");
    expect(o.dispatcher).toBeUndefined();
    expect(o.timeoutMs).toBe(30_000);
    expect(o.retry).toMatchObject({ attempts: 3, minDelayMs: 250, maxDelayMs: 10_000 });
    expect(normalizeOptions({ ...valid, retry: false }).retry.attempts).toBe(1);
  });

  it("reports surrounding whitespace in a credential without echoing it", () => {
    let message = "";
    try {
      normalizeOptions({ ...valid, consumerSecret: `${SECRET}\n` });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/consumerSecret has leading or trailing whitespace/);
    expect(message).not.toContain(SECRET);
    expect(() => normalizeOptions({ ...valid, consumerKey: " key" })).toThrow(
      /consumerKey has leading or trailing whitespace/,
    );
  });

  it("rejects empty or missing credentials", () => {
    expect(() => normalizeOptions({ ...valid, consumerKey: "" })).toThrow(/consumerKey is empty/);
    expect(() =>
      normalizeOptions({ ...valid, consumerSecret: undefined as unknown as string }),
    ).toThrow(/consumerSecret must be a string/);
  });

  it("suggests the right name for an unknown option", () => {
    expect(() => normalizeOptions({ ...valid, timeoutMS: 5 } as unknown as typeof valid)).toThrow(
      /Unknown createAdminClient\(\) option "timeoutMS" \(did you mean "timeoutMs"\?\)/,
    );
    expect(() => normalizeOptions({ ...valid, retry: { atempts: 2 } as never })).toThrow(
      /Unknown retry option "atempts" \(did you mean "attempts"\?\)/,
    );
  });

  it("validates numbers and the placement", () => {
    expect(() => normalizeOptions({ ...valid, timeoutMs: 0 })).toThrow(/timeoutMs must be/);
    expect(normalizeOptions({ ...valid, timeoutMs: Number.POSITIVE_INFINITY }).timeoutMs).toBe(
      Number.POSITIVE_INFINITY,
    );
    expect(() => normalizeOptions({ ...valid, retry: { attempts: 0 } })).toThrow(
      /retry.attempts must be an integer >= 1/,
    );
    expect(() => normalizeOptions({ ...valid, retry: { minDelayMs: 50, maxDelayMs: 10 } })).toThrow(
      /maxDelayMs \(10\) must not be smaller than retry.minDelayMs \(50\)/,
    );
    expect(() => normalizeOptions({ ...valid, placement: "body" as never })).toThrow(
      /placement must be "header" or "query", got "body"/,
    );
    expect(() => normalizeOptions({ ...valid, clockOffsetSeconds: Number.NaN })).toThrow(
      /clockOffsetSeconds/,
    );
  });

  it("takes a timeout longer than a timer can wait for none, and refuses such retry delays", () => {
    // setTimeout would fire after 1 ms: every attempt would time out at once.
    expect(normalizeOptions({ ...valid, timeoutMs: 30 * 86_400_000 }).timeoutMs).toBe(
      Number.POSITIVE_INFINITY,
    );
    expect(normalizeOptions({ ...valid, timeoutMs: 2_147_483_647 }).timeoutMs).toBe(2_147_483_647);
    expect(() => normalizeOptions({ ...valid, retry: { maxDelayMs: 2 ** 31 } })).toThrow(
      /retry delays must be at most 2147483647 ms/,
    );
  });

  it("validates the dispatcher, and says the transport option is gone", () => {
    const agent = { dispatch: () => true };
    expect(normalizeOptions({ ...valid, dispatcher: agent }).dispatcher).toBe(agent);
    expect(() => normalizeOptions({ ...valid, dispatcher: "proxy" as never })).toThrow(
      /dispatcher must be an undici dispatcher such as new Agent\(\{ connect: \{ ca \} \}\).*got string/,
    );
    expect(() => normalizeOptions({ ...valid, dispatchr: agent } as never)).toThrow(
      /did you mean "dispatcher"/,
    );
    expect(() => normalizeOptions({ ...valid, transport: "fetch" } as never)).toThrow(
      /Unknown createAdminClient\(\) option "transport"/,
    );
  });

  it("adds the user agent to the headers", () => {
    const o = normalizeOptions({ ...valid, headers: { "x-a": "1" }, userAgent: "my-script/1.0" });
    expect(o.headers.get("x-a")).toBe("1");
    expect(o.headers.get("user-agent")).toBe("my-script/1.0");
  });
});
