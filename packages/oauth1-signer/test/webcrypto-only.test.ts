/**
 * The package must load and sign where there is no node:crypto and no Node at all (browsers,
 * Deno without node: compat, workers). The sources are compiled exactly as the build compiles
 * them (same tsconfig; isolatedModules makes each file's output independent of the others), the
 * output is scanned for static `node:` imports, and then run in a child Node process whose
 * module resolver refuses every built-in module imported from the package. One scenario keeps
 * `process` (Node without node:crypto: "auto" must fall back to WebCrypto), the other hides it
 * (a browser-like global: nothing may even try to import a built-in).
 */
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import ts from "typescript";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compileSources } from "./compile-sources.js";

let dir: string;
let outputs: Map<string, string>;

const HOOKS = `
import { appendFileSync } from "node:fs";
import { builtinModules } from "node:module";
let data;
export async function initialize(value) { data = value; }
export async function resolve(specifier, context, next) {
  const builtin = specifier.startsWith("node:") || builtinModules.includes(specifier);
  if (builtin && context.parentURL?.startsWith(data.libUrl)) {
    appendFileSync(data.logFile, specifier + "\\n");
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

/** Signs the tR3+... vector (RFC 5849 photos example) and a Request, counting WebCrypto calls. */
const RUNNER = `
const scenario = process.argv[2];
const write = process.stdout.write.bind(process.stdout);
if (scenario === "browser") {
  // Node's own fetch (undici) loads lazily and needs these globals: load it first, then hide them.
  void [globalThis.Request, globalThis.Headers, globalThis.Response];
  Object.defineProperty(globalThis, "process", { value: undefined, configurable: true, writable: true });
}
const subtle = globalThis.crypto.subtle;
const realSign = subtle.sign.bind(subtle);
let webCryptoSigns = 0;
subtle.sign = (...args) => { webCryptoSigns++; return realSign(...args); };
const { createSigner } = await import("./lib/index.js");
const vector = await createSigner({
  consumerKey: "dpf43f3p2l4k3l03",
  consumerSecret: "kd94hf93k423kf44",
  token: "nnch734d00sl2jdk",
  tokenSecret: "pfkkdhi9sl3r4s00",
  nonce: () => "kllo9940pd9333jh",
  timestamp: () => 1191242096,
}).authorize({ method: "GET", url: "http://photos.example.net/photos?file=vacation.jpg&size=original" });
const signed = await createSigner({ consumerKey: "k", consumerSecret: "s" }).sign(
  new Request("https://e.com/users/?page=1", { method: "POST", body: new URLSearchParams({ a: "b" }) }),
);
let nodeError = "";
let nodeErrorAt = "construction";
try {
  const nodeSigner = createSigner({ consumerKey: "k", consumerSecret: "s", crypto: "node" });
  nodeErrorAt = "request";
  await nodeSigner.authorize({ method: "GET", url: "https://e.com/" });
} catch (error) { nodeError = error.message; }
write(JSON.stringify({
  signature: vector.signature,
  header: signed.headers.get("authorization"),
  body: await signed.text(),
  webCryptoSigns,
  nodeError,
  nodeErrorAt,
}));
`;

interface RunResult {
  signature: string;
  header: string;
  body: string;
  webCryptoSigns: number;
  nodeError: string;
  nodeErrorAt: "construction" | "request";
}

function run(scenario: "node-without-crypto" | "browser"): Promise<RunResult> {
  rmSync(join(dir, "blocked.log"), { force: true });
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [
        "--import",
        pathToFileURL(join(dir, "register.mjs")).href,
        join(dir, "runner.mjs"),
        scenario,
      ],
      { cwd: dir, timeout: 20_000 },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`${error.message}\n${stderr}`));
        else resolve(JSON.parse(stdout) as RunResult);
      },
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

beforeAll(() => {
  outputs = compileSources();
  dir = mkdtempSync(join(tmpdir(), "oauth1-webcrypto-only-"));
  writeFileSync(join(dir, "package.json"), '{ "type": "module" }');
  writeFileSync(join(dir, "hooks.mjs"), HOOKS);
  writeFileSync(join(dir, "register.mjs"), REGISTER);
  writeFileSync(join(dir, "runner.mjs"), RUNNER);
  const lib = join(dir, "lib");
  ts.sys.createDirectory(lib);
  for (const [name, text] of outputs) writeFileSync(join(lib, name), text);
});

afterAll(() => {
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
});

describe("runtimes without node:crypto", () => {
  it("the compiled output has no static import of a Node built-in and no require", () => {
    expect(outputs.has("index.js")).toBe(true);
    for (const [name, text] of outputs) {
      const code = text.replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, "");
      for (const match of code.matchAll(/\b(?:import|export)\b[^;(]*?\bfrom\s*["']([^"']+)["']/g)) {
        expect(match[1], `${name} imports ${match[1]}`).toMatch(/^\.\/[\w-]+\.js$/);
      }
      expect(code, `${name} has a bare side-effect import`).not.toMatch(/\bimport\s*["']/);
      expect(code, `${name} uses require`).not.toMatch(/\brequire\s*\(/);
      // The one dynamic import is node:crypto's, through a variable and guarded by isNode().
      const dynamic = [...code.matchAll(/\bimport\s*\(([^)]*)\)/g)].map((m) => m[1]?.trim());
      expect(dynamic, name).toEqual(name === "signature-methods.js" ? ["specifier"] : []);
    }
  });

  it("Node with node:crypto unavailable: 'auto' falls back to WebCrypto with identical signatures", async () => {
    const result = await run("node-without-crypto");
    expect(blocked()).toEqual(["node:crypto"]);
    expect(result.signature).toBe("tR3+Ty81lMeYAr/Fid0kMTYa/WM=");
    expect(result.webCryptoSigns).toBe(2);
    expect(result.header).toMatch(/^OAuth oauth_consumer_key="k", oauth_nonce="[0-9a-f]{32}"/);
    expect(result.body).toBe("a=b");
    expect(result.nodeError).toContain(
      'crypto: "node" was requested but node:crypto is not available',
    );
    expect(result.nodeErrorAt).toBe("request");
  }, 30_000);

  it("a browser-like global (no process): loads without touching any built-in and signs with WebCrypto", async () => {
    const result = await run("browser");
    expect(blocked()).toEqual([]);
    expect(result.signature).toBe("tR3+Ty81lMeYAr/Fid0kMTYa/WM=");
    expect(result.webCryptoSigns).toBe(2);
    expect(result.header).toMatch(/oauth_signature="[A-Za-z0-9%]+"/);
    expect(result.body).toBe("a=b");
    expect(result.nodeError).toContain(
      'crypto: "node" was requested but node:crypto is not available',
    );
    // Not Node at all: known when the signer is created.
    expect(result.nodeErrorAt).toBe("construction");
  }, 30_000);
});
