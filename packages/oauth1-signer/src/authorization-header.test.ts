import { describe, expect, it } from "vitest";
import { parseAuthorizationHeader } from "./authorization-header.js";
import { signatureBaseString } from "./base-string.js";
import { createSigner } from "./signer.js";

describe("parseAuthorizationHeader", () => {
  it("reads the RFC 5849 3.5.1 example, realm apart", () => {
    expect(
      parseAuthorizationHeader(
        'OAuth realm="Example",\n  oauth_consumer_key="0685bd9184jfhq22",\n  oauth_token="ad180jjd733klru7",\n  oauth_signature_method="HMAC-SHA1",\n  oauth_signature="wOJIO9A2W5mFwDgiDvZbTSMK%2FPY%3D",\n  oauth_timestamp="137131200",\n  oauth_nonce="4572616e48616d6d65724c61686176",\n  oauth_version="1.0"',
      ),
    ).toEqual({
      realm: "Example",
      parameters: [
        ["oauth_consumer_key", "0685bd9184jfhq22"],
        ["oauth_token", "ad180jjd733klru7"],
        ["oauth_signature_method", "HMAC-SHA1"],
        ["oauth_signature", "wOJIO9A2W5mFwDgiDvZbTSMK/PY="],
        ["oauth_timestamp", "137131200"],
        ["oauth_nonce", "4572616e48616d6d65724c61686176"],
        ["oauth_version", "1.0"],
      ],
    });
  });

  it("round-trips a header from this signer, and the pure steps rebuild its base string", async () => {
    const auth = await createSigner({
      consumerKey: "key with space",
      consumerSecret: "s",
      token: "t+t",
      tokenSecret: "ts",
      realm: "r",
    }).authorize({ method: "GET", url: "https://e.com/x?q=a+b" });
    const parsed = parseAuthorizationHeader(auth.header);
    expect(parsed.realm).toBe("r");
    expect(Object.fromEntries(parsed.parameters)).toEqual(auth.oauthParameters);
    expect(signatureBaseString("GET", "https://e.com/x?q=a+b", parsed.parameters)).toBe(
      auth.baseString,
    );
  });

  it("rejects other schemes and malformed headers without echoing them", () => {
    expect(() => parseAuthorizationHeader('Bearer abc="SECRET"')).toThrow(
      'The Authorization header does not use the OAuth scheme ("OAuth ...")',
    );
    expect(() => parseAuthorizationHeader('OAuth oauth_signature="SECRET" junk')).toThrow(
      /malformed at character \d+: expected name="value" pairs/,
    );
    expect(() => parseAuthorizationHeader('OAuth oauth_signature="SECRET" junk')).not.toThrow(
      /SECRET/,
    );
    expect(parseAuthorizationHeader("OAuth ")).toEqual({ parameters: [] });
  });
});
