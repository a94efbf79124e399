/**
 * A small /webapi server on 127.0.0.1 for the OAuth2 tests: a client-credentials token endpoint
 * that counts its requests, and API routes that check the bearer token (known and not expired)
 * before answering. Tests script the rest through `route`.
 */
import type { ServerResponse } from "node:http";
import { type Seen, sendJson, startServer, type TestServer } from "./servers.js";

export const KEY = "test-key";
export const SECRET = "test-secret-never-shown";

/** Settings a test may change while the server runs. */
export interface WebapiSettings {
  /** `expires_in` of new tokens (seconds). */
  lifetimeSeconds: number;
  /** When set, tokens stop being accepted this long after issue (ms), whatever `expires_in` says. */
  revokeAfterMs?: number;
  /** Delay of each token answer (ms). */
  tokenLatencyMs: number;
  /** Delay of each API answer (ms), after the token was checked. */
  apiLatencyMs: number;
  /** Replaces the token endpoint's answer: [status, body, content type]. */
  tokenAnswer?: [number, string, string];
}

/** Answers an authorized API request (path relative to /webapi). */
export type Route = (seen: Seen, path: string, res: ServerResponse) => void;

export interface WebapiServer extends TestServer {
  /** `<origin>/webapi`. */
  webapi: string;
  tokenRequests: number;
  /** API requests refused with 401 for their token. */
  refused: number;
  settings: WebapiSettings;
  route: Route;
  /** Forgets every token issued so far (as a server restart would). */
  revokeAll(): void;
}

function unauthorized(res: ServerResponse, why: string): void {
  sendJson(
    res,
    { message: "Authorization has been denied for this request.", innerExceptionMessage: why },
    401,
  );
}

/** RFC 6749 2.3.1: HTTP Basic with the id and secret form-encoded before base64. */
function goodClient(authorization: string | undefined): boolean {
  const encoded = /^Basic (.+)$/.exec(authorization ?? "")?.[1];
  if (encoded === undefined) return false;
  const [id, secret] = Buffer.from(encoded, "base64").toString().split(":");
  const decode = (s = "") => decodeURIComponent(s.replace(/\+/g, " "));
  return decode(id) === KEY && decode(secret) === SECRET;
}

/** RFC 6749 2.3.1: `client_id` and `client_secret` in the form body. */
function goodForm(body: string): boolean {
  const form = new URLSearchParams(body);
  return form.get("client_id") === KEY && form.get("client_secret") === SECRET;
}

/** Starts the server; `route` answers API requests whose token is good. */
export async function startWebapi(route: Route): Promise<WebapiServer> {
  const tokens = new Map<string, number>();
  let issued = 0;
  const state = {
    tokenRequests: 0,
    refused: 0,
    settings: { lifetimeSeconds: 3600, tokenLatencyMs: 0, apiLatencyMs: 0 } as WebapiSettings,
    route,
  };
  const server = await startServer((seen, res) => {
    const path = new URL(seen.url, "http://x").pathname;
    if (path === "/webapi/oauth2/token" && seen.method === "POST") {
      state.tokenRequests++;
      setTimeout(() => {
        const scripted = state.settings.tokenAnswer;
        if (scripted !== undefined) {
          res.writeHead(scripted[0], { "content-type": scripted[2] }).end(scripted[1]);
        } else if (!goodClient(seen.headers.authorization) && !goodForm(seen.body)) {
          sendJson(res, { error: "invalid_client", error_description: "Unknown API key" }, 401);
        } else if (!seen.body.includes("grant_type=client_credentials")) {
          sendJson(res, { error: "unsupported_grant_type" }, 400);
        } else {
          const token = `token-${++issued}`;
          tokens.set(token, Date.now());
          const { lifetimeSeconds } = state.settings;
          sendJson(res, { access_token: token, token_type: "bearer", expires_in: lifetimeSeconds });
        }
      }, state.settings.tokenLatencyMs);
      return;
    }
    if (!path.startsWith("/webapi/")) return sendJson(res, { message: "not found" }, 404);
    const token = /^Bearer (.+)$/.exec(seen.headers.authorization ?? "")?.[1];
    const issuedAt = token === undefined ? undefined : tokens.get(token);
    const { lifetimeSeconds, revokeAfterMs } = state.settings;
    const validFor = revokeAfterMs ?? lifetimeSeconds * 1000;
    if (issuedAt === undefined || Date.now() - issuedAt > validFor) {
      state.refused++;
      return unauthorized(
        res,
        token === undefined ? "no bearer token" : "unknown or expired token",
      );
    }
    setTimeout(
      () => state.route(seen, path.slice("/webapi".length), res),
      state.settings.apiLatencyMs,
    );
  });
  return Object.assign(state, server, {
    webapi: `${server.origin}/webapi`,
    revokeAll: () => tokens.clear(),
  }) as WebapiServer;
}
