// `redocly lint` exits 0 on warnings; the spec must have none, so the totals are checked here.
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { expect, it } from "vitest";

const run = promisify(execFile);
const openapiDir = fileURLToPath(new URL("..", import.meta.url));

it("redocly lint (recommended + the project's rules) reports zero errors and zero warnings", async () => {
  const { stdout } = await run(
    process.execPath,
    [
      fileURLToPath(import.meta.resolve("@redocly/cli/bin/cli.js")),
      "lint",
      // One API per run: with several, the JSON report is one document per API, concatenated.
      "admin-v1@v1",
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
    totals: { errors: number; warnings: number };
    problems: Array<{ ruleId: string; message: string }>;
  };
  expect(report.problems.map((p) => `${p.ruleId}: ${p.message}`)).toEqual([]);
  expect(report.totals).toMatchObject({ errors: 0, warnings: 0 });
}, 30_000);
