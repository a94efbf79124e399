/**
 * End-to-end on a terminal: `script` runs the CLI under a pseudo-terminal, where tables, colors
 * and the backup progress bar appear; and the same commands in a pipe, where they must not.
 */
import { execFileSync, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
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

/**
 * Runs the CLI under a pseudo-terminal of 120x40 (or `columns`); stdout and stderr both arrive
 * in the transcript. `interact` sees the transcript so far after each chunk and may type keys.
 */
function runOnTerminal(
  args: string[],
  env: Record<string, string>,
  options: {
    columns?: number;
    interact?: (output: string, type: (keys: string) => void) => void;
  } = {},
): Promise<{ code: number; output: string }> {
  const quote = (s: string) => `'${s.replace(/'/g, "'\\''")}'`;
  const command = `stty cols ${options.columns ?? 120} rows 40; ${[process.execPath, BIN, ...args].map(quote).join(" ")}`;
  return new Promise((resolve, reject) => {
    const child = spawn("script", ["-qec", command, "/dev/null"], { env });
    let output = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => {
      output += d;
      options.interact?.(output, (keys) => child.stdin.write(keys));
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? -1, output }));
    if (!options.interact) child.stdin.end();
  });
}

let mock: MockGallery;
/** An environment where colors are allowed (no NO_COLOR), as on a user's machine. */
let env: Record<string, string>;
beforeAll(async () => {
  mock = await startMockGallery({
    consumerKey: "tty-key",
    consumerSecret: SENTINEL_SECRET,
    validation: false,
  });
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

  it("fits tables to an 80-column terminal by shortening text, never ids", async () => {
    const [users, report] = await Promise.all([
      runOnTerminal(["users", "--page-size", "5"], env, { columns: 80 }),
      runOnTerminal(["report"], env, { columns: 80 }),
    ]);
    expect(users.code, users.output).toBe(0);
    const ids = (await run(["users", "--page-size", "5", "--fields", "id"], { env })).stdout;
    for (const { id } of JSON.parse(ids) as Array<{ id: string }>)
      expect(users.output).toContain(id);
    // Two columns of ids do not fit 80 columns with every default column: the last ones go.
    expect(users.output).toContain("left out to fit the terminal: accountLocked, subscriptionId");
    for (const r of [users, report]) {
      expect(r.code, r.output).toBe(0);
      // biome-ignore lint/suspicious/noControlCharactersInRegex: escape codes are not columns
      const lines = r.output.replace(/\u001b\[[0-9;]*m/g, "").split(/\r?\n/);
      for (const line of lines.filter((l) => /^[┌│├└]/.test(l)))
        expect(line.length, line).toBeLessThanOrEqual(80);
    }
  });

  it("asks for a profile's secret without echoing it", async () => {
    const home = tempDir("alteryx-admin-home-");
    let typed = false;
    const add = await runOnTerminal(
      ["profile", "add", "lab", "--url", mock.url, "--key", "tty-key"],
      { ...env, HOME: home },
      {
        interact: (output, type) => {
          if (!typed && output.includes("API secret")) {
            typed = true;
            type(`${SENTINEL_SECRET}\r`);
          }
        },
      },
    );
    expect(add.code, add.output).toBe(0);
    expect(add.output).toContain('profile "lab" saved in');
    expect(add.output).not.toContain(SENTINEL_SECRET);
    const config = readFileSync(join(home, ".config", "alteryx-admin", "config.json"), "utf8");
    expect(JSON.parse(config).profiles.lab.secret).toBe(SENTINEL_SECRET);
  });

  it("Ctrl-C during a backup says how far it got and shows the cursor again", async () => {
    mock.faults.setLatency(60);
    let pressed = false;
    const backup = await runOnTerminal(["backup", "--out", tempDir(), "--concurrency", "2"], env, {
      interact: (output, type) => {
        if (!pressed && /packages [█░]+ [1-9]\d*\//.test(output)) {
          pressed = true;
          type("\u0003");
        }
      },
    }).finally(() => mock.faults.setLatency(0));
    expect(backup.code).toBe(130);
    expect(backup.output).toMatch(/interrupted: \d+ of \d+ done, rerun to resume/);
    const hidden = backup.output.indexOf("\u001b[?25l");
    expect(hidden).toBeGreaterThanOrEqual(0);
    expect(backup.output.indexOf("\u001b[?25h", hidden)).toBeGreaterThan(hidden);
  });
});
