/**
 * End-to-end: the CLI as users get it. `pnpm pack` of the CLI and of the workspace packages it
 * needs, `npm install -g --prefix` of those tarballs into an empty folder (our packages come from
 * the tarballs, the third-party ones from the npm registry), then the installed command runs
 * against a mock started here. Without the optional mock, --demo says how to add it.
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
const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const PACKAGES = ["apps/cli", "packages/admin-client", "packages/oauth1-signer", "packages/oauth2"];

/** Why the npm registry cannot be used, or undefined when it answers. */
async function registryProblem(): Promise<string | undefined> {
  try {
    const response = await fetch("https://registry.npmjs.org/-/ping", {
      signal: AbortSignal.timeout(10_000),
    });
    return response.ok ? undefined : `the npm registry answered HTTP ${response.status}`;
  } catch (error) {
    return `the npm registry is unreachable (${(error as Error).message})`;
  }
}

const problem = await registryProblem();
if (problem) console.warn(`skipping the install test: ${problem}`);

describe.skipIf(problem !== undefined)(
  `installed from its packed tarballs${problem ? ` (skipped: ${problem})` : ""}`,
  () => {
    let mock: MockGallery;
    let bin: string;
    beforeAll(async () => {
      const packs = tempDir("alteryx-admin-packs-");
      for (const dir of PACKAGES)
        await exec("npx", ["-y", "pnpm@12.4.2", "pack", "--pack-destination", packs], {
          cwd: join(ROOT, dir),
        });
      const tarballs = readdirSync(packs).map((name) => join(packs, name));
      expect(tarballs).toHaveLength(PACKAGES.length);
      const prefix = tempDir("alteryx-admin-prefix-");
      // -g with every tarball at once: npm takes our packages from them (they are not on the
      // registry) and gives the command a bin folder, as `npm install -g alteryx-admin` would.
      await exec(
        "npm",
        [
          "install",
          "-g",
          "--prefix",
          prefix,
          "--no-audit",
          "--no-fund",
          "--prefer-offline",
          ...tarballs,
        ],
        { env: { ...process.env, npm_config_loglevel: "error" } },
      );
      bin = join(prefix, "bin", "alteryx-admin");
      mock = await startMockGallery({
        consumerKey: "inst-key",
        consumerSecret: SENTINEL_SECRET,
        validation: false,
      });
    }, 240_000);
    afterAll(async () => {
      await mock?.close();
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
  },
);
