/**
 * The README's usage examples, taken verbatim from README.md and executed against a local server
 * that verifies every signature with `oauth-sign`. Only the host is rewritten (to the local
 * server) and the package import pointed at this checkout; the axios example gets a two-line
 * fetch-based `axios.get` stand-in (axios is not a dependency). The curl example runs the
 * README's `sign.mjs` with node, and the README's curl line when curl is installed.
 */
import { execFile, execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import ts from "typescript";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compileSources } from "./compile-sources.js";
import { startVerifyingServer, type VerifyingServer } from "./verifying-server.js";

const root = new URL("../", import.meta.url);
const readme = readFileSync(new URL("README.md", root), "utf8");
const blocks = [...readme.matchAll(/```(ts|js|sh)\n([\s\S]*?)```/g)].map((m) => m[2] as string);
function block(marker: string): string {
  const found = blocks.filter((b) => b.includes(marker));
  if (found.length !== 1) throw new Error(`expected one README block with ${marker}`);
  return found[0] as string;
}

/** The credentials the server knows: the literal ones in the README and the env ones. */
const SECRETS: Record<string, string> = {
  key: "secret",
  "readme-env-key": "readme env secret!*'()",
};

let server: VerifyingServer;
let origin: string;
let dir: string;
const savedEnv = { key: process.env.ALTERYX_API_KEY, secret: process.env.ALTERYX_API_SECRET };

/** README code with the example host replaced by the local server. */
function local(code: string): string {
  return code.replaceAll("https://gallery.example.com", origin);
}

/** Writes a README TypeScript block as a module vitest can import, and imports it. */
async function runTs(name: string, code: string): Promise<Record<string, unknown>> {
  const js = ts.transpileModule(code, {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
  }).outputText;
  const file = join(dir, `${name}.mjs`);
  writeFileSync(
    file,
    js.replaceAll(
      '"@alteryx-admin/oauth1-signer"',
      JSON.stringify(new URL("src/index.ts", root).pathname),
    ),
  );
  return (await import(/* @vite-ignore */ pathToFileURL(file).href)) as Record<string, unknown>;
}

beforeAll(async () => {
  server = await startVerifyingServer(SECRETS);
  origin = server.origin;
  // Inside the package, so that "openapi-fetch" resolves from its node_modules.
  dir = mkdtempSync(join(new URL(".", import.meta.url).pathname, ".readme-run-"));
});

afterAll(async () => {
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  for (const [name, value] of [
    ["ALTERYX_API_KEY", savedEnv.key],
    ["ALTERYX_API_SECRET", savedEnv.secret],
  ] as const) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  await server.close();
});

describe("README usage examples run against a verifying server", () => {
  it("openapi-fetch with oauth1Middleware (the opening example)", async () => {
    process.env.ALTERYX_API_KEY = "readme-env-key";
    process.env.ALTERYX_API_SECRET = SECRETS["readme-env-key"];
    const code = block("oauth1Middleware(");
    const { data, error } = await runTs("openapi-fetch", `${local(code)}\nexport { data, error };`);
    expect(error).toBeUndefined();
    expect(data).toEqual({
      ok: true,
      placement: "header",
      path: "/gallery/api/admin/v1/users/",
      body: "",
      query: [
        ["page", "1"],
        ["pageSize", "100"],
      ],
    });
  });

  it("plain fetch with sign(request)", async () => {
    const code = block("await signer.sign(request)");
    const { response } = await runTs("plain-fetch", `${local(code)}\nexport { response };`);
    const res = response as Response;
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      ok: true,
      placement: "header",
      query: [["search", "sales report"]],
    });
  });

  it("authorize() with another client (axios), header and query forms", async () => {
    const code = block("axios.get(");
    // The README block continues the plain fetch block (its `signer`); axios is replaced by a
    // stand-in that makes the same GET with fetch.
    const prelude = [
      'import { createSigner } from "@alteryx-admin/oauth1-signer";',
      'const signer = createSigner({ consumerKey: "key", consumerSecret: "secret" });',
      "const verdicts = [];",
      "const axios = { get: async (u, o) => { const r = await fetch(u, o); verdicts.push(await r.json()); return r; } };",
    ].join("\n");
    const { verdicts } = await runTs("axios", local(`${prelude}\n${code}\nexport { verdicts };`));
    expect(verdicts).toEqual([
      expect.objectContaining({ ok: true, placement: "header" }),
      expect.objectContaining({ ok: true, placement: "query" }),
    ]);
  });

  it("curl with the README's sign.mjs script", async () => {
    const lib = join(dir, "lib");
    mkdirSync(lib);
    for (const [name, text] of compileSources()) writeFileSync(join(lib, name), text);
    writeFileSync(join(dir, "package.json"), '{ "type": "module" }');
    const script = block("// sign.mjs").replace(
      '"@alteryx-admin/oauth1-signer"',
      '"./lib/index.js"',
    );
    writeFileSync(join(dir, "sign.mjs"), script);
    const url = `${origin}/gallery/api/admin/v1/users/?page=1`;
    const env = { ...process.env, ALTERYX_API_KEY: "key", ALTERYX_API_SECRET: "secret", URL: url };
    const header = await new Promise<string>((resolve, reject) =>
      execFile(process.execPath, ["sign.mjs", "GET", url], { cwd: dir, env }, (e, stdout) =>
        e ? reject(e) : resolve(stdout.trim()),
      ),
    );
    expect(header).toMatch(/^OAuth oauth_consumer_key="key", /);
    const viaFetch = await fetch(url, { headers: { Authorization: header } });
    expect(await viaFetch.json()).toMatchObject({ ok: true, placement: "header" });

    let curl = true;
    try {
      execFileSync("curl", ["--version"], { stdio: "ignore" });
    } catch {
      curl = false;
    }
    if (curl) {
      const line = block("curl -H").trim();
      const output = await new Promise<string>((resolve, reject) =>
        execFile("bash", ["-c", line], { cwd: dir, env }, (e, stdout) =>
          e ? reject(e) : resolve(stdout),
        ),
      );
      expect(JSON.parse(output)).toMatchObject({ ok: true, placement: "header" });
    }
  }, 30_000);

  it("the server rejects a wrong secret (the checks above can fail)", async () => {
    const { createSigner } = await import("../src/index.js");
    const signer = createSigner({ consumerKey: "key", consumerSecret: "not-the-secret" });
    const response = await fetch(
      await signer.sign(new Request(`${origin}/gallery/api/admin/v1/users/`)),
    );
    expect(response.status).toBe(401);
  });
});
