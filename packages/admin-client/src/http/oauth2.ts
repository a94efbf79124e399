/**
 * The OAuth2 authorize step: where a request is given its bearer token. The token comes from the
 * client's token source, its own or one shared with another client (cached until shortly before it expires; concurrent callers share one
 * token request). On a 401 the pipeline asks {@link OAuth2Step.renew} to drop the token that
 * was refused, then sends the request once more with a new one.
 */
import { createTokenSource, OAuth2TokenError, type TokenSource } from "@alteryx-admin/oauth2";
import { AlteryxTokenError } from "./errors.js";
import type { DispatcherLike, FetchLike } from "./options.js";
import type { AuthorizeStep, OutgoingRequest } from "./pipeline.js";

const BEARER = /^Bearer (.+)$/;

/** The two halves of the OAuth2 scheme the pipeline calls. @internal */
export interface OAuth2Step {
  authorize: AuthorizeStep;
  /** Drops the token a request carried (the server refused it); true: send the request again. */
  renew: (request: OutgoingRequest) => boolean;
}

/** What {@link clientTokenSource} needs: the client's options, checked by the token source. @internal */
export interface OAuth2Settings {
  tokenUrl: string | URL;
  consumerKey: string;
  consumerSecret: string;
  allowInsecureHttp: boolean;
  clientAuth: "basic" | "post" | undefined;
  fetch: FetchLike | undefined;
  dispatcher: DispatcherLike | undefined;
}

/**
 * The client's own token source: the client's fetch and dispatcher send the token request too,
 * so a proxy or a private CA applies to both. The token source checks the token URL and client
 * authentication (one place for those checks); its TypeErrors are the client's option errors.
 * @internal
 */
export function clientTokenSource(settings: OAuth2Settings): TokenSource {
  return createTokenSource({
    tokenUrl: settings.tokenUrl,
    clientId: settings.consumerKey,
    clientSecret: settings.consumerSecret,
    allowInsecureHttp: settings.allowInsecureHttp,
    ...(settings.clientAuth === undefined ? {} : { clientAuth: settings.clientAuth }),
    ...(settings.fetch === undefined ? {} : { fetch: settings.fetch }),
    ...(settings.dispatcher === undefined ? {} : { dispatcher: settings.dispatcher }),
  });
}

/**
 * The step that sets `Authorization: Bearer <token>` on each outgoing request, and turns a
 * failed token request into an {@link AlteryxTokenError} naming the request that needed it.
 * @internal
 */
export function oauth2Step(source: TokenSource): OAuth2Step {
  return {
    async authorize(request) {
      let token: string;
      try {
        token = await source.getToken({ signal: request.signal });
      } catch (error) {
        if (!(error instanceof OAuth2TokenError)) throw error;
        throw new AlteryxTokenError({
          ...request.summary,
          reason: error.reason,
          tokenUrl: error.tokenUrl,
          status: error.status,
          error: error.error,
          errorDescription: error.errorDescription,
          cause: error,
        });
      }
      request.headers.set("authorization", `Bearer ${token}`);
    },
    renew(request) {
      const sent = BEARER.exec(request.headers.get("authorization") ?? "");
      if (sent?.[1] === undefined) return false;
      // Only if still cached: a hundred requests refused with one token cause one new token.
      source.invalidate(sent[1]);
      return true;
    },
  };
}
