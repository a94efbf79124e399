// Prism (5.x) reads non-JSON bodies as UTF-8 text, in both directions, which would corrupt a
// binary zip upload or download. Binary bodies therefore cross Prism "latin1-in-UTF-8": every
// byte becomes one character, sent as valid UTF-8; the far side reverses it. The round trip is
// exact, and Prism still sees (and validates) a string body.

/** Encodes arbitrary bytes as UTF-8 text that Prism passes through unchanged. */
export function bytesToPrismText(bytes: Uint8Array): Buffer {
  return Buffer.from(Buffer.from(bytes).toString("latin1"), "utf8");
}

/** Reverses bytesToPrismText. */
export function prismTextToBytes(text: Uint8Array): Buffer {
  return Buffer.from(Buffer.from(text).toString("utf8"), "latin1");
}

/** Header that tells the in-memory Gallery (and the front server) the body is transcoded. */
export const TRANSCODED_HEADER = "x-mock-gallery-transcoded";
