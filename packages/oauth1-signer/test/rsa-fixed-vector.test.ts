/**
 * RSA-SHA1 against a fixed vector computed independently with the OpenSSL command line:
 *   openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:1024 -out rsa-sha1-test-only.pem
 *   printf '%s' "<base string below>" | openssl dgst -sha1 -sign rsa-sha1-test-only.pem | base64 -w0
 * The key is a throwaway generated for this test only.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { createSigner } from "../src/index.js";

const privateKey = readFileSync(
  new URL("./fixtures/rsa-sha1-test-only.pem", import.meta.url),
  "utf8",
);
const BASE_STRING =
  "GET&http%3A%2F%2Fphotos.example.net%2Fphotos&file%3Dvacation.jpg%26oauth_consumer_key%3Ddpf43f3p2l4k3l03%26oauth_nonce%3D13917289812797014437%26oauth_signature_method%3DRSA-SHA1%26oauth_timestamp%3D1196666512%26oauth_version%3D1.0%26size%3Doriginal";
const OPENSSL_SIGNATURE =
  "jCBaaGlkarprJKDVCR7g41qxT7m8ga76lcIsIUuJBRRpjk+VGnAaHJ/+BkAj2rQ8M509Xgla0cDjNjOr3utSd0VCLNaLkiH+St+SGnuVLpsrbHCSWV26R3EmsAXqXUMbmvD7J7SVax6KgihYMdBjpRUuFMi6cBENur9OBYDVr7M=";

describe("RSA-SHA1 fixed vector (OpenSSL CLI)", () => {
  it.each(["node", "webcrypto"] as const)(
    "matches the OpenSSL signature via %s",
    async (crypto) => {
      const auth = await createSigner({
        consumerKey: "dpf43f3p2l4k3l03",
        consumerSecret: "",
        signatureMethod: "RSA-SHA1",
        privateKey,
        crypto,
        nonce: () => "13917289812797014437",
        timestamp: () => 1196666512,
      }).authorize({
        method: "GET",
        url: "http://photos.example.net/photos?file=vacation.jpg&size=original",
      });
      expect(auth.baseString).toBe(BASE_STRING);
      expect(auth.signature).toBe(OPENSSL_SIGNATURE);
    },
  );
});
