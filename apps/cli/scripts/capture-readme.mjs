// Re-runs the examples of README.md and writes their real output back: every ```console block
// that shows output has each `$ command` run with bash (stdout and stderr merged, in order), in
// document order, against three mock servers, each configured by its address: profile `dev`
// (Server 2021.4, seed 1, port 4600, the default profile), `prod` (2022.1, seed 2, port 4601) and
// `old` (2021.3, seed 3, port 4602). Blocks without output lines are left alone.
// Usage: `pnpm build`, then `node scripts/capture-readme.mjs` (from apps/cli).
import { spawn } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { startMockGallery } from "@alteryx-admin/mock-gallery";

const README = fileURLToPath(new URL("../README.md", import.meta.url));
const BIN = fileURLToPath(new URL("../dist/bin.js", import.meta.url));
const MARK = "@@capture-readme@@";

const work = mkdtempSync(join(tmpdir(), "alteryx-admin-readme-"));
const home = join(work, "home");
const bin = join(work, "bin");
const cwd = join(work, "cwd");
for (const dir of [bin, cwd, join(home, ".config", "alteryx-admin")])
  mkdirSync(dir, { recursive: true });
writeFileSync(join(bin, "alteryx-admin"), `#!/bin/sh\nexec "${process.execPath}" "${BIN}" "$@"\n`);
chmodSync(join(bin, "alteryx-admin"), 0o755);

const [dev, prod, old] = await Promise.all([
  startMockGallery({ port: 4600, seed: 1, consumerKey: "3f1c9a0e7d2b4c58a1e6" }),
  startMockGallery({
    port: 4601,
    seed: 2,
    serverVersion: "2022.1",
    consumerKey: "9b7e51c2a0d44f3e8c16",
  }),
  startMockGallery({
    port: 4602,
    seed: 3,
    serverVersion: "2021.3",
    consumerKey: "5d8e2f1a9c3b4e7d6a01",
  }),
]);
const config = join(home, ".config", "alteryx-admin", "config.json");
writeFileSync(
  config,
  JSON.stringify({
    defaultProfile: "dev",
    profiles: {
      dev: {
        url: dev.origin,
        key: dev.credentials.consumerKey,
        secret: dev.credentials.consumerSecret,
      },
      prod: {
        url: prod.origin,
        key: prod.credentials.consumerKey,
        secret: prod.credentials.consumerSecret,
      },
      old: {
        url: old.origin,
        key: old.credentials.consumerKey,
        secret: old.credentials.consumerSecret,
      },
    },
  }),
  { mode: 0o600 },
);
const env = {
  PATH: `${bin}:${process.env.PATH}`,
  HOME: home,
  NO_COLOR: "1",
  TZ: "UTC",
  DEV_SECRET: dev.credentials.consumerSecret,
  PROD_SECRET: prod.credentials.consumerSecret,
  OLD_SECRET: old.credentials.consumerSecret,
};

/**
 * Runs the commands of one block in one bash, each with `$?` of the one before. Asynchronously:
 * the mocks answer from this process.
 */
function runBlock(commands) {
  // A command that redirects stderr itself (`2>&1 >/dev/null`: the log lines only) keeps it.
  const script = commands
    .map((c) => `__rc=$?; echo '${MARK}'; (exit $__rc); ${c.includes("2>&1") ? c : `${c} 2>&1`}`)
    .join("\n");
  const child = spawn("bash", ["-c", script], { cwd, env, stdio: ["ignore", "pipe", "inherit"] });
  let stdout = "";
  child.stdout.setEncoding("utf8").on("data", (chunk) => {
    stdout += chunk;
  });
  return new Promise((resolve) =>
    child.on("close", () => resolve(stdout.split(`${MARK}\n`).slice(1))),
  );
}

const text = readFileSync(README, "utf8");
const blocks = [...text.matchAll(/```console\n([\s\S]*?)```/g)];
let out = "";
let at = 0;
for (const block of blocks) {
  const lines = (block[1] ?? "").replace(/\n$/, "").split("\n");
  out += text.slice(at, block.index);
  at = block.index + block[0].length;
  if (lines.every((l) => l.startsWith("$ "))) {
    out += block[0];
    continue;
  }
  const commands = lines.filter((l) => l.startsWith("$ ")).map((l) => l.slice(2));
  const outputs = await runBlock(commands);
  const rebuilt = commands.map((c, i) => `$ ${c}\n${outputs[i] ?? ""}`).join("");
  out += `\`\`\`console\n${rebuilt.replace(/\n?$/, "\n")}\`\`\``;
}
writeFileSync(README, out + text.slice(at));
await Promise.all([dev.close(), prod.close(), old.close()]);
console.log(`README.md: examples re-run in ${cwd}`);
