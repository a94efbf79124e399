/**
 * End-to-end on a terminal: `script` runs the CLI under a pseudo-terminal, where tables, colors
 * and the backup progress bar appear; and the same commands in a pipe, where they must not.
 */
import { execFileSync, spawn } from "node:child_process";
import { type MockGallery, startMockGallery } from "@alteryx-admin/mock-gallery";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BIN, galleryEnv, run, SENTINEL_SECRET, tempDir } from "./helpers.js";

function hasScript(): boolean {
  try {
    execFileSync("script", ["-qec", "true", "/dev/null"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

/** Runs the CLI under a pseudo-terminal; stdout and stderr both arrive in the transcript. */
function runOnTerminal(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number; output: string }> {
  const quote = (s: string) => `'${s.replace(/'/g, "'\\''")}'`;
  const command = [process.execPath, BIN, ...args].map(quote).join(" ");
  return new Promise((resolve, reject) => {
    const child = spawn("script", ["-qec", command, "/dev/null"], {
      env: { ...env, COLUMNS: "120", LINES: "40" },
    });
    let output = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => {
      output += d;
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? -1, output }));
    child.stdin.end();
  });
}

let mock: MockGallery;
/** An environment where colors are allowed (no NO_COLOR), as on a user's machine. */
let env: Record<string, string>;
beforeAll(async () => {
  mock = await startMockGallery({ consumerKey: "tty-key", consumerSecret: SENTINEL_SECRET });
  const { NO_COLOR: _, ...colorEnv } = galleryEnv(mock.url, "tty-key", SENTINEL_SECRET, {
    TERM: "xterm",
  });
  env = colorEnv;
});
afterAll(async () => {
  await mock?.close();
});

describe("in a pipe", () => {
  it("prints JSON without colors and backs up without a progress bar", async () => {
    const [users, report, backup] = await Promise.all([
      run(["users", "--page-size", "2"], { env }),
      run(["report"], { env }),
      run(["backup", "--out", tempDir()], { env }),
    ]);
    for (const r of [users, report, backup]) {
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout + r.stderr).not.toContain("\u001b[");
    }
    expect(JSON.parse(users.stdout)).toHaveLength(2);
    expect(report.stdout).toMatch(/^Users\s+\d+/m);
    expect(backup.stderr).not.toMatch(/[█░]/);
    expect(backup.stderr).toMatch(/^backup in .*: \d+ packages downloaded/m);
  });
});

describe.skipIf(!hasScript())("on a terminal", () => {
  it("prints tables by default, colors the report, and shows the backup progress bar", async () => {
    const [users, report, backup] = await Promise.all([
      runOnTerminal(["users", "--page-size", "2"], env),
      runOnTerminal(["report"], env),
      runOnTerminal(["backup", "--out", tempDir()], env),
    ]);
    expect(users.code, users.output).toBe(0);
    expect(users.output).toContain("┌");
    expect(users.output).toMatch(/│ id +│ email/);
    expect(report.code, report.output).toBe(0);
    expect(report.output).toContain("\u001b[1m"); // bold labels
    expect(backup.code, backup.output).toBe(0);
    expect(backup.output).toMatch(/packages [█░]+ \d+\/\d+/);
    for (const r of [users, report, backup]) expect(r.output).not.toContain(SENTINEL_SECRET);
  });
});
