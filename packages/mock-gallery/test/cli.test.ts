import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { main, parseCliArgs } from "../src/cli.js";
import type { MockGallery } from "../src/index.js";
import { signedFetch } from "./sign.js";

let running: MockGallery | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
  process.exitCode = undefined;
});

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (t: string) => out.push(t), err: (t: string) => err.push(t) }, out, err };
}

describe("mock-gallery command", () => {
  it("parses every option", () => {
    expect(
      parseCliArgs([
        "--port",
        "0",
        "--host",
        "127.0.0.1",
        "--key",
        "k",
        "--secret",
        "s",
        "--seed",
        "3",
        "--static",
        "--public-base-url",
        "https://g.example.com/gallery",
        "--bom",
        "--no-validation",
        "--package-bytes",
        "256MiB",
      ]),
    ).toEqual({
      port: 0,
      host: "127.0.0.1",
      consumerKey: "k",
      consumerSecret: "s",
      seed: 3,
      static: true,
      publicBaseUrl: "https://g.example.com/gallery",
      bom: true,
      validation: false,
      packageBytes: 256 * 1024 * 1024,
    });
    expect(parseCliArgs(["--package-bytes", "1GiB"]).packageBytes).toBe(1024 ** 3);
    expect(parseCliArgs(["--job-duration-ms", "0"]).jobDurationMs).toBe(0);
    expect(() => parseCliArgs(["--job-duration-ms", "fast"])).toThrow(
      /--job-duration-ms must be an integer, not "fast"/,
    );
    expect(parseCliArgs(["--package-bytes", "1000"]).packageBytes).toBe(1000);
    expect(() => parseCliArgs(["--package-bytes", "1GB"])).toThrow(
      /--package-bytes must be a number of bytes, optionally with KiB, MiB or GiB/,
    );
  });

  it("starts, prints the Admin v1 URL and the credentials, and serves signed requests", async () => {
    const { io, out, err } = capture();
    running = await main(["--key", "cli-key", "--secret", "cli-secret", "--seed", "2"], io);
    expect(running).toBeDefined();
    const text = out.join("");
    expect(text).toContain(`Admin v1 URL:    ${running?.url}`);
    expect(text).toContain("Consumer key:    cli-key");
    expect(text).toContain("Consumer secret: (as given with --secret)");
    expect(text + err.join("")).not.toContain("cli-secret");
    const res = await signedFetch(
      { consumerKey: "cli-key", consumerSecret: "cli-secret" },
      `${running?.url}/users/?pageSize=1`,
    );
    expect(res.status).toBe(200);
    expect(err.join("")).toMatch(/GET \/gallery\/api\/admin\/v1\/users\/ 200/);
  });

  it("prints a generated secret once so that the user can sign", async () => {
    const { io, out } = capture();
    running = await main(["--quiet"], io);
    expect(out.join("")).toContain(`Consumer secret: ${running?.credentials.consumerSecret}`);
  });

  it("explains a bad option and sets exit code 2", async () => {
    const { io, err } = capture();
    expect(await main(["--seed", "many"], io)).toBeUndefined();
    expect(err.join("")).toMatch(/--seed must be an integer, not "many"/);
    expect(process.exitCode).toBe(2);
    expect(await main(["--colour"], io)).toBeUndefined();
    expect(err.join("")).toMatch(/Unknown option '--colour'/);
  });

  it("--help prints the usage", async () => {
    const { io, out } = capture();
    expect(await main(["--help"], io)).toBeUndefined();
    expect(out.join("")).toMatch(/^Usage: mock-gallery \[options\]/);
  });

  const bin = fileURLToPath(new URL("../dist/bin.js", import.meta.url));
  it.skipIf(!existsSync(bin)).each(["SIGINT", "SIGTERM"] as const)(
    "the built bin serves signed requests and stops cleanly on %s (exit 0)",
    async (signal) => {
      const child = spawn(process.execPath, [bin, "--key", "bin-key", "--secret", "bin-secret"], {
        stdio: ["ignore", "pipe", "pipe"],
      });
      let stderr = "";
      child.stderr.on("data", (chunk: Buffer) => {
        stderr += chunk.toString();
      });
      const exited = new Promise<number | null>((resolve) =>
        child.on("exit", (code) => resolve(code)),
      );
      try {
        const url = await new Promise<string>((resolve, reject) => {
          let text = "";
          child.stdout.on("data", (chunk: Buffer) => {
            text += chunk.toString();
            const match = /Admin v1 URL:\s+(\S+)/.exec(text);
            if (match?.[1]) resolve(match[1]);
          });
          child.on("exit", () => reject(new Error(`exited early: ${text}${stderr}`)));
        });
        expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/gallery\/api\/admin\/v1$/);
        const res = await signedFetch(
          { consumerKey: "bin-key", consumerSecret: "bin-secret" },
          `${url}/users/?pageSize=1`,
          { placement: "query" },
        );
        expect(res.status).toBe(200);
        child.kill(signal);
        expect(await exited).toBe(0);
        expect(stderr).toContain(`${signal} received, stopping`);
        expect(stderr).toMatch(/GET \/gallery\/api\/admin\/v1\/users\/ 200/);
        // the request log never shows the query's signature nor the secret
        expect(stderr).not.toMatch(/oauth_signature|bin-secret/);
      } finally {
        if (child.exitCode === null) child.kill("SIGKILL");
      }
    },
    60_000,
  );

  it.skipIf(!existsSync(bin))(
    "a Ctrl-C while the built bin is still loading also exits 0",
    async () => {
      const child = spawn(process.execPath, [bin, "--quiet"], {
        stdio: ["ignore", "pipe", "pipe"],
      });
      const exited = new Promise<number | null>((resolve) =>
        child.on("exit", (code) => resolve(code)),
      );
      try {
        // "starting" is written once the handlers are in, before Prism loads
        await new Promise<void>((resolve) => {
          let stderr = "";
          child.stderr.on("data", (chunk: Buffer) => {
            stderr += chunk.toString();
            if (stderr.includes("mock-gallery: starting")) resolve();
          });
        });
        child.kill("SIGINT");
        expect(await exited).toBe(0);
      } finally {
        if (child.exitCode === null) child.kill("SIGKILL");
      }
    },
    60_000,
  );
});
