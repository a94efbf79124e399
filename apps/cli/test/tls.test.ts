/**
 * End-to-end: --ca with a private CA. An HTTPS proxy (certificate from a CA made with openssl for
 * this test) in front of a mock Gallery whose public base URL is the proxy's.
 */
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { request as httpRequest } from "node:http";
import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { type MockGallery, startMockGallery } from "@alteryx-admin/mock-gallery";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cleanEnv, galleryEnv, run, SENTINEL_SECRET, tempDir } from "./helpers.js";

function hasOpenssl(): boolean {
  try {
    execFileSync("openssl", ["version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

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

describe.skipIf(!hasOpenssl())("--ca with a private CA", () => {
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
      // The secret read from stdin survives the re-exec that applies the CA.
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
    expect(doctorWithout.stdout).toMatch(/^FAIL {2}TLS +TLS verification failed .*pass --ca FILE/m);
  });
});
