/**
 * The signature methods (RFC 5849 3.4.2-3.4.4 plus HMAC-SHA256/512). Two back ends give the same
 * bytes: node:crypto (synchronous, about twice as fast per call on Node) and WebCrypto (every
 * runtime). Keys are derived and imported once per signer, never per request.
 */
import { percentEncode } from "./percent-encode.js";
import type { Secret } from "./secret.js";
import type { SignatureMethod } from "./types.js";

/** Computes the base64 signature of a base string. @internal */
export type SignFunction = (baseString: string) => string | Promise<string>;

/** The subset of node:crypto used here, typed locally so no Node types leak into the API. */
interface NodeCrypto {
  createHmac(
    algorithm: string,
    key: Uint8Array,
  ): { update(data: string): { digest(encoding: "base64"): string } };
  createPrivateKey(pem: string): unknown;
  sign(algorithm: string, data: Uint8Array, key: unknown): { toString(encoding: "base64"): string };
}

let nodeCryptoLoading: Promise<NodeCrypto | null> | undefined;

/** True on Node (and runtimes that present themselves as Node: Bun, Deno). @internal */
export function isNode(): boolean {
  const process = (globalThis as { process?: { versions?: { node?: string } } }).process;
  return typeof process?.versions?.node === "string";
}

/**
 * Loads node:crypto once, when running on Node (also Bun and Deno, which provide it). The
 * specifier is a variable and the comments tell bundlers to leave the import alone, so browser
 * builds neither fail nor ship a polyfill.
 */
function loadNodeCrypto(): Promise<NodeCrypto | null> {
  if (nodeCryptoLoading === undefined) {
    const specifier = "node:crypto";
    nodeCryptoLoading = isNode()
      ? import(/* webpackIgnore: true */ /* @vite-ignore */ specifier).then(
          (module: NodeCrypto) => module,
          () => null,
        )
      : Promise.resolve(null);
  }
  return nodeCryptoLoading;
}

function subtle(): SubtleCrypto {
  const webcrypto = (globalThis as { crypto?: Crypto }).crypto;
  if (webcrypto?.subtle === undefined) {
    throw new TypeError(
      'WebCrypto (globalThis.crypto.subtle) is not available here; use a runtime with WebCrypto or crypto: "node" on Node',
    );
  }
  return webcrypto.subtle;
}

const encoder = new TextEncoder();

function toBase64(buffer: ArrayBuffer): string {
  const bytes = new Uint8Array(buffer);
  let binary = "";
  for (let i = 0; i < bytes.length; i++) binary += String.fromCharCode(bytes[i] as number);
  return btoa(binary);
}

function pemToDer(pem: string): Uint8Array {
  const body = pem.replace(/-----(BEGIN|END) PRIVATE KEY-----/g, "").replace(/\s+/g, "");
  const binary = atob(body);
  const der = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) der[i] = binary.charCodeAt(i);
  return der;
}

const HMAC_HASH = {
  "HMAC-SHA1": { node: "sha1", web: "SHA-1" },
  "HMAC-SHA256": { node: "sha256", web: "SHA-256" },
  "HMAC-SHA512": { node: "sha512", web: "SHA-512" },
} as const;

/** What a signature method needs: the secrets and which crypto back end to use. @internal */
export interface SignatureKeys {
  signatureMethod: SignatureMethod;
  consumerSecret: Secret;
  tokenSecret: Secret;
  privateKey: Secret | undefined;
  crypto: "auto" | "webcrypto" | "node";
}

/** RFC 5849 3.4.2: `enc(consumer secret) & enc(token secret)`; the `&` stays when empty. */
function hmacKey(keys: SignatureKeys): string {
  return `${percentEncode(keys.consumerSecret.reveal())}&${percentEncode(keys.tokenSecret.reveal())}`;
}

const RSA_FAILED =
  "privateKey could not be used for RSA-SHA1: it must be an unencrypted PKCS#8 PEM RSA private key";

/** The error for `crypto: "node"` where node:crypto cannot be loaded. */
export const NODE_CRYPTO_MISSING =
  'crypto: "node" was requested but node:crypto is not available in this runtime; use crypto: "auto" or "webcrypto"';

/**
 * Builds the sign function of a signer. The returned promise resolves once the back end is
 * chosen (node:crypto is loaded lazily); the function itself then reuses derived keys.
 * @internal
 */
export async function createSignFunction(keys: SignatureKeys): Promise<SignFunction> {
  const method = keys.signatureMethod;
  if (method === "PLAINTEXT") {
    // RFC 5849 3.4.4: the signature is the key itself (percent-encoded again where placed).
    const key = hmacKey(keys);
    return () => key;
  }
  let node: NodeCrypto | null = null;
  if (keys.crypto !== "webcrypto") {
    node = await loadNodeCrypto();
    if (node === null && keys.crypto === "node") {
      throw new TypeError(NODE_CRYPTO_MISSING);
    }
  }
  if (method === "RSA-SHA1") return rsaSign(keys, node);
  const hash = HMAC_HASH[method];
  const key = hmacKey(keys);
  if (node !== null) {
    const crypto = node;
    // Bytes, not a string: node converts a string key on every call.
    const keyBytes = encoder.encode(key);
    return (baseString) =>
      crypto.createHmac(hash.node, keyBytes).update(baseString).digest("base64");
  }
  // The CryptoKey is imported once, here (this runs once per signer, on its first request), and
  // held resolved: each request then costs one subtle.sign and no extra await.
  const webcrypto = subtle();
  const cryptoKey = await webcrypto.importKey(
    "raw",
    encoder.encode(key),
    { name: "HMAC", hash: hash.web },
    false,
    ["sign"],
  );
  return (baseString) =>
    webcrypto.sign("HMAC", cryptoKey, encoder.encode(baseString)).then(toBase64);
}

function rsaSign(keys: SignatureKeys, node: NodeCrypto | null): SignFunction {
  const pem = (keys.privateKey as Secret).reveal();
  if (node !== null) {
    const crypto = node;
    let keyObject: unknown;
    return (baseString) => {
      try {
        keyObject ??= crypto.createPrivateKey(pem);
        return crypto.sign("sha1", encoder.encode(baseString), keyObject).toString("base64");
      } catch {
        // node's message names the decoder step, not the key, but stay on the safe side.
        throw new TypeError(RSA_FAILED);
      }
    };
  }
  let cryptoKey: Promise<CryptoKey> | undefined;
  return async (baseString) => {
    // Outside the try: a runtime without WebCrypto is not a bad key, and says so.
    const webcrypto = subtle();
    try {
      cryptoKey ??= webcrypto.importKey(
        "pkcs8",
        pemToDer(pem) as Uint8Array<ArrayBuffer>,
        { name: "RSASSA-PKCS1-v1_5", hash: "SHA-1" },
        false,
        ["sign"],
      );
      return toBase64(
        await webcrypto.sign("RSASSA-PKCS1-v1_5", await cryptoKey, encoder.encode(baseString)),
      );
    } catch {
      cryptoKey = undefined;
      throw new TypeError(RSA_FAILED);
    }
  };
}
