/**
 * README.md, executed: its TypeScript examples taken verbatim from the file and run against the
 * local token server (only the example host and proxy are rewritten to it, and the package
 * import pointed at this checkout), its logged output compared, and every message of its two
 * error tables produced by the code.
 */
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { inspect } from "node:util";
import ts from "typescript";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTokenSource, OAuth2TokenError } from "../src/index.js";
import type { TokenSourceOptions } from "../src/types.js";
import { rejection } from "./helpers.js";
import { type Echo, startTokenServer, type TokenServer } from "./token-server.js";

const root = new URL("../", import.meta.url);
const readme = readFileSync(new URL("README.md", root), "utf8");
const blocks = [...readme.matchAll(/```(ts|text)\n([\s\S]*?)```/g)].map((m) => m[2] as string);
function block(marker: string): string {
  const found = blocks.filter((b) => b.includes(marker));
  if (found.length !== 1)
    throw new Error(`expected one README block with ${marker}, found ${found.length}`);
  return found[0] as string;
}

const KEY = "readme-key";
const SECRET = "readme secret!";
let server: TokenServer;
const saved = { key: process.env.ALTERYX_API_KEY, secret: process.env.ALTERYX_API_SECRET };
let counter = 0;

/** README code with the example host and proxy replaced by the local server. */
function local(code: string): string {
  return code
    .replaceAll("https://alteryx.example.com", server.origin)
    .replaceAll("http://proxy.corp:3128", server.origin);
}

/** Transpiles README TypeScript to a module beside this file and imports it. */
async function run(code: string): Promise<Record<string, unknown>> {
  const js = ts.transpileModule(code, {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
  }).outputText;
  // Beside this file, so that openapi-fetch and undici resolve from the package's node_modules.
  const file = join(
    new URL(".", import.meta.url).pathname,
    `.readme-run-${process.pid}-${counter++}.mjs`,
  );
  writeFileSync(
    file,
    js.replaceAll(
      '"@alteryx-admin/oauth2"',
      JSON.stringify(new URL("src/index.ts", root).pathname),
    ),
  );
  try {
    return (await import(/* @vite-ignore */ pathToFileURL(file).href)) as Record<string, unknown>;
  } finally {
    rmSync(file, { force: true });
  }
}

const IMPORTS = [
  'import createClient from "openapi-fetch";',
  'import { createTokenSource, oauth2Middleware } from "@alteryx-admin/oauth2";',
].join("\n");

beforeAll(async () => {
  server = await startTokenServer({ [KEY]: SECRET, key: "secret" });
  process.env.ALTERYX_API_KEY = KEY;
  process.env.ALTERYX_API_SECRET = SECRET;
});
afterAll(async () => {
  for (const [name, value] of [
    ["ALTERYX_API_KEY", saved.key],
    ["ALTERYX_API_SECRET", saved.secret],
  ] as const) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  await server.close();
});
beforeEach(() => {
  server.tokenRequests.length = 0;
  server.unauthorized = 0;
  server.replies = [];
});

describe("README examples run against the local token server", () => {
  it("the opening example: openapi-fetch with oauth2Middleware", async () => {
    const { data, error } = await run(
      `${local(block("admin.use(oauth2Middleware(tokens))"))}\nexport { data, error };`,
    );
    expect(error).toBeUndefined();
    expect(data).toMatchObject({
      method: "GET",
      path: "/webapi/admin/v1/users/?page=0&pageSize=100",
    });
    expect(server.tokenRequests).toEqual([
      expect.objectContaining({ auth: "basic", clientId: KEY, clientSecret: SECRET }),
    ]);
  });

  it("plain fetch, with the 401 branch taken after the server forgot its tokens", async () => {
    const hooks = { revoke: () => server.revokeAll() };
    (globalThis as { readmeHooks?: unknown }).readmeHooks = hooks;
    const code = [
      local(block("admin.use(oauth2Middleware(tokens))")),
      "globalThis.readmeHooks.revoke();",
      local(block("tokens.invalidate(token)")),
      "export { response };",
    ].join("\n");
    const { response } = await run(code);
    const res = response as Response;
    expect(res.status).toBe(200);
    expect(((await res.json()) as Echo).path).toBe("/webapi/admin/v1/workflows/");
    expect(server.unauthorized).toBe(1);
    expect(server.tokenRequests).toHaveLength(2);
  });

  it("catching OAuth2TokenError", async () => {
    const prelude = [
      IMPORTS,
      "const logged = [];",
      "const console = { error: (...args) => logged.push(args.join(' ')) };",
      `const tokens = createTokenSource({ tokenUrl: "https://alteryx.example.com/webapi/oauth2/token", clientId: "${KEY}", clientSecret: "wrong" });`,
    ].join("\n");
    const { logged } = await run(
      local(`${prelude}\n${block("error instanceof OAuth2TokenError")}\nexport { logged };`),
    );
    expect(logged).toEqual([
      expect.stringMatching(
        /^The API key or secret is wrong: Token request to .* failed: 401 invalid_client/,
      ),
    ]);
  });

  it("console.log of a token source prints what the README shows", () => {
    const tokens = createTokenSource({
      tokenUrl: "https://alteryx.example.com/webapi/oauth2/token",
      clientId: "key",
      clientSecret: "secret",
    });
    expect(block("console.log(tokens)").trim()).toBe("console.log(tokens);");
    expect(inspect(tokens)).toBe(block("TokenSource {").trim());
  });

  it("one token source for two clients", async () => {
    const prelude = [
      IMPORTS,
      `const tokens = createTokenSource({ tokenUrl: "${server.tokenUrl}", clientId: "key", clientSecret: "secret" });`,
    ].join("\n");
    const { v3, tokens } = await run(
      `${prelude}\n${local(block("const v3 = "))}\nexport { v3, tokens };`,
    );
    const { data } = await (v3 as { GET: (path: string) => Promise<{ data: Echo }> }).GET(
      "/workflows",
    );
    expect(data.path).toBe("/webapi/v3/workflows");
    expect(server.issued).toContain(
      await (tokens as { getToken: () => Promise<string> }).getToken(),
    );
  });

  it("through a proxy: the token request and the calls, the retry included, go through the tunnel", async () => {
    const before = server.tunnels;
    const { proxied, dispatcher } = await run(
      `${IMPORTS}\n${local(block("new ProxyAgent("))}\nexport { proxied, dispatcher };`,
    );
    try {
      const client = proxied as {
        GET: (path: string) => Promise<{ data: Echo; response: Response }>;
      };
      expect((await client.GET("/users/")).data.path).toBe("/webapi/admin/v1/users/");
      server.revokeAll();
      expect((await client.GET("/users/")).response.status).toBe(200);
      expect(server.unauthorized).toBe(1);
      expect(server.tokenRequests).toHaveLength(2);
      expect(server.tunnels).toBeGreaterThan(before);
    } finally {
      await (dispatcher as { close: () => Promise<void> }).close();
    }
  });
});

/** The rows of the README table that follows `heading`: [first column, message without backticks]. */
function tableRows(heading: string): [string, string][] {
  const start = readme.indexOf(heading);
  const lines = readme.slice(start).split("\n");
  const first = lines.findIndex((line) => line.startsWith("|"));
  const rows: [string, string][] = [];
  for (const line of lines.slice(first + 2)) {
    if (!line.startsWith("|")) break;
    const match = /^\| (.+?) +\| `(.+)` +\|$/.exec(line);
    if (match === null) throw new Error(`unreadable README row: ${line}`);
    rows.push([match[1] as string, match[2] as string]);
  }
  return rows;
}

/** The README text matches `actual`: exactly, or up to a final "(...)" or "..." abridgement. */
function expectReadme(readmeText: string, actual: string): void {
  const abridged = /(?:\(\.\.\.\)|, \.\.\.|\.\.\.)(?=[^.]*$)/.exec(readmeText);
  if (abridged === null) {
    expect(actual).toBe(readmeText);
    return;
  }
  expect(actual.startsWith(readmeText.slice(0, abridged.index))).toBe(true);
  expect(actual.endsWith(readmeText.slice(abridged.index + abridged[0].length))).toBe(true);
}

describe("README error tables are real output", () => {
  async function tokenError(extra: Partial<TokenSourceOptions> = {}): Promise<OAuth2TokenError> {
    const error = await rejection(
      createTokenSource({
        tokenUrl: server.tokenUrl,
        clientId: "key",
        clientSecret: "secret",
        ...extra,
      }).getToken(),
    );
    expect(error).toBeInstanceOf(OAuth2TokenError);
    return error as OAuth2TokenError;
  }

  const scenarios: Record<string, () => Promise<{ message: string; url: string; port?: number }>> =
    {
      "wrong key or secret": async () => ({
        message: (await tokenError({ clientSecret: "wrong" })).message,
        url: server.tokenUrl,
      }),
      "an OAuth1-only server (2021.3 and older)": async () => {
        server.replies = [
          { status: 404, headers: { "content-type": "text/html" }, body: "<h1>Not found</h1>" },
        ];
        return { message: (await tokenError()).message, url: server.tokenUrl };
      },
      "`http://` to a server that redirects": async () => {
        server.replies = [
          {
            status: 302,
            headers: {
              location: "https://alteryx.example.com/webapi/oauth2/token",
              "content-type": "text/html",
            },
            body: "",
          },
        ];
        return { message: (await tokenError()).message, url: server.tokenUrl };
      },
      "a sign-in page or proxy answered": async () => {
        server.replies = [
          { status: 200, headers: { "content-type": "text/html" }, body: "<form>sign in</form>" },
        ];
        return { message: (await tokenError()).message, url: server.tokenUrl };
      },
      "200 without `access_token`": async () => {
        server.replies = [{ status: 200, body: JSON.stringify({ token_type: "bearer" }) }];
        return { message: (await tokenError()).message, url: server.tokenUrl };
      },
      "server down": async () => {
        const closed = createServer();
        await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
        const { port } = closed.address() as AddressInfo;
        await new Promise((resolve) => closed.close(resolve));
        const url = `http://127.0.0.1:${port}/webapi/oauth2/token`;
        return { message: (await tokenError({ tokenUrl: url })).message, url, port };
      },
      "self-signed certificate": async () => {
        // The shape of Node's fetch error for a self-signed server certificate.
        const cause = Object.assign(new Error("self-signed certificate"), {
          code: "DEPTH_ZERO_SELF_SIGNED_CERT",
        });
        const url = "https://alteryx.example.com/webapi/oauth2/token";
        const error = await tokenError({
          tokenUrl: url,
          fetch: () => Promise.reject(new TypeError("fetch failed", { cause })),
        });
        return { message: error.message, url };
      },
    };

  it("OAuth2TokenError messages", async () => {
    const rows = tableRows("Messages (real output");
    expect(rows.map(([cause]) => cause)).toEqual(Object.keys(scenarios));
    for (const [cause, text] of rows) {
      const { message, url, port } = await (
        scenarios[cause] as () => Promise<{ message: string; url: string; port?: number }>
      )();
      const expected = text.replaceAll("<url>", url).replace("127.0.0.1:8443", `127.0.0.1:${port}`);
      expectReadme(expected, message);
    }
  });

  it("option error messages", () => {
    const base = {
      tokenUrl: "https://alteryx.example.com/webapi/oauth2/token",
      clientId: "key",
      clientSecret: "secret",
    };
    const mistakes: Record<string, Record<string, unknown>> = {
      '`clientId: ""`': { clientId: "" },
      "a secret pasted with a newline": { clientSecret: "secret\n" },
      '`tokenUrl: "/webapi/oauth2/token"`': { tokenUrl: "/webapi/oauth2/token" },
      "`http://` to another host": { tokenUrl: "http://alteryx.corp/webapi/oauth2/token" },
      '`clientAuth: "Basic"`': { clientAuth: "Basic" },
      "`consumerKey: ...` (OAuth1 name)": { consumerKey: "key" },
      "`tokenURL: ...`": { tokenURL: base.tokenUrl },
      "`refreshSkewSeconds: -1`": { refreshSkewSeconds: -1 },
    };
    const rows = tableRows("### Option errors");
    expect(rows.map(([mistake]) => mistake)).toEqual(Object.keys(mistakes));
    for (const [mistake, text] of rows) {
      let message = "";
      try {
        createTokenSource({ ...base, ...mistakes[mistake] } as TokenSourceOptions);
      } catch (error) {
        expect(error).toBeInstanceOf(TypeError);
        message = (error as Error).message;
      }
      expectReadme(text, message);
    }
  });
});
