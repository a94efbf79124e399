/**
 * The published vectors of test/fixtures/signing-vectors.json, signed with both back ends. The
 * same file drives tests/runtimes, which signs them in Node, Deno, Bun and Chromium: one copy of
 * the vectors, so a change to one is checked everywhere.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { createSigner, type SignerOptions } from "../src/index.js";
import data from "./fixtures/signing-vectors.json" with { type: "json" };

interface Vector {
  name: string;
  options: Omit<SignerOptions, "nonce" | "timestamp"> & { nonce: string; timestamp: number };
  privateKeyFile?: string;
  request: { method: string; url: string; body?: string; contentType?: string };
  signature: string;
  header?: string;
}

/** The signer's options for a vector: its fixed nonce and timestamp, its key file read. */
function optionsOf(vector: Vector): SignerOptions {
  const { nonce, timestamp, ...rest } = vector.options;
  const privateKey =
    vector.privateKeyFile === undefined
      ? {}
      : {
          privateKey: readFileSync(
            new URL(`./fixtures/${vector.privateKeyFile}`, import.meta.url),
            "utf8",
          ),
        };
  return {
    ...rest,
    ...privateKey,
    nonce: () => nonce,
    timestamp: () => timestamp,
  } as SignerOptions;
}

const vectors = data.vectors as Vector[];

describe("the published signing vectors (shared with tests/runtimes)", () => {
  it("holds the six published vectors", () => {
    expect(vectors.map((vector) => vector.name)).toHaveLength(6);
  });

  for (const vector of vectors) {
    it.each(["node", "webcrypto"] as const)(`${vector.name} via %s`, async (crypto) => {
      const auth = await createSigner({ ...optionsOf(vector), crypto }).authorize(vector.request);
      expect(auth.signature).toBe(vector.signature);
      if (vector.header !== undefined) expect(auth.header).toBe(vector.header);
    });
  }
});
