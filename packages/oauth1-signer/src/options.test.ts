import { describe, expect, it } from "vitest";
import { normalizeOptions } from "./options.js";
import type { SignerOptions } from "./types.js";

const base = { consumerKey: "key", consumerSecret: "secret" };
const fails = (options: Partial<SignerOptions> & Record<string, unknown>) => () =>
  normalizeOptions(options as SignerOptions);

describe("normalizeOptions", () => {
  it("fills the defaults", () => {
    const o = normalizeOptions(base);
    expect(o).toMatchObject({
      consumerKey: "key",
      signatureMethod: "HMAC-SHA1",
      placement: "header",
      version: true,
      crypto: "auto",
      clockOffsetSeconds: 0,
      token: undefined,
    });
    expect(o.consumerSecret.reveal()).toBe("secret");
    expect(o.tokenSecret.reveal()).toBe("");
  });

  it("rejects a missing options object", () => {
    expect(() => normalizeOptions(undefined as unknown as SignerOptions)).toThrow(
      /options are required: \{ consumerKey, consumerSecret/,
    );
  });

  it("rejects an empty consumerKey and says where to find it", () => {
    expect(fails({ ...base, consumerKey: "" })).toThrow(/consumerKey is empty: pass the API key/);
    expect(fails({ consumerSecret: "s" })).toThrow(/consumerKey is empty/);
  });

  it.each([
    ["placment", "query", "placement"],
    ["consumer_key", "k", "consumerKey"],
    ["signature_method", "HMAC-SHA256", "signatureMethod"],
    ["tokenSecert", "x", "tokenSecret"],
    ["clockOffset", 30, "clockOffsetSeconds"],
  ])("rejects the unknown option %s and suggests %s", (name, value, hint) => {
    expect(fails({ ...base, [name]: value })).toThrow(
      `Unknown option "${name}" (did you mean "${hint}"?): the options are consumerKey, consumerSecret, token, tokenSecret, signatureMethod, privateKey, placement, realm, nonce, timestamp, clockOffsetSeconds, version, crypto`,
    );
  });

  it("rejects an unrelated unknown option without a guess and without echoing its value", () => {
    expect(fails({ ...base, baseUrl: "SENTINEL-VALUE" })).toThrow(/^Unknown option "baseUrl": /);
    expect(fails({ ...base, baseUrl: "SENTINEL-VALUE" })).not.toThrow(/SENTINEL/);
    // A key explicitly set to undefined (a spread of optional fields) is fine.
    expect(normalizeOptions({ ...base, ...{ extra: undefined } }).placement).toBe("header");
  });

  it("rejects a missing consumerSecret", () => {
    expect(fails({ consumerKey: "k" })).toThrow(/consumerSecret is missing/);
  });

  it("allows an empty consumerSecret (RFC 5849 allows empty secrets)", () => {
    expect(normalizeOptions({ consumerKey: "k", consumerSecret: "" }).consumerSecret.reveal()).toBe(
      "",
    );
  });

  it.each([
    ["consumerSecret", " secret"],
    ["consumerSecret", "secret\n"],
    ["tokenSecret", "ts\t"],
  ])("rejects %s with surrounding whitespace without echoing it", (field, value) => {
    const options = { ...base, token: "t", [field]: value };
    expect(fails(options)).toThrow(
      `${field} has leading or trailing whitespace (often a pasted newline or space); remove the leading/trailing whitespace`,
    );
    expect(fails(options)).not.toThrow(value.trim());
  });

  it("rejects a consumerKey with surrounding whitespace", () => {
    expect(fails({ ...base, consumerKey: "key " })).toThrow(
      /consumerKey has leading or trailing whitespace.*remove the leading\/trailing whitespace/,
    );
  });

  it("rejects a non-string secret", () => {
    expect(fails({ ...base, consumerSecret: 42 as unknown as string })).toThrow(
      "consumerSecret must be a string, got number",
    );
  });

  it("lists the valid signature methods and suggests the closest", () => {
    expect(fails({ ...base, signatureMethod: "HMAC-MD5" as never })).toThrow(
      'Invalid signatureMethod "HMAC-MD5": use one of "HMAC-SHA1", "HMAC-SHA256", "HMAC-SHA512", "PLAINTEXT", "RSA-SHA1"',
    );
    expect(fails({ ...base, signatureMethod: "hmac_sha1" as never })).toThrow(
      'did you mean "HMAC-SHA1"?',
    );
    expect(fails({ ...base, signatureMethod: "SHA256" as never })).toThrow(
      'did you mean "HMAC-SHA256"?',
    );
  });

  it("suggests the placement meant by a typo", () => {
    expect(fails({ ...base, placement: "headers" as never })).toThrow(
      'Invalid placement "headers": use one of "header", "query" (did you mean "header"?)',
    );
    expect(fails({ ...base, placement: "Query" as never })).toThrow('did you mean "query"?');
    expect(fails({ ...base, placement: "querystring" as never })).toThrow(
      'use one of "header", "query"',
    );
    expect(fails({ ...base, placement: "body" as never })).not.toThrow("did you mean");
  });

  it("requires a PKCS#8 privateKey for RSA-SHA1", () => {
    expect(fails({ ...base, signatureMethod: "RSA-SHA1" })).toThrow(
      'signatureMethod "RSA-SHA1" needs privateKey: a PKCS#8 PEM string',
    );
    expect(
      fails({
        ...base,
        signatureMethod: "RSA-SHA1",
        privateKey: "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n",
      }),
    ).toThrow(/PKCS#1 key.*openssl pkcs8 -topk8 -nocrypt/);
    expect(fails({ ...base, signatureMethod: "RSA-SHA1", privateKey: "not a key" })).toThrow(
      /privateKey must be a PKCS#8 PEM string/,
    );
  });

  it("rejects a privateKey for an HMAC method", () => {
    expect(fails({ ...base, privateKey: "-----BEGIN PRIVATE KEY-----" })).toThrow(
      /privateKey is only used by signatureMethod "RSA-SHA1"/,
    );
  });

  it("rejects a tokenSecret without token", () => {
    expect(fails({ ...base, tokenSecret: "ts" })).toThrow(
      /tokenSecret is set but token is not: pass both/,
    );
  });

  it("rejects bad realm, clock offset, version, nonce, timestamp and crypto values", () => {
    expect(fails({ ...base, realm: 'a"b' })).toThrow(
      /realm must be printable ASCII without quotes or backslashes/,
    );
    expect(fails({ ...base, realm: "Réalm" })).toThrow(/realm must be printable ASCII/);
    expect(fails({ ...base, clockOffsetSeconds: Number.NaN })).toThrow(
      /clockOffsetSeconds must be a finite number/,
    );
    expect(fails({ ...base, version: "1.0" as never })).toThrow(/version must be true or false/);
    expect(fails({ ...base, nonce: "abc" as never })).toThrow("nonce must be a function");
    expect(fails({ ...base, timestamp: 5 as never })).toThrow("timestamp must be a function");
    expect(fails({ ...base, crypto: "web" as never })).toThrow(/did you mean "webcrypto"/);
  });

  it("rejects a consumerKey with a lone surrogate, naming the option", () => {
    expect(fails({ ...base, consumerKey: "k\uD800" })).toThrow(
      /consumerKey contains a lone UTF-16 surrogate \(U\+D800 at index 1\)/,
    );
  });

  it("returns a frozen object", () => {
    expect(Object.isFrozen(normalizeOptions(base))).toBe(true);
  });
});
