/**
 * The package must run wherever fetch does (browsers, Deno, Bun, workers), so neither it nor
 * its dependencies may import a Node built-in. The sources are compiled exactly as the build
 * compiles them and run in a child Node process whose module resolver refuses every built-in
 * imported from the package, oauth4webapi or leven, with `process` hidden as in a browser. The
 * child gets a token from the local token server, calls a resource with it, and reads an
 * OAuth2TokenError for a wrong secret.
 */
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compileSources } from "./compile-sources.js";
import { startTokenServer, type TokenServer } from "./token-server.js";

const HOOKS = `
import { appendFileSync } from "node:fs";
import { builtinModules } from "node:module";
let data;
export async function initialize(value) { data = value; }
export async function resolve(specifier, context, next) {
  const builtin = specifier.startsWith("node:") || builtinModules.includes(specifier);
  const parent = context.parentURL ?? "";
  const guarded = parent.startsWith(data.libUrl) || /\\/node_modules\\/(?:\\.pnpm\\/[^/]+\\/node_modules\\/)?(?:oauth4webapi|leven)\\//.test(parent);
  if (builtin && guarded) {
    appendFileSync(data.logFile, specifier + " from " + parent + "\\n");
    throw new Error("blocked built-in " + specifier);
  }
  return next(specifier, context);
}
`;

const REGISTER = `
import { register } from "node:module";
register("./hooks.mjs", import.meta.url, {
  data: { libUrl: new URL("./lib/", import.meta.url).href, logFile: new URL("./blocked.log", import.meta.url).pathname },
});
`;

const RUNNER = `
const [tokenUrl, resourceUrl] = process.argv.slice(2);
const write = process.stdout.write.bind(process.stdout);
// Node's own fetch (undici) loads lazily and needs these globals: load it first, then hide process.
void [globalThis.fetch, globalThis.Request, globalThis.Headers, globalThis.Response];
Object.defineProperty(globalThis, "process", { value: undefined, configurable: true, writable: true });
const { createTokenSource, oauth2Middleware, OAuth2TokenError } = await import("./lib/index.js");
const tokens = createTokenSource({ tokenUrl, clientId: "key", clientSecret: "secret" });
const middleware = oauth2Middleware(tokens);
const request = await middleware.onRequest({ request: new Request(resourceUrl) });
const response = await fetch(request);
const retried = await middleware.onResponse({ request, response, options: { fetch } });
let refused = {};
try {
  await createTokenSource({ tokenUrl, clientId: "key", clientSecret: "wrong", clientAuth: "post" }).getToken();
} catch (error) {
  refused = { isTokenError: error instanceof OAuth2TokenError, error: error.error, status: error.status };
}
write(JSON.stringify({ status: response.status, retried: retried !== undefined, echo: await response.json(), refused }));
`;

interface RunResult {
  status: number;
  retried: boolean;
  echo: { method: string; path: string };
  refused: { isTokenError?: boolean; error?: string; status?: number };
}

let server: TokenServer;
let dir: string;

beforeAll(async () => {
  server = await startTokenServer({ key: "secret" });
  // Inside the package, so that oauth4webapi and leven resolve from its node_modules.
  dir = mkdtempSync(join(new URL(".", import.meta.url).pathname, ".runtime-run-"));
  writeFileSync(join(dir, "package.json"), '{ "type": "module" }');
  writeFileSync(join(dir, "hooks.mjs"), HOOKS);
  writeFileSync(join(dir, "register.mjs"), REGISTER);
  writeFileSync(join(dir, "runner.mjs"), RUNNER);
  mkdirSync(join(dir, "lib"));
  for (const [name, text] of compileSources()) writeFileSync(join(dir, "lib", name), text);
});

afterAll(async () => {
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  await server.close();
});

function run(): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [
        "--import",
        pathToFileURL(join(dir, "register.mjs")).href,
        join(dir, "runner.mjs"),
        server.tokenUrl,
        `${server.origin}/webapi/admin/v1/users/`,
      ],
      { cwd: dir, timeout: 20_000 },
      (error, stdout, stderr) =>
        error
          ? reject(new Error(`${error.message}\n${stderr}`))
          : resolve(JSON.parse(stdout) as RunResult),
    );
  });
}

function blocked(): string[] {
  try {
    return readFileSync(join(dir, "blocked.log"), "utf8").split("\n").filter(Boolean);
  } catch {
    return [];
  }
}

describe("a browser-like runtime (no process, no Node built-ins)", () => {
  it("loads the package and its dependencies without any built-in, gets a token and uses it", async () => {
    const result = await run();
    expect(blocked()).toEqual([]);
    expect(result).toEqual({
      status: 200,
      retried: false,
      echo: expect.objectContaining({ method: "GET", path: "/webapi/admin/v1/users/" }),
      refused: { isTokenError: true, error: "invalid_client", status: 401 },
    });
  }, 30_000);

  it("the guard works: a built-in imported from the package is refused and logged", async () => {
    const index = join(dir, "lib", "index.js");
    const original = readFileSync(index, "utf8");
    writeFileSync(index, `import "node:crypto";\n${original}`);
    try {
      await expect(run()).rejects.toThrow("blocked built-in node:crypto");
      expect(blocked()[0]).toMatch(/^node:crypto from file:.*\/lib\/index\.js$/);
    } finally {
      writeFileSync(index, original);
      rmSync(join(dir, "blocked.log"), { force: true });
    }
  }, 30_000);
});
