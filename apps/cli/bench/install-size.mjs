// The installed size and package count of the CLI from its packed tarballs (`npm install -g`
// into an empty prefix), without and with the optional mock Gallery. Needs the npm registry
// for the mock's third-party packages (the CLI itself is one bundled file).
import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const exec = promisify(execFile);
const ROOT = fileURLToPath(new URL("../../../", import.meta.url));

/** Packs the workspace packages in `dirs` into a fresh folder; returns the tarball paths. */
async function pack(dirs) {
  const out = mkdtempSync(join(tmpdir(), "alteryx-admin-packs-"));
  for (const dir of dirs)
    await exec("npx", ["-y", "pnpm@12.4.2", "pack", "--pack-destination", out], {
      cwd: join(ROOT, dir),
    });
  return readdirSync(out).map((name) => join(out, name));
}

/** Installs tarballs into an empty prefix; returns npm's package count and the size on disk. */
async function install(tarballs) {
  const prefix = mkdtempSync(join(tmpdir(), "alteryx-admin-prefix-"));
  try {
    const { stdout } = await exec("npm", [
      "install",
      "-g",
      "--prefix",
      prefix,
      "--no-audit",
      "--no-fund",
      ...tarballs,
    ]);
    const added = Number(/added (\d+) packages?/.exec(stdout)?.[1]);
    const { stdout: du } = await exec("du", ["-sk", join(prefix, "lib", "node_modules")]);
    return { added, bytes: Number(du.split("\t")[0]) * 1024 };
  } finally {
    rmSync(prefix, { recursive: true, force: true });
  }
}

/** Prints the sizes of a plain install and of one with the mock. */
export async function installSizes() {
  // The CLI is one bundled file (scripts/bundle.mjs): its tarball alone; the mock brings its own.
  const plain = await install(await pack(["apps/cli"]));
  const withMock = await install(await pack(["apps/cli", "packages/mock-gallery"]));
  const mb = (b) => `${(b / 1e6).toFixed(1)} MB`;
  console.log("4. installed from the packed tarballs (npm install -g into an empty prefix)");
  const count = (n) => `${n} package${n === 1 ? "" : "s"}`;
  console.log(`   alteryx-admin              ${count(plain.added)}, ${mb(plain.bytes)}`);
  console.log(
    `   with the mock (for --demo) ${count(withMock.added)}, ${mb(withMock.bytes)} (baseline: ${(withMock.bytes / plain.bytes).toFixed(0)}x the plain install)`,
  );
}
