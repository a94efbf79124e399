/**
 * The cross-runtime run: one mock Gallery on 127.0.0.1 (started here, in Node), then the suite
 * in Node, Deno, Bun and headless Chromium, one runtime after the other (the machine has two
 * cores). Prints one line per runtime and writes .test-results/runtimes.json, which
 * .ci/verify.mjs adds to the closing "N passed, N failed" line.
 *
 * A runtime that cannot be installed or started is SKIPPED, with the reason, and each of its
 * cases counts as skipped: never as passed. Exit code 1 when any case failed.
 *
 * RUNTIMES=node,bun (a comma-separated list) runs only those; the others are reported skipped.
 */
import { readFileSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { join } from "node:path";
import { startMockGallery } from "@alteryx-admin/mock-gallery";
import { CROSS_ORIGIN_CASE, launchChromium, locateChromium, runInChromium } from "./chromium.mjs";
import { CLI_RUNTIMES, runCli } from "./cli-runtimes.mjs";
import { CASES } from "./suite.mjs";

const ROOT = join(import.meta.dirname, "..");
const REPORT = join(ROOT, ".test-results", "runtimes.json");
/** The signer's test-only RSA key, for its RSA-SHA1 vector. */
const RSA_KEY = join(ROOT, "..", "..", "packages", "oauth1-signer", "test", "fixtures");

/** A loopback URL where nothing listens (a port just freed). */
async function closedUrl() {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}/gallery/api/admin/v1`;
}

/** A runtime's entry in the report: its results, or all of its cases skipped with the reason. */
function summarize(name, version, outcome) {
  if ("reason" in outcome) {
    return { name, version, status: "skipped", reason: outcome.reason, passed: 0, failed: 0 };
  }
  const { results } = outcome;
  const count = (status) => results.filter((r) => r.status === status).length;
  return {
    name,
    version,
    status: "ran",
    passed: count("passed"),
    failed: count("failed"),
    results,
  };
}

/** Runs one CLI runtime; a crash without results is one failure, not a skip. */
async function runCliRuntime(runtime, context) {
  const located = runtime.locate();
  if ("reason" in located) return summarize(runtime.name, undefined, located);
  try {
    const results = await runCli(located, { ...context, runtime: runtime.name });
    return summarize(runtime.name, located.version, { results });
  } catch (error) {
    const results = [{ name: "the suite runs", status: "failed", error: error.message, ms: 0 }];
    return summarize(runtime.name, located.version, { results });
  }
}

async function runChromium(context) {
  const located = locateChromium();
  if ("reason" in located) return summarize("chromium", undefined, located);
  const launched = await launchChromium();
  if ("reason" in launched) return summarize("chromium", located.version, launched);
  try {
    const results = await runInChromium(launched.browser, { ...context, runtime: "chromium" });
    return summarize("chromium", located.version, { results });
  } catch (error) {
    const results = [{ name: "the suite runs", status: "failed", error: error.message, ms: 0 }];
    return summarize("chromium", located.version, { results });
  } finally {
    await launched.browser.close();
  }
}

/** One line per runtime, each failed case below its runtime. */
function print(runtime) {
  const label = `${runtime.name}${runtime.version ? ` ${runtime.version}` : ""}`;
  if (runtime.status === "skipped") {
    console.log(`${label}: SKIPPED (${runtime.reason}): ${runtime.skipped} cases skipped`);
    return;
  }
  console.log(`${label}: ${runtime.passed} passed, ${runtime.failed} failed`);
  for (const result of runtime.results) {
    if (result.status === "failed") console.log(`  FAILED ${result.name}\n    ${result.error}`);
  }
}

/** The runtimes RUNTIMES selects (all when unset). */
const SELECTED = process.env.RUNTIMES?.split(",").map((name) => name.trim());

/** Why `name` is not run, when RUNTIMES leaves it out. */
function notSelected(name) {
  return SELECTED !== undefined && !SELECTED.includes(name)
    ? { reason: `not in RUNTIMES=${SELECTED.join(",")}` }
    : undefined;
}

async function main() {
  const mock = await startMockGallery({ seed: 1 });
  const context = {
    url: mock.url,
    ...mock.credentials,
    closedUrl: await closedUrl(),
    rsaPrivateKey: readFileSync(join(RSA_KEY, "rsa-sha1-test-only.pem"), "utf8"),
  };
  const runtimes = [];
  try {
    for (const runtime of CLI_RUNTIMES) {
      const skip = notSelected(runtime.name);
      runtimes.push(
        skip ? summarize(runtime.name, undefined, skip) : await runCliRuntime(runtime, context),
      );
    }
    const skip = notSelected("chromium");
    runtimes.push(skip ? summarize("chromium", undefined, skip) : await runChromium(context));
  } finally {
    await mock.close();
  }
  for (const runtime of runtimes) {
    const cases = CASES.length + (runtime.name === "chromium" && CROSS_ORIGIN_CASE ? 1 : 0);
    runtime.skipped = runtime.status === "skipped" ? cases : 0;
    print(runtime);
  }
  await mkdir(join(ROOT, ".test-results"), { recursive: true });
  await writeFile(REPORT, `${JSON.stringify({ runtimes }, null, 2)}\n`);
  const failed = runtimes.reduce((sum, runtime) => sum + runtime.failed, 0);
  process.exitCode = failed > 0 ? 1 : 0;
}

await main();
