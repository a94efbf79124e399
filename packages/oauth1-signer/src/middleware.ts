/**
 * openapi-fetch middleware. Typed structurally so consumers need neither openapi-fetch at run
 * time nor its types: the object below is assignable to openapi-fetch's `Middleware`.
 */
import { createSigner } from "./signer.js";
import type { Signer, SignerOptions } from "./types.js";

/** The openapi-fetch `Middleware` shape this package returns (`onRequest` only). */
export interface OAuth1Middleware {
  /** Signs every request: a fresh nonce and timestamp each time, retries included. */
  onRequest(params: { request: Request }): Promise<Request>;
}

/**
 * An openapi-fetch middleware that signs every request with OAuth 1.0a.
 *
 * @param options - signer options, or an existing signer to share
 * @example
 * const client = createClient<paths>({ baseUrl });
 * client.use(oauth1Middleware({ consumerKey, consumerSecret }));
 */
export function oauth1Middleware(options: SignerOptions | Signer): OAuth1Middleware {
  const signer = isSigner(options) ? options : createSigner(options);
  return {
    onRequest({ request }) {
      return signer.sign(request);
    },
  };
}

function isSigner(value: SignerOptions | Signer): value is Signer {
  return (
    typeof (value as Signer).sign === "function" &&
    typeof (value as Signer).authorize === "function"
  );
}
