/**
 * Nonces from the platform CSPRNG (`crypto.getRandomValues`), never `Math.random`: a predictable
 * nonce lets an attacker pre-compute replays, and servers that check nonces reject repeats.
 */

const HEX: string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));
/** Bytes per nonce: 128 bits of entropy, written as 32 lowercase hex characters. */
const NONCE_BYTES = 16;
/** Random bytes are drawn in blocks: one getRandomValues call per 256 nonces instead of each. */
const POOL_BYTES = NONCE_BYTES * 256;

let pool: Uint8Array | undefined;
let offset = POOL_BYTES;

function getRandomValues(bytes: Uint8Array): Uint8Array {
  const webcrypto = (globalThis as { crypto?: Crypto }).crypto;
  if (webcrypto === undefined || typeof webcrypto.getRandomValues !== "function") {
    throw new TypeError(
      "No CSPRNG available: globalThis.crypto.getRandomValues is missing. Use Node 20+, Deno, Bun or a browser, or pass a `nonce` option backed by a secure random source",
    );
  }
  return webcrypto.getRandomValues(bytes);
}

/**
 * Returns a fresh 32-character hex nonce (128 random bits from the platform CSPRNG).
 * Hex keeps it unreserved, so it encodes to itself in the base string, header and query.
 */
export function randomNonce(): string {
  if (pool === undefined || offset + NONCE_BYTES > POOL_BYTES) {
    pool = getRandomValues(new Uint8Array(POOL_BYTES));
    offset = 0;
  }
  let out = "";
  for (let i = offset, end = offset + NONCE_BYTES; i < end; i++) {
    out += HEX[pool[i] as number];
    // Used bytes are wiped so the pool never holds a nonce already sent.
    pool[i] = 0;
  }
  offset += NONCE_BYTES;
  return out;
}
