/**
 * A local HTTP server that verifies OAuth 1.0a HMAC-SHA1 signatures the way a Gallery does:
 * collect the parameters (query, Authorization header, form body), re-sign them with the
 * independent `oauth-sign` package and compare. Answers 200 with a {@link Verdict} when the
 * signature matches, 401 with the verdict when it does not.
 */
import { createServer, type IncomingMessage } from "node:http";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";

const require = createRequire(import.meta.url);
/** The `oauth-sign` package: the independent implementation the tests check against. */
export const oauthSign = require("oauth-sign") as {
  hmacsign(
    method: string,
    baseUri: string,
    params: Record<string, string[]>,
    consumerSecret: string,
    tokenSecret: string,
  ): string;
};

/** What the server answers: whether the signature matched, and what it received. */
export interface Verdict {
  ok: boolean;
  placement: "header" | "query" | "none";
  path: string;
  body: string;
  /** The query pairs that are not oauth_* ones. */
  query: Array<[string, string]>;
}

/** A running verifying server; `close` must be called (afterAll). */
export interface VerifyingServer {
  origin: string;
  close(): Promise<void>;
}

/** Reads the oauth parameters from the Authorization header (RFC 5849 3.5.1), realm excluded. */
function headerParameters(header: string): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  for (const match of header.replace(/^OAuth\s+/i, "").matchAll(/([\w.-]+)="([^"]*)"/g)) {
    const [, name, value] = match as unknown as [string, string, string];
    if (name !== "realm") pairs.push([decodeURIComponent(name), decodeURIComponent(value)]);
  }
  return pairs;
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

async function verify(
  request: IncomingMessage,
  origin: string,
  secrets: Readonly<Record<string, string>>,
): Promise<Verdict> {
  const url = new URL(request.url ?? "/", origin);
  const body = await readBody(request);
  const query = [...url.searchParams];
  const fromHeader = request.headers.authorization
    ? headerParameters(request.headers.authorization)
    : [];
  const params: Record<string, string[]> = Object.create(null);
  const add = ([name, value]: [string, string]) => {
    if (name === "oauth_signature") return;
    params[name] ??= [];
    params[name].push(value);
  };
  query.forEach(add);
  fromHeader.forEach(add);
  if ((request.headers["content-type"] ?? "").startsWith("application/x-www-form-urlencoded")) {
    [...new URLSearchParams(body)].forEach(add);
  }
  const sent =
    fromHeader.find(([n]) => n === "oauth_signature")?.[1] ??
    url.searchParams.get("oauth_signature");
  const key = params.oauth_consumer_key?.[0] ?? "";
  const secret = Object.hasOwn(secrets, key) ? secrets[key] : undefined;
  const expected =
    secret === undefined
      ? undefined
      : oauthSign.hmacsign(request.method ?? "GET", `${origin}${url.pathname}`, params, secret, "");
  return {
    ok: sent !== null && sent !== undefined && sent === expected,
    placement:
      fromHeader.length > 0 ? "header" : url.searchParams.has("oauth_signature") ? "query" : "none",
    path: url.pathname,
    body,
    query: query.filter(([name]) => !name.startsWith("oauth_")),
  };
}

/**
 * Starts a verifying server on 127.0.0.1, port 0.
 *
 * @param secrets - consumer key to consumer secret, for every client the server knows
 */
export async function startVerifyingServer(
  secrets: Readonly<Record<string, string>>,
): Promise<VerifyingServer> {
  let origin = "";
  const server = createServer((request, response) => {
    verify(request, origin, secrets).then(
      (verdict) => {
        response.writeHead(verdict.ok ? 200 : 401, { "content-type": "application/json" });
        response.end(JSON.stringify(verdict));
      },
      (error: unknown) => {
        response.writeHead(500);
        response.end(String(error));
      },
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    close: () =>
      new Promise<void>((resolve, reject) =>
        server.close((error) => (error ? reject(error) : resolve())),
      ),
  };
}
