// The whole test suite in one command: build, lint, typecheck, the generated-types drift check,
// every package's tests and the publint/attw package checks, through turbo. It ends with one line,
// "N passed, N failed", summing the tests of every package's vitest JSON report (tests/runtimes
// included: each runtime's cases are its tests, a runtime that cannot start skipped with why).
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";

const root = join(import.meta.dirname, "..");
const workspaces = ["packages", "apps", "tests"]
  .filter((dir) => existsSync(join(root, dir)))
  .flatMap((dir) =>
    readdirSync(join(root, dir), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => join(root, dir, entry.name)),
  );
workspaces.push(join(root, "openapi"));

// Stale reports from an earlier run must not be counted.
for (const ws of workspaces) rmSync(join(ws, ".test-results"), { recursive: true, force: true });

const steps = [
  ["biome", ["ci", "."]],
  [
    "turbo",
    [
      "run",
      "build",
      "lint",
      "typecheck",
      "check:generated",
      "test",
      "check:package",
      "--concurrency=2",
      "--output-logs=new-only",
      "--continue",
      // Reports must be fresh so the summary below is this run's.
      "--force",
    ],
  ],
];

/**
 * One line per runtime of tests/runtimes, from the meta its tests record (runtimeVersion,
 * skipReason): its counts, its version, and why it was skipped.
 */
function runtimeLines(json) {
  const byRuntime = new Map();
  for (const test of json.testResults.flatMap((file) => file.assertionResults)) {
    const meta = test.meta ?? {};
    if (!("runtimeVersion" in meta) && !("skipReason" in meta)) continue;
    const name = test.ancestorTitles[0] ?? "?";
    const r = byRuntime.get(name) ?? {
      passed: 0,
      failed: 0,
      skipped: 0,
      version: undefined,
      reason: undefined,
    };
    r[test.status === "passed" ? "passed" : test.status === "failed" ? "failed" : "skipped"]++;
    r.version ??= meta.runtimeVersion;
    r.reason ??= meta.skipReason;
    byRuntime.set(name, r);
  }
  return [...byRuntime].map(
    ([name, r]) =>
      `  ${name} ${r.version ?? ""}`.trimEnd() +
      `: ${r.passed} passed, ${r.failed} failed${r.skipped ? `, ${r.skipped} SKIPPED: ${r.reason ?? "no reason given"}` : ""}`,
  );
}

let failedStep = false;
for (const [cmd, args] of steps) {
  console.log(`\n$ ${cmd} ${args.join(" ")}`);
  const result = spawnSync(join(root, "node_modules", ".bin", cmd), args, {
    cwd: root,
    stdio: "inherit",
  });
  if (result.status !== 0) failedStep = true;
}

let passed = 0;
let failed = 0;
let skipped = 0;
const perPackage = [];
for (const ws of workspaces) {
  const report = join(ws, ".test-results", "vitest.json");
  if (!existsSync(report)) continue;
  const json = JSON.parse(readFileSync(report, "utf8"));
  passed += json.numPassedTests;
  failed += json.numFailedTests;
  const packageSkipped = json.numPendingTests + (json.numTodoTests ?? 0);
  skipped += packageSkipped;
  // Skips are named: tests/runtimes skips a runtime that cannot start (vitest prints why).
  const skips = packageSkipped ? `, ${packageSkipped} skipped` : "";
  perPackage.push(
    `${ws.slice(root.length + 1)}: ${json.numPassedTests} passed, ${json.numFailedTests} failed${skips}`,
    ...runtimeLines(json),
  );
}
console.log(`\n${perPackage.join("\n")}`);
if (failedStep && failed === 0) {
  console.log("A build, lint, typecheck or package check step failed (see above).");
}
const ok = !failedStep && failed === 0 && passed > 0;
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
process.exit(ok ? 0 : 1);
