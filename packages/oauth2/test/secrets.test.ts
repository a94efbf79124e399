/**
 * The secret and the token never leak: sentinel values must not appear in util.inspect, JSON or
 * String of the source, its normalized options or the middleware (before and after a token is
 * fetched), nor in any error: option errors, refusals (even when the server echoes the
 * secret), malformed answers that carry a token, and what openapi-fetch rejects with.
 */
import { inspect } from "node:util";
import createClient from "openapi-fetch";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTokenSource, oauth2Middleware } from "../src/index.js";
import { normalizeOptions } from "../src/options.js";
import type { TokenSourceOptions } from "../src/types.js";
import { startTokenServer, type TokenServer } from "./token-server.js";

const SECRET = "SENTINEL-SECRET-7f3a";
const TOKEN = "SENTINEL-TOKEN-91bc";
const SENTINELS = [SECRET, TOKEN, "SENTINEL", Buffer.from(`key:${SECRET}`).toString("base64")];
let server: TokenServer;

beforeAll(async () => {
  server = await startTokenServer({ key: SECRET });
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  server.replies = [];
});

function options(extra: Partial<TokenSourceOptions> = {}): TokenSourceOptions {
  return { tokenUrl: server.tokenUrl, clientId: "key", clientSecret: SECRET, ...extra };
}

function expectClean(text: string): void {
  for (const sentinel of SENTINELS) expect(text).not.toContain(sentinel);
}

function shown(value: unknown): string {
  return [
    inspect(value, { depth: 10, showHidden: true }),
    inspect({ nested: { value } }, { depth: 10 }),
    JSON.stringify(value) ?? "",
    String(value),
    `${JSON.stringify({ value })}`,
  ].join("\n");
}

async function errorText(action: () => unknown): Promise<string> {
  try {
    await action();
  } catch (error) {
    const e = error as Error & { cause?: unknown };
    return `${e.message}\n${e.stack ?? ""}\n${inspect(e, { depth: 10, showHidden: true })}\n${JSON.stringify(e)}\n${String(e.cause ?? "")}`;
  }
  throw new Error("expected the action to throw");
}

/** A 200 token answer with the sentinel token. */
const sentinelToken = {
  status: 200,
  body: JSON.stringify({ access_token: TOKEN, token_type: "bearer", expires_in: 3600 }),
};

describe("secrets never leak", () => {
  it("not in the source, before and after it holds a token", async () => {
    const source = createTokenSource(options());
    const before = shown(source);
    expectClean(before);
    expect(before).toContain("[redacted]");
    expect(before).toContain("key");
    server.replies = [sentinelToken];
    expect(await source.getToken()).toBe(TOKEN);
    expectClean(shown(source));
  });

  it("not in the normalized options or the secret's box", () => {
    const normalized = normalizeOptions(options());
    expectClean(shown(normalized));
    expectClean(shown(normalized.clientSecret));
    expectClean(`${normalized.clientSecret}`);
    expectClean(JSON.stringify(Object.entries(normalized)));
  });

  it("not in the middleware, before and after it sent a token", async () => {
    const source = createTokenSource(options());
    const middleware = oauth2Middleware(source);
    expectClean(shown(middleware));
    server.replies = [sentinelToken];
    const admin = createClient({ baseUrl: `${server.origin}/webapi/admin/v1` });
    admin.use(middleware);
    await admin.GET("/users/" as never);
    expectClean(shown(middleware));
  });

  it("not in option errors", async () => {
    expectClean(await errorText(() => createTokenSource(options({ clientSecret: ` ${SECRET}` }))));
    expectClean(
      await errorText(() => createTokenSource(options({ clientSecret: `${SECRET}\uD800` }))),
    );
    expectClean(await errorText(() => createTokenSource(options({ clientAuth: "x" as never }))));
    expectClean(
      await errorText(() => createTokenSource(options({ tokenUrl: `https://key:${SECRET}@h/t` }))),
    );
    expectClean(
      await errorText(() => createTokenSource({ ...options(), clientSecrets: SECRET } as never)),
    );
  });

  it("not in a refusal, even when the server echoes the secret", async () => {
    server.replies = [
      {
        status: 401,
        body: JSON.stringify({
          error: "invalid_client",
          error_description: `secret ${SECRET} is wrong`,
        }),
      },
    ];
    const text = await errorText(() => createTokenSource(options()).getToken());
    expect(text).toContain("secret [redacted] is wrong");
    expectClean(text);
  });

  it.each([
    ["token_type mac", { access_token: TOKEN, token_type: "mac" }],
    ["expires_in a word", { access_token: TOKEN, token_type: "bearer", expires_in: "x" }],
    ["refresh_token a number", { access_token: TOKEN, token_type: "bearer", refresh_token: 1 }],
  ])("not in a malformed answer that carries a token (%s)", async (_name, body) => {
    server.replies = [{ status: 200, body: JSON.stringify(body) }];
    expectClean(await errorText(() => createTokenSource(options()).getToken()));
  });

  it("not in a malformed answer that is not JSON", async () => {
    server.replies = [
      { status: 200, headers: { "content-type": "text/html" }, body: `<p>${TOKEN}</p>` },
    ];
    expectClean(await errorText(() => createTokenSource(options()).getToken()));
  });

  it("not in what openapi-fetch rejects with", async () => {
    const admin = createClient({ baseUrl: `${server.origin}/webapi/admin/v1` });
    admin.use(oauth2Middleware(createTokenSource(options({ clientSecret: `${SECRET}-wrong` }))));
    const text = await errorText(() => admin.GET("/users/" as never));
    expect(text).toContain("invalid_client");
    expectClean(text);
  });

  it("the checks above can fail: a sentinel is found where it is", () => {
    expect(() => expectClean(inspect({ s: SECRET }))).toThrow();
  });
});
