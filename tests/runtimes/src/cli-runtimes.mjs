/**
 * Node, Deno and Bun: where each one's binary is, and how the suite runs in it.
 *
 * Deno and Bun come from the npm registry. Their packages ship the binary in a per-platform
 * optional dependency (@deno/linux-x64-glibc, @oven/bun-linux-x64, ...); their postinstall
 * scripts only link it into place (and Bun's may download another build), so they are not run
 * (pnpm-workspace.yaml's allowBuilds) and the binary is taken from the optional dependency.
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { RESULTS_PREFIX } from "./suite.mjs";

const require = createRequire(import.meta.url);
const ENTRY = join(import.meta.dirname, "cli-entry.mjs");
/** A runtime that takes longer than this for the whole suite has hung. */
const SUITE_TIMEOUT_MS = 180_000;

/** The per-platform packages, keyed by `${process.platform}-${process.arch}`. */
export const DENO_PACKAGES = {
  "linux-x64": "@deno/linux-x64-glibc",
  "linux-arm64": "@deno/linux-arm64-glibc",
  "darwin-x64": "@deno/darwin-x64",
  "darwin-arm64": "@deno/darwin-arm64",
  "win32-x64": "@deno/win32-x64",
  "win32-arm64": "@deno/win32-arm64",
};
const BUN_PACKAGES = {
  "linux-x64": "@oven/bun-linux-x64",
  "linux-arm64": "@oven/bun-linux-aarch64",
  "darwin-x64": "@oven/bun-darwin-x64",
  "darwin-arm64": "@oven/bun-darwin-aarch64",
  "win32-x64": "@oven/bun-windows-x64",
  "win32-arm64": "@oven/bun-windows-aarch64",
};

/**
 * The binary that `wrapper`'s optional dependency for this platform ships, or why there is none.
 * @returns {{ path: string } | { reason: string }}
 */
export function shippedBinary(wrapper, packages, relativePath) {
  const platform = `${process.platform}-${process.arch}`;
  const name = packages[platform];
  if (name === undefined) return { reason: `${wrapper} ships no binary for ${platform}` };
  let wrapperJson;
  try {
    wrapperJson = require.resolve(`${wrapper}/package.json`);
  } catch {
    return { reason: `the npm package ${wrapper} is not installed (pnpm install)` };
  }
  let dir;
  try {
    dir = dirname(createRequire(wrapperJson).resolve(`${name}/package.json`));
  } catch {
    return {
      reason: `${wrapper}'s optional dependency ${name} is not installed (an install with --no-optional, or a platform it does not support)`,
    };
  }
  const path = join(dir, process.platform === "win32" ? `${relativePath}.exe` : relativePath);
  return existsSync(path) ? { path } : { reason: `${name} has no ${relativePath}` };
}

/** The version a binary prints, or why it would not start. */
function versionOf(path, args, pattern) {
  const result = spawnSync(path, args, { encoding: "utf8", timeout: 60_000 });
  if (result.error) return { reason: `${path} would not start: ${result.error.message}` };
  const match = pattern.exec(result.stdout);
  if (result.status !== 0 || match === null) {
    const said = `${result.stdout}${result.stderr}`.trim().split("\n")[0] ?? "";
    return { reason: `${path} --version exited with ${result.status}: ${said}` };
  }
  return { version: match[1] };
}

/**
 * The CLI runtimes: each `locate()` gives the command that runs the suite's entry, or the reason
 * the runtime cannot run here.
 */
export const CLI_RUNTIMES = [
  {
    name: "node",
    locate: () => ({ command: process.execPath, args: [ENTRY], version: process.versions.node }),
  },
  {
    name: "deno",
    locate() {
      const binary = shippedBinary("deno", DENO_PACKAGES, "deno");
      if ("reason" in binary) return binary;
      const version = versionOf(binary.path, ["--version"], /^deno (\S+)/);
      if ("reason" in version) return version;
      // Only what the suite needs: the mock on loopback and the one variable with its context.
      // node_modules is pnpm's (manual): Deno reads it and installs nothing, and writes no lock.
      const args = [
        "run",
        "--allow-net=127.0.0.1",
        "--allow-env=RUNTIMES_SUITE_CONTEXT",
        "--node-modules-dir=manual",
        "--no-lock",
        "--no-prompt",
        ENTRY,
      ];
      return { command: binary.path, args, version: version.version };
    },
  },
  {
    name: "bun",
    locate() {
      const binary = shippedBinary("bun", BUN_PACKAGES, "bin/bun");
      if ("reason" in binary) return binary;
      const version = versionOf(binary.path, ["--version"], /^(\d+\.\d+\.\d+\S*)/);
      if ("reason" in version) return version;
      return { command: binary.path, args: [ENTRY], version: version.version };
    },
  },
];

/**
 * Runs the suite's entry in one CLI runtime and resolves to its results, or rejects with what
 * the runtime printed when it gave none (a crash, a refused permission, a hang).
 * @param {{ command: string, args: string[] }} located
 * @param {object} context the suite's context (holds the mock's secret: passed in the
 *   environment, never on the command line)
 */
export function runCli(located, context) {
  const env = {
    PATH: process.env.PATH ?? "",
    HOME: process.env.HOME ?? "",
    NO_COLOR: "1",
    DENO_NO_UPDATE_CHECK: "1",
    RUNTIMES_SUITE_CONTEXT: JSON.stringify(context),
  };
  return new Promise((resolve, reject) => {
    const child = spawn(located.command, located.args, {
      cwd: join(import.meta.dirname, ".."),
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => {
      stdout += chunk;
    });
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), SUITE_TIMEOUT_MS);
    child.on("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      const line = stdout.split("\n").find((l) => l.startsWith(RESULTS_PREFIX));
      if (line !== undefined) {
        resolve(JSON.parse(line.slice(RESULTS_PREFIX.length)));
        return;
      }
      const how = signal === "SIGKILL" ? `killed after ${SUITE_TIMEOUT_MS} ms` : `exit ${code}`;
      const output = `${stdout}${stderr}`.trim().slice(-2000);
      reject(new Error(`the suite gave no results (${how}):\n${output}`));
    });
  });
}
