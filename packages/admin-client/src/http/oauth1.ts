/**
 * The OAuth 1.0a authorize step: where a request is signed. It runs once per attempt and per
 * redirect hop on the caller's origin, so every request that leaves carries a fresh nonce and
 * timestamp (a server that remembers nonces rejects a replayed one). A form body's fields are
 * signed too (RFC 5849 3.4.1.3.1); other bodies are not.
 */
import type { Signer } from "@alteryx-admin/oauth1-signer";
import type { AuthorizeStep } from "./pipeline.js";

const FORM_TYPE = /^\s*application\/x-www-form-urlencoded\s*(;|$)/i;
const UTF8 = new TextDecoder();

/**
 * The step that signs each outgoing request with `signer`, in the Authorization header or in
 * the query.
 * @internal
 */
export function oauth1Step(signer: Signer, placement: "header" | "query"): AuthorizeStep {
  return async (request) => {
    const contentType = request.headers.get("content-type");
    const formBody =
      request.body !== null && FORM_TYPE.test(contentType ?? "") ? UTF8.decode(request.body) : null;
    const authorization = await signer.authorize(
      formBody === null
        ? { method: request.method, url: request.url }
        : { method: request.method, url: request.url, body: formBody, contentType },
    );
    if (placement === "header") request.headers.set("authorization", authorization.header);
    else request.url = authorization.url;
  };
}
