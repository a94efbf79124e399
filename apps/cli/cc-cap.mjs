import { spawn } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { startMockGallery } from "@alteryx-admin/mock-gallery";
const BIN = fileURLToPath(new URL("./dist/bin.js", import.meta.url));
const work = mkdtempSync(join(tmpdir(), "cc-cap-"));
const home = join(work, "home"), bin = join(work, "bin"), cwd = join(work, "cwd");
for (const d of [bin, cwd, join(home, ".config", "alteryx-admin")]) mkdirSync(d, { recursive: true });
writeFileSync(join(bin, "alteryx-admin"), `#!/bin/sh\nexec "${process.execPath}" "${BIN}" "$@"\n`);
chmodSync(join(bin, "alteryx-admin"), 0o755);
const [prod, old] = await Promise.all([
  startMockGallery({ port: 4602, seed: 2, serverVersion: "2022.1", consumerKey: "9b7e51c2a0d44f3e8c16", validation: false }),
  startMockGallery({ port: 4603, seed: 1, serverVersion: "2021.3", consumerKey: "3f1c9a0e7d2b4c58a1e6", validation: false }),
]);
writeFileSync(join(home, ".config", "alteryx-admin", "config.json"), JSON.stringify({ defaultProfile: "prod", profiles: {
  prod: { url: "http://127.0.0.1:4602", key: prod.credentials.consumerKey, secret: prod.credentials.consumerSecret },
  old: { url: "http://127.0.0.1:4603", key: old.credentials.consumerKey, secret: old.credentials.consumerSecret },
}}), { mode: 0o600 });
const env = { PATH: `${bin}:${process.env.PATH}`, HOME: home, NO_COLOR: "1", TZ: "UTC", COLUMNS: "100" };
const commands = readFileSync(process.argv[2], "utf8").split("\n").filter(Boolean);
for (const c of commands) {
  const out = await new Promise((resolve) => { const ch = spawn("bash", ["-c", `${c} 2>&1`], { cwd, env }); let o = ""; ch.stdout.on("data", d => o += d); ch.on("close", (code) => resolve(o + (code ? `[exit ${code}]\n` : ""))); });
  process.stdout.write(`$ ${c}\n${out}`);
}
await Promise.all([prod.close(), old.close()]);
