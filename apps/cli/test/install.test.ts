/**
 * End-to-end: the CLI as users get it. `pnpm pack` of the CLI, `npm install -g --prefix` of that
 * tarball into an empty folder with npm offline (the published CLI is one bundled file: it needs
 * no other package), then the installed command runs against a mock started here. Without the
 * optional mock, --demo says how to add it.
 */
import { execFile } from "node:child_process";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { type MockGallery, startMockGallery } from "@alteryx-admin/mock-gallery";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cleanEnv, galleryEnv, SENTINEL_SECRET, tempDir } from "./helpers.js";

const exec = promisify(execFile);
const CLI = fileURLToPath(new URL("..", import.meta.url));

describe("installed from its packed tarball", () => {
  let mock: MockGallery;
  let bin: string;
  let installed: string;
  beforeAll(async () => {
    const packs = tempDir("alteryx-admin-packs-");
    await exec("npx", ["-y", "pnpm@12.4.2", "pack", "--pack-destination", packs], { cwd: CLI });
    const tarballs = readdirSync(packs).map((name) => join(packs, name));
    expect(tarballs).toHaveLength(1);
    const prefix = tempDir("alteryx-admin-prefix-");
    // --offline: the install must not need the registry (nothing to fetch besides the tarball).
    await exec(
      "npm",
      ["install", "-g", "--prefix", prefix, "--offline", "--no-audit", "--no-fund", ...tarballs],
      { env: { ...process.env, npm_config_loglevel: "error" } },
    );
    bin = join(prefix, "bin", "alteryx-admin");
    installed = join(prefix, "lib", "node_modules", "alteryx-admin");
    mock = await startMockGallery({
      consumerKey: "inst-key",
      consumerSecret: SENTINEL_SECRET,
      validation: false,
    });
  }, 240_000);
  afterAll(async () => {
    await mock?.close();
  });

  it("is one file and its licenses, with no dependency installed beside it", () => {
    expect(readdirSync(join(installed, "dist")).sort()).toEqual([
      "THIRD-PARTY-LICENSES.txt",
      "bin.js",
    ]);
    expect(readdirSync(installed)).not.toContain("node_modules");
  });

  it("answers --version, lists users from a Gallery, and explains how to add the demo", async () => {
    const version = await exec(bin, ["--version"], { env: cleanEnv() });
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
    const users = await exec(bin, ["users", "--page-size", "3", "--fields", "email"], {
      env: galleryEnv(mock.url, "inst-key", SENTINEL_SECRET),
    });
    expect(JSON.parse(users.stdout)).toHaveLength(3);
    const demo = await exec(bin, ["--demo", "users"], { env: cleanEnv() }).catch(
      (error: { code: number; stderr: string }) => error,
    );
    expect(demo).toMatchObject({ code: 2 });
    expect((demo as { stderr: string }).stderr.trim()).toBe(
      "error: --demo needs the optional package @alteryx-admin/mock-gallery, which is not installed: run `npm install -g @alteryx-admin/mock-gallery` (or add it next to alteryx-admin in your project)",
    );
  });
});
