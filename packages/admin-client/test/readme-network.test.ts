/**
 * The README's "Network settings" examples, run as written against local servers: an HTTPS
 * Gallery whose certificate comes from a CA made here, one that also requires a client
 * certificate, and a forward proxy that counts its tunnels. Only the host names, file names and
 * the proxy URL of each example are replaced by the local ones; `readme.test.ts` type-checks
 * the same blocks.
 */
import * as fs from "node:fs";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as tls from "node:tls";
import ts from "typescript";
import * as undici from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as client from "../src/index.js";
import {
  type Certificates,
  makeCertificates,
  sendJson,
  startHttpsServer,
  startProxy,
  startServer,
  type TestProxy,
  type TestServer,
} from "./servers.js";

const readme = fs.readFileSync(new URL("../README.md", import.meta.url), "utf8");
const ROOT = "/gallery/api/admin/v1";
const USERS = [{ id: "5a0000000000000000000001", email: "ana@example.com" }];
const MODULES: Record<string, unknown> = {
  "@alteryx-admin/client": client,
  undici,
  "node:fs": fs,
  "node:tls": tls,
};

/** The ```ts blocks of the README section that starts with `heading`. */
function sectionBlocks(heading: string): string[] {
  const start = readme.indexOf(`\n${heading}\n`);
  const end = readme.indexOf("\n## ", start + heading.length + 2);
  const section = readme.slice(start, end === -1 ? undefined : end);
  return [...section.matchAll(/\n```ts\n([\s\S]*?)\n```/g)].map((m) => m[1] as string);
}

/**
 * Runs one example: TypeScript to JavaScript, its named imports taken from {@link MODULES}, the
 * code in an async function (for top-level await), `console.log` collected. Returns the lines.
 */
async function run(code: string, replacements: Record<string, string>): Promise<string[]> {
  let source = code;
  for (const [from, to] of Object.entries(replacements)) {
    expect(source).toContain(from);
    source = source.replaceAll(from, to);
  }
  const js = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
  }).outputText;
  const body = js.replace(
    /^import\s*\{([^}]*)\}\s*from\s*"([^"]+)";$/gm,
    (_, names: string, from: string) => {
      expect(MODULES, `the example imports ${from}`).toHaveProperty([from]);
      return `const {${names.replace(/\s+as\s+/g, ": ")}} = modules[${JSON.stringify(from)}];`;
    },
  );
  const lines: string[] = [];
  const log = (...values: unknown[]) => lines.push(values.map(String).join(" "));
  const AsyncFunction = Object.getPrototypeOf(async () => undefined).constructor as new (
    ...args: string[]
  ) => (modules: Record<string, unknown>, console: { log: typeof log }) => Promise<void>;
  await new AsyncFunction("modules", "console", body)(MODULES, { log });
  return lines;
}

let certificates: Certificates;
let dir: string;
let trusted: TestServer;
let mutual: TestServer;
let plain: TestServer;
let proxy: TestProxy;
/** The example's file names (as string literals) mapped to the test's files. */
const files = (...names: string[]) =>
  Object.fromEntries(names.map((name) => [JSON.stringify(name), JSON.stringify(join(dir, name))]));

beforeAll(async () => {
  certificates = await makeCertificates();
  dir = mkdtempSync(join(tmpdir(), "client-readme-"));
  writeFileSync(join(dir, "corporate-ca.pem"), certificates.ca);
  writeFileSync(join(dir, "client-cert.pem"), certificates.clientCert);
  writeFileSync(join(dir, "client-key.pem"), certificates.clientKey);
  const answer = (_: unknown, res: import("node:http").ServerResponse) => sendJson(res, USERS);
  trusted = await startHttpsServer(certificates, answer);
  mutual = await startHttpsServer(certificates, answer, true);
  plain = await startServer(answer);
  proxy = await startProxy();
  process.env.ALTERYX_KEY = "readme-key";
  process.env.ALTERYX_SECRET = "readme-secret";
});
afterAll(async () => {
  await Promise.all([trusted, mutual, plain, proxy].map((s) => s?.close()));
  rmSync(dir, { recursive: true, force: true });
  delete process.env.ALTERYX_KEY;
  delete process.env.ALTERYX_SECRET;
});

describe("README network settings", () => {
  const blocks = sectionBlocks("## Network settings: private CA, client certificates, proxies");

  it("has the three examples", () => {
    expect(blocks).toHaveLength(3);
  });

  it("a private CA: the example reaches a server whose certificate only that CA signed", async () => {
    const [example] = blocks;
    const lines = await run(example as string, {
      "https://gallery.corp.example": trusted.origin,
      ...files("corporate-ca.pem"),
    });
    expect(lines).toEqual(["1 user(s)"]);
    expect(trusted.seen).toHaveLength(1);
    expect(trusted.seen[0]?.headers.authorization).toMatch(
      /^OAuth oauth_consumer_key="readme-key"/,
    );
    // Without the dispatcher, Node does not trust that certificate.
    const bare = client.createAdminClient({
      baseUrl: `${trusted.origin}${ROOT}`,
      consumerKey: "k",
      consumerSecret: "s",
      retry: false,
    });
    const error = await bare.GET("/users/").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(client.AlteryxNetworkError);
    expect(trusted.seen).toHaveLength(1);
  });

  it("client certificates: the server that requires one sees the example's", async () => {
    const [, example] = blocks;
    const lines = await run(example as string, {
      "https://gallery.corp.example": mutual.origin,
      ...files("corporate-ca.pem", "client-cert.pem", "client-key.pem"),
    });
    expect(lines).toEqual(["1 user(s)"]);
    expect(mutual.seen.map((s) => s.clientCertificate)).toEqual(["test-client"]);
  });

  it("a proxy: both of the example's clients go through it", async () => {
    const [, , example] = blocks;
    const saved = { HTTP_PROXY: process.env.HTTP_PROXY, NO_PROXY: process.env.NO_PROXY };
    process.env.HTTP_PROXY = proxy.origin;
    process.env.NO_PROXY = "";
    try {
      const lines = await run(example as string, {
        "https://gallery.example.com": plain.origin,
        "http://proxy.corp.example:3128": proxy.origin,
      });
      expect(lines).toEqual(["1 user(s) through the proxy", "1 user(s) through HTTP_PROXY"]);
    } finally {
      for (const [name, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
    const target = new URL(plain.origin).host;
    expect(proxy.tunnels).toEqual([target, target]);
    expect(plain.seen).toHaveLength(2);
  });
});
