/** Spawning the built CLI against mock Galleries started in the test process. */
import { spawn } from "node:child_process";
import { chmodSync, mkdtempSync, writeFileSync } from "node:fs";
import {
  createServer as createHttpServer,
  request as httpRequest,
  type IncomingMessage,
  type ServerResponse,
} from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** The built bin: tests run after `build` (turbo's test task depends on it). */
export const BIN = fileURLToPath(new URL("../dist/bin.js", import.meta.url));

/** A secret that must never be printed. */
export const SENTINEL_SECRET = "SENTINEL-0xDEADBEEF-never-print-me";

/** Result of one CLI run. */
export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** A fresh empty directory. */
export function tempDir(prefix = "alteryx-admin-test-"): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** An environment with nothing configured: HOME is an empty directory, no ALTERYX_* variables. */
export function cleanEnv(extra: Record<string, string> = {}): Record<string, string> {
  const home = tempDir("alteryx-admin-home-");
  return { PATH: process.env.PATH ?? "", HOME: home, NO_COLOR: "1", ...extra };
}

/** The environment that points the CLI at a Gallery. */
export function galleryEnv(
  url: string,
  key: string,
  secret: string,
  extra: Record<string, string> = {},
): Record<string, string> {
  return cleanEnv({
    ALTERYX_GALLERY_URL: url,
    ALTERYX_API_KEY: key,
    ALTERYX_API_SECRET: secret,
    ...extra,
  });
}

/** Writes a private profiles file and returns its path. */
export function writeProfiles(
  profiles: Record<string, { url: string; key: string; secret: string }>,
  mode = 0o600,
): string {
  const path = join(tempDir("alteryx-admin-cfg-"), "config.json");
  writeFileSync(path, JSON.stringify({ profiles }, null, 2));
  chmodSync(path, mode);
  return path;
}

/** Runs `node dist/bin.js ...args` and collects its output. */
export function run(
  args: string[],
  options: { env: Record<string, string>; cwd?: string; input?: string },
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: options.env,
      cwd: options.cwd ?? tempDir(),
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => {
      stdout += d;
    });
    child.stderr.setEncoding("utf8").on("data", (d: string) => {
      stderr += d;
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(options.input ?? "");
  });
}

/** The objects of NDJSON output, one per line. */
export function parseNdjson<T = Record<string, unknown>>(text: string): T[] {
  return text
    .split("\n")
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as T);
}

/** A Gallery URL on a port where nothing listens (bound, then released). */
export async function closedPortUrl(): Promise<string> {
  const { createServer } = await import("node:net");
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}/gallery/api/admin/v1`;
}

/** One request to a {@link startScriptedGallery}: its Admin v1 path, query, and how to answer. */
export interface ScriptedRequest {
  /** The path after `/gallery/api/admin/v1`, such as `/workflows/`. */
  path: string;
  query: URLSearchParams;
  response: ServerResponse;
  /** Answers 200 with `body` as JSON. */
  json(body: unknown): void;
}

/**
 * A scripted Admin v1 Gallery on 127.0.0.1 (no signature checks): `answer` decides each
 * request. Resolves to its API base URL and a close().
 */
export async function startScriptedGallery(
  answer: (request: ScriptedRequest) => void,
): Promise<{ url: string; close(): Promise<void> }> {
  const server = createHttpServer((request, response) => {
    const u = new URL(request.url ?? "/", "http://127.0.0.1");
    answer({
      path: u.pathname.replace("/gallery/api/admin/v1", ""),
      query: u.searchParams,
      response,
      json: (body) => {
        response.writeHead(200, { "content-type": "application/json" });
        response.end(JSON.stringify(body));
      },
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}/gallery/api/admin/v1`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** A local HTTP server that forwards every request to `origin`, unless `intercept` answers it. */
export interface Forwarder {
  /** http://127.0.0.1:<port> */
  origin: string;
  close(): Promise<void>;
}

/**
 * Starts a forwarder in front of a mock Gallery (start the mock with `publicBaseUrl` at the
 * forwarder's origin, so signatures match). `intercept` may answer a request itself and return
 * true; `observe` sees each forwarded answer's body (such as a token answer).
 */
export async function startForwarder(
  target: () => string,
  intercept: (req: IncomingMessage, res: ServerResponse) => boolean = () => false,
  observe?: (req: IncomingMessage, body: Buffer) => void,
): Promise<Forwarder> {
  const server = createHttpServer((req, res) => {
    if (intercept(req, res)) return;
    const upstream = new URL(target());
    const forward = httpRequest(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path: req.url,
        headers: req.headers,
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        if (observe) {
          const chunks: Buffer[] = [];
          answer.on("data", (c: Buffer) => chunks.push(c));
          answer.on("end", () => observe(req, Buffer.concat(chunks)));
        }
        answer.pipe(res);
      },
    );
    forward.on("error", () => res.destroy());
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
