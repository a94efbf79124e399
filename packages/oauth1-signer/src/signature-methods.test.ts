import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it, vi } from "vitest";
import { Secret } from "./secret.js";
import { createSignFunction, type SignatureKeys } from "./signature-methods.js";
import { createSigner } from "./signer.js";

const keys = (consumerSecret: string, tokenSecret: string, crypto: "node" | "webcrypto") =>
  ({
    signatureMethod: "HMAC-SHA1",
    consumerSecret: new Secret(consumerSecret),
    tokenSecret: new Secret(tokenSecret),
    privateKey: undefined,
    crypto,
  }) satisfies SignatureKeys;

afterEach(() => {
  vi.restoreAllMocks();
});

describe("HMAC-SHA1 primitives (shared/reference/oauth1-rfc5849.md), through the sign function", () => {
  it.each(["node", "webcrypto"] as const)(
    'key "cs&", text "bs" gives egQqG5AJep5sJ7anhXju1unge2I= via %s',
    async (crypto) => {
      const sign = await createSignFunction(keys("cs", "", crypto));
      expect(await sign("bs")).toBe("egQqG5AJep5sJ7anhXju1unge2I=");
    },
  );
  it.each(["node", "webcrypto"] as const)(
    'key "cs&ts", text "bs" gives VZVjXceV7JgPq/dOTnNmEfO0Fv8= via %s',
    async (crypto) => {
      const sign = await createSignFunction(keys("cs", "ts", crypto));
      expect(await sign("bs")).toBe("VZVjXceV7JgPq/dOTnNmEfO0Fv8=");
    },
  );
  it("node:crypto signs synchronously (no promise per request), WebCrypto asynchronously", async () => {
    const node = await createSignFunction(keys("cs", "", "node"));
    expect(typeof node("bs")).toBe("string");
    const web = await createSignFunction(keys("cs", "", "webcrypto"));
    expect(web("bs")).toBeInstanceOf(Promise);
  });
});

/** An RSA-SHA1 signer on WebCrypto with the test-only key. */
function webCryptoRsaSigner() {
  const privateKey = readFileSync(
    new URL("../test/fixtures/rsa-sha1-test-only.pem", import.meta.url),
    "utf8",
  );
  return createSigner({
    consumerKey: "k",
    consumerSecret: "",
    signatureMethod: "RSA-SHA1",
    privateKey,
    crypto: "webcrypto",
  });
}

describe("WebCrypto keys are imported once per signer, not per request", () => {
  it("HMAC: one importKey for many requests of one signer, one more for another signer", async () => {
    const importKey = vi.spyOn(globalThis.crypto.subtle, "importKey");
    const sign = vi.spyOn(globalThis.crypto.subtle, "sign");
    const signer = createSigner({ consumerKey: "k", consumerSecret: "s", crypto: "webcrypto" });
    // Concurrent first calls share the one import too.
    await Promise.all(
      Array.from({ length: 10 }, () => signer.authorize({ method: "GET", url: "https://e.com/" })),
    );
    for (let i = 0; i < 10; i++) await signer.sign(new Request(`https://e.com/?page=${i}`));
    expect(sign).toHaveBeenCalledTimes(20);
    expect(importKey).toHaveBeenCalledTimes(1);
    const other = createSigner({ consumerKey: "k", consumerSecret: "t", crypto: "webcrypto" });
    await other.authorize({ method: "GET", url: "https://e.com/" });
    await other.authorize({ method: "GET", url: "https://e.com/" });
    expect(importKey).toHaveBeenCalledTimes(2);
  });

  it("RSA-SHA1: the PKCS#8 key is imported once", async () => {
    const importKey = vi.spyOn(globalThis.crypto.subtle, "importKey");
    const signer = webCryptoRsaSigner();
    for (let i = 0; i < 5; i++) await signer.authorize({ method: "GET", url: "https://e.com/" });
    expect(importKey).toHaveBeenCalledTimes(1);
    expect(importKey.mock.calls[0]?.[0]).toBe("pkcs8");
  });
});

describe("RSA-SHA1 without WebCrypto", () => {
  it("says WebCrypto is missing rather than blaming the key", async () => {
    const signer = webCryptoRsaSigner();
    // A runtime whose crypto has getRandomValues (for nonces) but no subtle.
    const real = globalThis.crypto;
    vi.stubGlobal("crypto", { getRandomValues: real.getRandomValues.bind(real) });
    try {
      await expect(signer.authorize({ method: "GET", url: "https://e.com/" })).rejects.toThrow(
        /WebCrypto \(globalThis\.crypto\.subtle\) is not available/,
      );
    } finally {
      vi.unstubAllGlobals();
    }
    // With WebCrypto back, the same signer signs.
    await expect(signer.authorize({ method: "GET", url: "https://e.com/" })).resolves.toBeDefined();
  });
});
