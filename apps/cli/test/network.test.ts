/**
 * End-to-end: the CLI's network settings, on 127.0.0.1 only. --ca with a private CA (an HTTPS
 * front with a certificate from a CA made with openssl for this test, before a mock Gallery whose
 * public base URL is the front's); HTTP_PROXY, NO_PROXY and --proxy through a local proxy that
 * counts what it forwards; --timeout against servers that stall.
 */
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import {
  createServer as createHttpServer,
  type Server as HttpServer,
  request as httpRequest,
} from "node:http";
import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { type MockGallery, startMockGallery } from "@alteryx-admin/mock-gallery";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cleanEnv, closedPortUrl, galleryEnv, run, SENTINEL_SECRET, tempDir } from "./helpers.js";

/** Why the openssl binary cannot make the test's CA, or undefined when it can. */
function opensslProblem(): string | undefined {
  try {
    execFileSync("openssl", ["version"], { stdio: "ignore" });
    return undefined;
  } catch (error) {
    return `openssl does not run here (${(error as Error).message})`;
  }
}
const noOpenssl = opensslProblem();

/** Makes a CA and a certificate for 127.0.0.1 signed by it; returns the file paths. */
function makeCertificates(): { ca: string; key: string; cert: string } {
  const dir = tempDir("alteryx-admin-tls-");
  const f = (name: string) => join(dir, name);
  const openssl = (...args: string[]) => execFileSync("openssl", args, { stdio: "ignore" });
  openssl(
    "req",
    "-x509",
    "-newkey",
    "rsa:2048",
    "-nodes",
    "-keyout",
    f("ca.key"),
    "-out",
    f("ca.pem"),
    "-days",
    "2",
    "-subj",
    "/CN=alteryx-admin test CA",
    "-addext",
    "basicConstraints=critical,CA:TRUE",
    "-addext",
    "keyUsage=critical,keyCertSign",
  );
  openssl(
    "req",
    "-newkey",
    "rsa:2048",
    "-nodes",
    "-keyout",
    f("server.key"),
    "-out",
    f("server.csr"),
    "-subj",
    "/CN=127.0.0.1",
  );
  writeFileSync(f("ext.cnf"), "subjectAltName=IP:127.0.0.1,DNS:localhost\n");
  openssl(
    "x509",
    "-req",
    "-in",
    f("server.csr"),
    "-CA",
    f("ca.pem"),
    "-CAkey",
    f("ca.key"),
    "-CAcreateserial",
    "-out",
    f("server.pem"),
    "-days",
    "2",
    "-extfile",
    f("ext.cnf"),
  );
  return { ca: f("ca.pem"), key: f("server.key"), cert: f("server.pem") };
}

describe.skipIf(noOpenssl !== undefined)(
  `--ca with a private CA${noOpenssl ? ` (skipped: ${noOpenssl})` : ""}`,
  () => {
    let proxy: Server;
    let mock: MockGallery;
    let url: string;
    let ca: string;

    beforeAll(async () => {
      const files = makeCertificates();
      ca = files.ca;
      let upstreamPort = 0;
      proxy = createServer(
        { key: readFileSync(files.key), cert: readFileSync(files.cert) },
        (req, res) => {
          const upstream = httpRequest(
            {
              host: "127.0.0.1",
              port: upstreamPort,
              method: req.method,
              path: req.url,
              headers: req.headers,
            },
            (answer) => {
              res.writeHead(answer.statusCode ?? 502, answer.headers);
              answer.pipe(res);
            },
          );
          upstream.on("error", () => res.destroy());
          req.pipe(upstream);
        },
      );
      await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
      url = `https://127.0.0.1:${(proxy.address() as AddressInfo).port}/gallery/api/admin/v1`;
      mock = await startMockGallery({
        consumerKey: "tls-key",
        consumerSecret: SENTINEL_SECRET,
        // The mock takes the public address up to the Gallery root (it appends /api/admin/v1).
        publicBaseUrl: url.replace(/\/api\/admin\/v1$/, ""),
      });
      upstreamPort = Number(new URL(mock.origin).port);
    });
    afterAll(async () => {
      proxy?.closeAllConnections();
      await new Promise((resolve) => proxy?.close(resolve));
      await mock?.close();
    });

    it("fails verification without --ca (exit 1, with the fix) and works with it", async () => {
      const env = galleryEnv(url, "tls-key", SENTINEL_SECRET);
      const [without, withCa, doctor, stdinSecret, doctorWithout] = await Promise.all([
        run(["subscriptions"], { env }),
        run(["--ca", ca, "subscriptions", "--fields", "id"], { env }),
        run(["--ca", ca, "doctor"], { env }),
        // The secret read from stdin, with the CA applied in the same process.
        run(
          [
            "--ca",
            ca,
            "--url",
            url,
            "--key",
            "tls-key",
            "--secret-stdin",
            "subscriptions",
            "--fields",
            "id",
          ],
          {
            env: cleanEnv(),
            input: `${SENTINEL_SECRET}\n`,
          },
        ),
        run(["doctor"], { env }),
      ]);
      const insecure = await run(["subscriptions"], {
        env: { ...env, NODE_TLS_REJECT_UNAUTHORIZED: "0" },
      });
      expect(insecure.code).toBe(2);
      expect(insecure.stderr.trim()).toMatch(
        /^error: NODE_TLS_REJECT_UNAUTHORIZED=0 would turn off TLS verification.*unset it/,
      );
      expect(insecure.stdout).toBe("");
      expect(stdinSecret.code, stdinSecret.stderr).toBe(0);
      expect(JSON.parse(stdinSecret.stdout)).toEqual(JSON.parse(withCa.stdout));
      expect(without.code).toBe(1);
      expect(without.stderr).toMatch(/TLS verification failed.*--ca FILE/);
      expect(withCa.code, withCa.stderr).toBe(0);
      expect((JSON.parse(withCa.stdout) as unknown[]).length).toBeGreaterThan(0);
      expect(doctor.code, doctor.stdout + doctor.stderr).toBe(0);
      expect(doctor.stdout).toMatch(
        /^ok {4}TLS +TLSv1\.[23], certificate for 127\.0\.0\.1 from alteryx-admin test CA/m,
      );
      expect(doctorWithout.code).toBe(1);
      expect(doctorWithout.stdout).toMatch(
        /^FAIL {2}TLS +TLS verification failed .*pass --ca FILE/m,
      );
    });
  },
);

/** Listens on 127.0.0.1 and returns the origin. */
async function listen(server: HttpServer): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** Closes a server and every connection it holds. */
function shut(server: HttpServer | undefined): Promise<void> {
  server?.closeAllConnections();
  return new Promise((resolve) => (server ? server.close(() => resolve()) : resolve()));
}

describe("proxies", () => {
  let mock: MockGallery;
  let proxy: HttpServer;
  let proxyUrl: string;
  /** Requests the proxy forwarded (http:// targets come as absolute-form requests). */
  const forwarded: string[] = [];

  beforeAll(async () => {
    mock = await startMockGallery({
      consumerKey: "proxy-key",
      consumerSecret: SENTINEL_SECRET,
      validation: false,
    });
    proxy = createHttpServer((req, res) => {
      const target = new URL(req.url ?? "");
      forwarded.push(`${req.method} ${target.pathname}`);
      const upstream = httpRequest(
        {
          host: target.hostname,
          port: target.port,
          method: req.method,
          path: target.pathname + target.search,
          headers: req.headers,
        },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      upstream.on("error", () => res.destroy());
      req.pipe(upstream);
    });
    proxyUrl = await listen(proxy);
  });
  afterAll(async () => {
    await shut(proxy);
    await mock?.close();
  });

  it("goes through HTTP_PROXY (all of its requests), skips it for NO_PROXY hosts, and --proxy overrides both", async () => {
    const env = galleryEnv(mock.url, "proxy-key", SENTINEL_SECRET);
    const down = new URL(await closedPortUrl()).origin;
    const seen = () => mock.requests.length;

    let before = { forwarded: forwarded.length, mock: seen() };
    const viaEnv = await run(["users", "--all", "--page-size", "100"], {
      env: { ...env, HTTP_PROXY: proxyUrl },
    });
    expect(viaEnv.code, viaEnv.stderr).toBe(0);
    const pages = seen() - before.mock;
    expect(pages).toBeGreaterThan(1);
    expect(forwarded.length - before.forwarded).toBe(pages);
    expect(forwarded.at(-1)).toBe("GET /gallery/api/admin/v1/users/");

    before = { forwarded: forwarded.length, mock: seen() };
    const excluded = await run(["users"], {
      env: { ...env, HTTP_PROXY: proxyUrl, NO_PROXY: "127.0.0.1" },
    });
    expect(excluded.code, excluded.stderr).toBe(0);
    expect(forwarded.length - before.forwarded).toBe(0);
    expect(seen() - before.mock).toBe(1);

    before = { forwarded: forwarded.length, mock: seen() };
    const viaFlag = await run(["--proxy", proxyUrl, "users"], {
      env: { ...env, HTTP_PROXY: down, NO_PROXY: "127.0.0.1" },
    });
    expect(viaFlag.code, viaFlag.stderr).toBe(0);
    expect(forwarded.length - before.forwarded).toBe(1);

    const deadProxy = await run(["--proxy", down, "users"], { env });
    expect(deadProxy.code).toBe(1);
    expect(deadProxy.stderr.trim()).toBe(
      `error: GET /users/?page=0&pageSize=100 to ${mock.origin}: through --proxy: cannot connect to ${down}: connection refused (is the server running and the port right?)`,
    );
    for (const r of [viaEnv, excluded, viaFlag, deadProxy])
      expect(r.stdout + r.stderr).not.toContain(SENTINEL_SECRET);
  });
});

/** Package downloads the --timeout server answers: one stalls mid-body, one is cut mid-body. */
const STALLED_PACKAGE = "5a0000000000000000000001";
const CUT_PACKAGE = "5a0000000000000000000002";

describe("--timeout", () => {
  let server: HttpServer;
  let url: string;
  beforeAll(async () => {
    server = createHttpServer((req, res) => {
      if (req.url?.includes("/users/")) {
        // Headers, the start of the body, then nothing: a stalled body.
        res.writeHead(200, { "content-type": "application/json" });
        res.write("[");
        return;
      }
      if (req.url?.includes("/package/")) {
        // A streamed download: headers and the first bytes, then a stall or a cut connection.
        res.writeHead(200, {
          "content-type": "application/octet-stream",
          "content-disposition": 'attachment; filename="Sales.yxzp"',
        });
        res.write(Buffer.alloc(1024, 1));
        if (req.url.includes(CUT_PACKAGE)) setTimeout(() => res.socket?.destroy(), 50);
        return;
      }
      // No answer at all.
    });
    url = `${await listen(server)}/gallery/api/admin/v1`;
  });
  afterAll(async () => {
    await shut(server);
  });

  it("fails a body that stalls after the headers, and a server that never answers, naming the request", async () => {
    const env = galleryEnv(url, "k", SENTINEL_SECRET);
    const [stalled, silent] = await Promise.all([
      run(["--timeout", "1", "users"], { env }),
      run(["--timeout", "0.5", "subscriptions"], { env }),
    ]);
    expect(stalled.code).toBe(1);
    expect(stalled.stderr.trim()).toBe(
      `error: GET /users/?page=0&pageSize=100 to ${new URL(url).origin}: the answer's body stalled for 1 s (--timeout 1); check that the server is up and reachable from here (alteryx-admin doctor checks it), or raise --timeout`,
    );
    expect(silent.code).toBe(1);
    expect(silent.stderr.trim()).toMatch(
      new RegExp(
        `^error: GET /subscriptions/\\S* to ${new URL(url).origin.replace(/[.]/g, "\\.")}: no answer for 0\\.5 s \\(--timeout 0\\.5\\)`,
      ),
    );
    const bad = await run(["--timeout", "soon", "users"], { env });
    expect(bad.code).toBe(2);
  });

  it("names the download whose streamed body stalls or is cut, from the client's typed errors", async () => {
    const env = galleryEnv(url, "k", SENTINEL_SECRET);
    const out = tempDir();
    const origin = new URL(url).origin;
    const result = await run(
      ["--timeout", "0.5", "workflows", "download", STALLED_PACKAGE, CUT_PACKAGE, "--out", out],
      { env },
    );
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr.trim().split("\n")).toEqual([
      `error: ${STALLED_PACKAGE}: GET /${STALLED_PACKAGE}/package/ to ${origin}: the answer's body stalled for 0.5 s (--timeout 0.5); check that the server is up and reachable from here (alteryx-admin doctor checks it), or raise --timeout`,
      `error: ${CUT_PACKAGE}: GET /${CUT_PACKAGE}/package/ to ${origin}: the connection was cut while reading the answer (UND_ERR_SOCKET); run the command again`,
      `error: 2 of 2 packages failed: ${STALLED_PACKAGE} ${CUT_PACKAGE}`,
    ]);
  });
});
