// POST /webapi/oauth2/token: the client-credentials grant (RFC 6749 4.4) as Alteryx Server
// 2021.4 and later answer it. The client authenticates with its API key and secret, either by
// HTTP Basic (RFC 6749 2.3.1: id and secret form-encoded, then base64; the raw form that some
// clients send is accepted too) or by the form fields client_id and client_secret. Errors use
// the RFC 6749 5.2 shape, never the Gallery's, because token clients parse that shape.

import type { IncomingMessage, ServerResponse } from "node:http";
import { readBody } from "../front/body.js";
import type { Exchange } from "../front/exchange.js";
import { sendJson } from "../front/reject.js";
import { formDecode, truncate } from "../oauth/parse.js";
import { safeEqual } from "../oauth/safe-equal.js";
import type { TokenStore } from "./token-store.js";

/** Where the token endpoint lives (every Server's, relative to its origin). */
export const TOKEN_PATH = "/webapi/oauth2/token";

/** The largest token request body read; a client-credentials request is a few hundred bytes. */
export const MAX_TOKEN_BODY_BYTES = 64 * 1024;

/** Counts of the token endpoint, exposed as `mockGallery.stats`. */
export interface TokenStats {
  /** Requests that reached the token endpoint (answered or refused). */
  tokenRequests: number;
  /** Tokens issued. */
  tokensIssued: number;
}

/** What the endpoint needs. */
export interface TokenEndpoint {
  credentials: { consumerKey: string; consumerSecret: string };
  store: TokenStore;
  stats: TokenStats;
}

/** An RFC 6749 5.2 error: `error` code, status and a description that says what to fix. */
interface TokenError {
  status: 400 | 401 | 405 | 413;
  error: "invalid_request" | "invalid_client" | "unsupported_grant_type";
  description: string;
}

/** Answers one request to the token endpoint. */
export async function answerTokenRequest(
  exchange: Exchange,
  req: IncomingMessage,
  res: ServerResponse,
  endpoint: TokenEndpoint,
): Promise<void> {
  endpoint.stats.tokenRequests++;
  const outcome = await grant(exchange, req, endpoint);
  if ("status" in outcome) {
    exchange.note(`mock-gallery: token request refused: ${outcome.error}: ${outcome.description}`);
    exchange.record(outcome.status);
    const headers: Record<string, string> = {};
    if (outcome.error === "invalid_client") headers["www-authenticate"] = 'Basic realm="oauth2"';
    if (outcome.status === 405) headers.allow = "POST";
    if (outcome.status === 413) headers.connection = "close";
    else req.resume();
    return sendTokenJson(
      res,
      outcome.status,
      {
        error: outcome.error,
        error_description: outcome.description,
      },
      headers,
    );
  }
  endpoint.stats.tokensIssued++;
  exchange.record(200);
  sendTokenJson(res, 200, {
    access_token: outcome.accessToken,
    token_type: "bearer",
    expires_in: outcome.expiresIn,
  });
}

/** Checks the request and issues a token, or says what is wrong. */
async function grant(
  exchange: Exchange,
  req: IncomingMessage,
  { credentials, store }: TokenEndpoint,
): Promise<TokenError | { accessToken: string; expiresIn: number }> {
  if (exchange.method !== "POST") {
    return {
      status: 405,
      error: "invalid_request",
      description: `The token endpoint takes POST only, not ${safe(exchange.method, 20)}: POST grant_type=client_credentials as application/x-www-form-urlencoded.`,
    };
  }
  const mediaType = (req.headers["content-type"] ?? "").split(";")[0]?.trim().toLowerCase();
  if (mediaType !== "application/x-www-form-urlencoded") {
    return invalidRequest(
      `The body must be application/x-www-form-urlencoded (RFC 6749 4.4.2), not ${mediaType ? safe(mediaType, 60) : "without a Content-Type"}: send grant_type=client_credentials form-encoded.`,
    );
  }
  const body = await readBody(req, MAX_TOKEN_BODY_BYTES);
  if (!Buffer.isBuffer(body)) {
    return {
      status: 413,
      error: "invalid_request",
      description: `The token request body is larger than ${MAX_TOKEN_BODY_BYTES} bytes; a client-credentials request needs a few hundred.`,
    };
  }
  const form = parseForm(body);
  if (typeof form === "string") return invalidRequest(form);
  const client = clientAuthentication(req, form);
  if ("status" in client) return client;
  if (!client.ids.some((id) => safeEqual(id, credentials.consumerKey))) {
    return invalidClient(
      `Client authentication failed: the client id is not an API key of this server (${client.via}). Use the API Access Key of My Profile > Keys as the client id.`,
    );
  }
  if (!client.secrets.some((secret) => safeEqual(secret, credentials.consumerSecret))) {
    return invalidClient(
      `Client authentication failed: the client secret does not belong to this client id (${client.via}). Use the API Access Secret shown next to the key.`,
    );
  }
  const grantTypes = form.getAll("grant_type");
  if (grantTypes.length === 0) {
    return invalidRequest(
      "The grant_type parameter is missing: send grant_type=client_credentials.",
    );
  }
  if (grantTypes.length > 1) {
    return invalidRequest("grant_type is sent more than once (RFC 6749 3.2): send it once.");
  }
  if (grantTypes[0] !== "client_credentials") {
    return {
      status: 400,
      error: "unsupported_grant_type",
      description: `The grant type ${safe(grantTypes[0] ?? "", 40)} is not supported: Alteryx Server issues tokens for grant_type=client_credentials only.`,
    };
  }
  return store.issue();
}

/** The client's id and secret, and how they came (for the error descriptions). */
type ClientAuth = { ids: string[]; secrets: string[]; via: string } | TokenError;

/** Reads the client's credentials from HTTP Basic or from the form, never from both. */
function clientAuthentication(req: IncomingMessage, form: URLSearchParams): ClientAuth {
  const header = req.headers.authorization;
  const inForm = form.has("client_id") || form.has("client_secret");
  if (header !== undefined) {
    if (inForm) {
      return invalidRequest(
        "The client authenticates twice, with HTTP Basic and with client_id/client_secret in the body (RFC 6749 2.3 allows one): drop one of them.",
      );
    }
    const basic = /^basic[ \t]+([A-Za-z0-9+/=._~-]+)[ \t]*$/i.exec(header);
    if (!basic?.[1]) {
      const scheme = /^\S+/.exec(header)?.[0] ?? "";
      return invalidClient(
        `The Authorization header must be Basic base64(client_id:client_secret), not a ${safe(scheme, 20)} header: send the API key and secret as HTTP Basic, or as client_id and client_secret form fields.`,
      );
    }
    const decoded = Buffer.from(basic[1], "base64").toString("utf8");
    const colon = decoded.indexOf(":");
    if (colon < 0) {
      return invalidClient(
        "The Basic credentials have no colon: encode client_id:client_secret in base64.",
      );
    }
    return basicCredentials(decoded.slice(0, colon), decoded.slice(colon + 1));
  }
  if (!inForm) {
    return invalidClient(
      "The client did not authenticate: send the API key and secret as HTTP Basic (Authorization: Basic base64(key:secret)) or as the form fields client_id and client_secret.",
    );
  }
  const ids = form.getAll("client_id");
  const secrets = form.getAll("client_secret");
  if (ids.length !== 1 || secrets.length !== 1) {
    return invalidRequest(
      "Send client_id and client_secret exactly once each (RFC 6749 2.3.1), or use HTTP Basic instead.",
    );
  }
  return { ids, secrets, via: "client_id and client_secret in the body" };
}

/**
 * RFC 6749 2.3.1 form-encodes id and secret before Basic (oauth4webapi does); many clients do
 * not (base64 of the raw key:secret). Both are accepted: either reading may match.
 */
function basicCredentials(rawId: string, rawSecret: string): ClientAuth {
  const readings = (raw: string) => [...new Set([raw, formDecode(raw) ?? raw])];
  return { ids: readings(rawId), secrets: readings(rawSecret), via: "HTTP Basic" };
}

/** Parses a form body; a string says what is malformed. */
function parseForm(body: Buffer): URLSearchParams | string {
  const text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
  let decoded: string;
  try {
    decoded = text.decode(body);
  } catch {
    return "The body is not UTF-8: form-encode every parameter (application/x-www-form-urlencoded, UTF-8).";
  }
  for (const pair of decoded.split("&")) {
    if (pair !== "" && formDecode(pair) === undefined) {
      return "The body is not valid application/x-www-form-urlencoded: a % must start a %XX escape of UTF-8 bytes.";
    }
  }
  return new URLSearchParams(decoded);
}

function invalidRequest(description: string): TokenError {
  return { status: 400, error: "invalid_request", description };
}

function invalidClient(description: string): TokenError {
  return { status: 401, error: "invalid_client", description };
}

/**
 * Echoes part of the request in a description: RFC 6749 allows only printable ASCII without
 * `"` and `\` there, so anything else becomes `?`.
 */
function safe(value: string, max: number): string {
  return truncate(value, max).replace(/["\\]/g, "?");
}

/** Sends a token endpoint answer: JSON, never cached (RFC 6749 5.1). */
function sendTokenJson(
  res: ServerResponse,
  status: number,
  body: Record<string, unknown>,
  headers: Record<string, string> = {},
): void {
  sendJson(res, status, body, false, {
    ...headers,
    "cache-control": "no-store",
    pragma: "no-cache",
  });
}
