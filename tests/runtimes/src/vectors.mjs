/**
 * The signer's published vectors, read from the one copy in the signer's tests
 * (packages/oauth1-signer/test/fixtures/signing-vectors.json, which its own tests sign too).
 * Each is signed with the runtime's default back end ("auto") and with WebCrypto, so a runtime
 * whose two paths disagree fails here.
 */
import { createSigner } from "@alteryx-admin/oauth1-signer";
import data from "../../../packages/oauth1-signer/test/fixtures/signing-vectors.json" with {
  type: "json",
};

/** The signer's options for a vector: fixed nonce and timestamp, the harness's RSA key. */
function optionsOf(vector, ctx) {
  const { nonce, timestamp, ...rest } = vector.options;
  // The harness reads the vector's key file (the only one there is) and passes it in the
  // context: Chromium and Deno here read no files.
  const key = vector.privateKeyFile === undefined ? {} : { privateKey: ctx.rsaPrivateKey };
  return { ...rest, ...key, nonce: () => nonce, timestamp: () => timestamp };
}

/** Signs a vector with one back end and checks the signature (and the header, when given). */
async function signVector(vector, ctx, crypto) {
  const auth = await createSigner({ ...optionsOf(vector, ctx), crypto }).authorize(vector.request);
  if (auth.signature !== vector.signature) {
    throw new Error(`${crypto}: expected ${vector.signature}, got ${auth.signature}`);
  }
  if (vector.header !== undefined && auth.header !== vector.header) {
    throw new Error(`${crypto}: expected the header ${vector.header}, got ${auth.header}`);
  }
}

/** One case per vector, each signed with "auto" and with "webcrypto". */
export const SIGNING_CASES = data.vectors.map((vector) => ({
  name: `signer: ${vector.name}`,
  async run(ctx) {
    await signVector(vector, ctx, "auto");
    await signVector(vector, ctx, "webcrypto");
  },
}));
