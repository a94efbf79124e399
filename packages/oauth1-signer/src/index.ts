/**
 * @alteryx-admin/oauth1-signer: RFC 5849 OAuth 1.0a request signing with zero dependencies.
 * @packageDocumentation
 */

export {
  type ParsedAuthorizationHeader,
  parseAuthorizationHeader,
} from "./authorization-header.js";
export {
  baseStringUri,
  normalizeParameters,
  signatureBaseString,
} from "./base-string.js";
export { type OAuth1Middleware, oauth1Middleware } from "./middleware.js";
export { SIGNATURE_METHODS } from "./options.js";
export { percentEncode } from "./percent-encode.js";
export { createSigner } from "./signer.js";
export type {
  Authorization,
  AuthorizeInput,
  SignatureMethod,
  Signer,
  SignerOptions,
} from "./types.js";
