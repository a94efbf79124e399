/**
 * A local OAuth2 server for the tests, on 127.0.0.1 port 0: a client-credentials token endpoint
 * that authenticates the client by HTTP Basic (RFC 6749 2.3.1: base64, then form-decoding of
 * id and secret) or by `client_id`/`client_secret` form fields, counts every token request, and
 * a resource endpoint that accepts only the tokens it issued and echoes what it received.
 */
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { type AddressInfo, connect, type Socket } from "node:net";

/** One token request as the server saw it. */
export interface TokenRequestRecord {
  readonly auth: "basic" | "post" | "none" | "both";
  readonly clientId: string | undefined;
  readonly clientSecret: string | undefined;
  readonly grantType: string | null;
  readonly contentType: string | undefined;
  /** The request-target: an absolute URL when the request came through a proxy. */
  readonly target: string;
}

/** A canned answer of the token endpoint, replacing the normal one. */
export interface Reply {
  status: number;
  headers?: Record<string, string>;
  body: string;
}

/** What a resource request received, echoed as JSON. */
export interface Echo {
  method: string;
  path: string;
  contentType: string | undefined;
  body: string;
}

export interface TokenServer {
  readonly origin: string;
  readonly tokenUrl: string;
  /** Every token request so far, in order. */
  readonly tokenRequests: TokenRequestRecord[];
  /** Every token issued so far, in order. */
  readonly issued: string[];
  /** Resource requests answered 401 so far. */
  unauthorized: number;
  /** `expires_in` of the next tokens; `undefined` leaves it out. */
  lifetimeSeconds: number | undefined;
  /** When set, each token request takes the next reply instead (until the queue is empty). */
  replies: Reply[];
  /** When set, token requests wait for it before answering. */
  gate: Promise<void> | undefined;
  /** Tokens issued before this call are refused from now on (a server restart). */
  revokeAll(): void;
  /** Resource requests answer 401 even with a valid token while this is true. */
  alwaysUnauthorized: boolean;
  /** Tunnels opened through the server as an HTTP proxy (CONNECT to 127.0.0.1 only). */
  tunnels: number;
  close(): Promise<void>;
}

/** RFC 6749 Appendix B: application/x-www-form-urlencoded decoding of one value. */
function formDecode(value: string): string {
  return decodeURIComponent(value.replace(/\+/g, " "));
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function send(res: ServerResponse, reply: Reply): void {
  res.writeHead(reply.status, { "content-type": "application/json", ...reply.headers });
  res.end(reply.body);
}

function parseClient(req: IncomingMessage, form: URLSearchParams): TokenRequestRecord {
  const header = req.headers.authorization;
  const basic = header?.startsWith("Basic ") === true;
  const inForm = form.has("client_id") || form.has("client_secret");
  let clientId: string | undefined;
  let clientSecret: string | undefined;
  if (basic) {
    const decoded = Buffer.from(header.slice(6), "base64").toString("utf8");
    const colon = decoded.indexOf(":");
    clientId = formDecode(decoded.slice(0, colon));
    clientSecret = formDecode(decoded.slice(colon + 1));
  } else if (inForm) {
    clientId = form.get("client_id") ?? undefined;
    clientSecret = form.get("client_secret") ?? undefined;
  }
  return {
    auth: basic && inForm ? "both" : basic ? "basic" : inForm ? "post" : "none",
    clientId,
    clientSecret,
    grantType: form.get("grant_type"),
    contentType: req.headers["content-type"],
    target: req.url ?? "",
  };
}

/**
 * Starts the server. `clients` maps client ids to secrets; tokens are random and opaque.
 */
export async function startTokenServer(clients: Record<string, string>): Promise<TokenServer> {
  const valid = new Set<string>();
  const state = {
    tokenRequests: [] as TokenRequestRecord[],
    issued: [] as string[],
    unauthorized: 0,
    lifetimeSeconds: 3600 as number | undefined,
    replies: [] as Reply[],
    gate: undefined as Promise<void> | undefined,
    alwaysUnauthorized: false,
    tunnels: 0,
  };

  async function token(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const form = new URLSearchParams((await readBody(req)).toString("utf8"));
    const record = parseClient(req, form);
    state.tokenRequests.push(record);
    if (state.gate !== undefined) await state.gate;
    const canned = state.replies.shift();
    if (canned !== undefined) return send(res, canned);
    if (record.grantType !== "client_credentials") {
      return send(res, { status: 400, body: JSON.stringify({ error: "unsupported_grant_type" }) });
    }
    const known = record.clientId !== undefined && clients[record.clientId] !== undefined;
    if (
      record.auth === "none" ||
      record.auth === "both" ||
      !known ||
      clients[record.clientId as string] !== record.clientSecret
    ) {
      return send(res, {
        status: 401,
        headers: record.auth === "basic" ? { "www-authenticate": 'Basic realm="token"' } : {},
        body: JSON.stringify({
          error: "invalid_client",
          error_description: "Client authentication failed.",
        }),
      });
    }
    const accessToken = randomBytes(24).toString("base64url");
    valid.add(accessToken);
    state.issued.push(accessToken);
    const body: Record<string, unknown> = { access_token: accessToken, token_type: "bearer" };
    if (state.lifetimeSeconds !== undefined) body.expires_in = state.lifetimeSeconds;
    send(res, {
      status: 200,
      headers: { "cache-control": "no-store" },
      body: JSON.stringify(body),
    });
  }

  async function resource(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = (await readBody(req)).toString("latin1");
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1];
    if (state.alwaysUnauthorized || bearer === undefined || !valid.has(bearer)) {
      state.unauthorized++;
      return send(res, {
        status: 401,
        body: JSON.stringify({ message: "Authorization has been denied for this request." }),
      });
    }
    const echo: Echo = {
      method: req.method ?? "",
      path: req.url ?? "",
      contentType: req.headers["content-type"],
      body,
    };
    send(res, { status: 200, body: JSON.stringify(echo) });
  }

  const server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://x").pathname;
    const handler = req.method === "POST" && path === "/webapi/oauth2/token" ? token : resource;
    handler(req, res).catch((error: unknown) => {
      res.writeHead(500);
      res.end(String(error));
    });
  });
  // Also an HTTP proxy: CONNECT opens a tunnel to a port on 127.0.0.1 (usually this server).
  const tunnelSockets = new Set<Socket>();
  server.on("connect", (req: IncomingMessage, client: Socket, head: Buffer) => {
    const [host, port] = (req.url ?? "").split(":");
    if (host !== "127.0.0.1") return client.end("HTTP/1.1 403 Forbidden\r\n\r\n");
    state.tunnels++;
    const upstream = connect(Number(port), host, () => {
      client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    for (const socket of [client, upstream]) {
      tunnelSockets.add(socket);
      socket.on("error", () => {
        client.destroy();
        upstream.destroy();
      });
      socket.on("close", () => tunnelSockets.delete(socket));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  return Object.assign(state, {
    origin,
    tokenUrl: `${origin}/webapi/oauth2/token`,
    revokeAll: () => valid.clear(),
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const socket of tunnelSockets) socket.destroy();
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  });
}
