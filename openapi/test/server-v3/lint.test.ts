// `redocly lint` exits 0 on warnings; server-v3.yaml must have none, so the totals are checked.
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { expect, it } from "vitest";

const run = promisify(execFile);
const openapiDir = fileURLToPath(new URL("../..", import.meta.url));

it("redocly lint of server-v3@v3 (recommended + the project's rules) reports no problem at all", async () => {
  const { stdout } = await run(
    process.execPath,
    [
      fileURLToPath(import.meta.resolve("@redocly/cli/bin/cli.js")),
      "lint",
      "server-v3@v3",
      "--config",
      "redocly.yaml",
      "--format",
      "json",
    ],
    {
      cwd: openapiDir,
      maxBuffer: 16 * 1024 * 1024,
      env: { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true" },
    },
  );
  const report = JSON.parse(stdout.slice(stdout.indexOf("{"))) as {
    totals: { errors: number; warnings: number; ignored: number };
    problems: Array<{ ruleId: string; message: string }>;
  };
  expect(report.problems.map((p) => `${p.ruleId}: ${p.message}`)).toEqual([]);
  expect(report.totals).toEqual({ errors: 0, warnings: 0, ignored: 0 });
}, 30_000);
