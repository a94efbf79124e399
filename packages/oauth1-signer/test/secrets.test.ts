/**
 * Secrets never leak: sentinel values must not appear in inspect output, JSON, string
 * conversion or any error message of the signer, its options or the middleware.
 */
import { inspect } from "node:util";
import createClient from "openapi-fetch";
import { describe, expect, it } from "vitest";
import { createSigner, oauth1Middleware } from "../src/index.js";
import { normalizeOptions } from "../src/options.js";

const CONSUMER_SECRET = "SENTINEL-CONSUMER-SECRET-7f3a";
const TOKEN_SECRET = "SENTINEL-TOKEN-SECRET-91bc";
const SENTINELS = [CONSUMER_SECRET, TOKEN_SECRET, "SENTINEL"];
const options = {
  consumerKey: "public-key",
  consumerSecret: CONSUMER_SECRET,
  token: "public-token",
  tokenSecret: TOKEN_SECRET,
};

function expectClean(text: string): void {
  for (const sentinel of SENTINELS) expect(text).not.toContain(sentinel);
}

async function errorText(action: () => unknown): Promise<string> {
  try {
    await action();
  } catch (error) {
    const e = error as Error & { cause?: unknown };
    return `${e.message}\n${e.stack ?? ""}\n${inspect(e, { depth: 5 })}\n${String(e.cause ?? "")}`;
  }
  throw new Error("expected the action to throw");
}

describe("secrets never leak", () => {
  it("not in util.inspect, JSON.stringify or String of a signer", () => {
    const signer = createSigner(options);
    const shown = inspect(signer, { depth: 10, showHidden: true });
    expectClean(shown);
    expect(shown).toContain("public-key");
    expectClean(JSON.stringify(signer));
    expectClean(String(signer));
    expectClean(`${JSON.stringify({ signer })}`);
  });

  it("not in util.inspect or JSON of the normalized options", () => {
    const normalized = normalizeOptions(options);
    const shown = inspect(normalized, { depth: 10, showHidden: true });
    expectClean(shown);
    expect(shown).toContain("[redacted]");
    expectClean(JSON.stringify(normalized));
    expectClean(`${normalized.consumerSecret}`);
    expectClean(inspect(normalized.consumerSecret, { showHidden: true }));
    expectClean(JSON.stringify(Object.entries(normalized)));
  });

  it("not in the middleware object", () => {
    const middleware = oauth1Middleware(options);
    expectClean(inspect(middleware, { depth: 10, showHidden: true }));
    expectClean(JSON.stringify(middleware));
  });

  it("an Authorization shows its signature redacted when logged, and keeps it in its fields", async () => {
    for (const signatureMethod of ["HMAC-SHA1", "PLAINTEXT"] as const) {
      const auth = await createSigner({
        ...options,
        signatureMethod,
        placement: "query",
      }).authorize({
        method: "GET",
        url: "https://e.com/users/?q=a%26b",
      });
      const shown = [
        inspect(auth, { depth: 10 }),
        JSON.stringify(auth),
        inspect(auth.oauthParameters),
        JSON.stringify(auth.oauthParameters),
      ];
      for (const text of shown) {
        expectClean(text);
        expect(text).not.toContain(auth.signature);
        expect(text).not.toContain(encodeURIComponent(auth.signature));
        expect(text).toContain("[redacted]");
      }
      expect(JSON.stringify(auth)).toContain(JSON.stringify(auth.baseString));
      expect(JSON.parse(JSON.stringify(auth)).url).toContain("q=a%26b");
      expect(auth.header).toContain(`oauth_signature="${encodeURIComponent(auth.signature)}"`);
      expect(auth.oauthParameters.oauth_signature).toBe(auth.signature);
      expect(Object.keys(auth.oauthParameters)).toContain("oauth_signature");
    }
  });

  it("not in option errors (whitespace, bad method, RSA without key)", async () => {
    expectClean(
      await errorText(() => createSigner({ ...options, consumerSecret: ` ${CONSUMER_SECRET}` })),
    );
    expectClean(
      await errorText(() => createSigner({ ...options, tokenSecret: `${TOKEN_SECRET}\n` })),
    );
    expectClean(await errorText(() => createSigner({ ...options, signatureMethod: "X" as never })));
    expectClean(await errorText(() => createSigner({ ...options, signatureMethod: "RSA-SHA1" })));
    expectClean(
      await errorText(() =>
        createSigner({ ...options, consumerSecret: `${CONSUMER_SECRET}\uD800` }),
      ),
    );
  });

  it("not in errors thrown while signing or from the middleware", async () => {
    const signer = createSigner(options);
    expectClean(await errorText(() => signer.authorize({ method: "GET", url: "/relative" })));
    expectClean(
      await errorText(() => signer.authorize({ method: "GET", url: "http://e.com/?a=%zz" })),
    );
    const middleware = oauth1Middleware({ ...options, nonce: () => "" });
    expectClean(
      await errorText(() => middleware.onRequest({ request: new Request("http://e.com/") })),
    );
  });

  it("not in what an openapi-fetch client rejects with when the middleware throws", async () => {
    const client = createClient({ baseUrl: "http://127.0.0.1:9/api" });
    client.use(oauth1Middleware({ ...options, timestamp: () => Date.now() }));
    const text = await errorText(() => client.GET("/users/" as never));
    expect(text).toContain("looks like milliseconds");
    expectClean(text);
    const rsa = createClient({ baseUrl: "http://127.0.0.1:9/api" });
    rsa.use(
      oauth1Middleware({
        consumerKey: "k",
        consumerSecret: "",
        signatureMethod: "RSA-SHA1",
        privateKey: `-----BEGIN PRIVATE KEY-----\n${Buffer.from("SENTINEL-key").toString("base64")}\n-----END PRIVATE KEY-----\n`,
      }),
    );
    const rsaText = await errorText(() => rsa.GET("/users/" as never));
    expect(rsaText).toContain("privateKey could not be used for RSA-SHA1");
    expectClean(rsaText);
    expect(rsaText).not.toContain(Buffer.from("SENTINEL-key").toString("base64"));
  });

  it("not in errors of a broken RSA key", async () => {
    const pem = `-----BEGIN PRIVATE KEY-----\n${Buffer.from("SENTINEL-not-a-key").toString("base64")}\n-----END PRIVATE KEY-----\n`;
    for (const crypto of ["node", "webcrypto"] as const) {
      const signer = createSigner({
        consumerKey: "k",
        consumerSecret: "",
        signatureMethod: "RSA-SHA1",
        privateKey: pem,
        crypto,
      });
      const text = await errorText(() => signer.authorize({ method: "GET", url: "http://e.com/" }));
      expect(text).toContain("privateKey could not be used for RSA-SHA1");
      expectClean(text);
      expect(text).not.toContain(Buffer.from("SENTINEL-not-a-key").toString("base64"));
    }
  });
});
