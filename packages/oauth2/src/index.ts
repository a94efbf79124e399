/**
 * @alteryx-admin/oauth2: a client-credentials token source for Alteryx Server's /webapi, on
 * oauth4webapi, and openapi-fetch middleware that sends the token and retries a 401 once.
 * @packageDocumentation
 */

export { OAuth2TokenError, type OAuth2TokenErrorReason } from "./errors.js";
export { type OAuth2Middleware, oauth2Middleware } from "./middleware.js";
export { createTokenSource } from "./token-source.js";
export type {
  ClientAuth,
  GetTokenOptions,
  TokenFetchInit,
  TokenSource,
  TokenSourceOptions,
} from "./types.js";
