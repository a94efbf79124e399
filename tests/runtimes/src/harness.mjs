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
import { formatRuntime, summarize } from "./report.mjs";
import { CASES } from "./suite.mjs";

const ROOT = join(import.meta.dirname, "..");
const REPORT = join(ROOT, ".test-results", "runtimes.json");
/** The signer's test-only RSA key, for its RSA-SHA1 vector. */
const RSA_KEY = join(ROOT, "..", "..", "packages", "oauth1-signer", "test", "fixtures");

/** A loopback URL where nothing listens (a port just freed). */
async function closedUrl() {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(undefined)));
  const { port } = /** @type {import("node:net").AddressInfo} */ (server.address());
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}/gallery/api/admin/v1`;
}

/** How many cases a runtime runs: the suite's, and in Chromium the cross-origin check. */
const casesOf = (name) => CASES.length + (name === "chromium" ? [CROSS_ORIGIN_CASE].length : 0);

/**
 * Runs the suite in one CLI runtime. Resolves to its version and results, why it could not
 * start (`reason`: skipped), or why it gave no results (`crashed`: every case failed).
 */
async function runCliRuntime(runtime, context) {
  const located = runtime.locate();
  if ("reason" in located) return located;
  const { version } = located;
  try {
    return { version, results: await runCli(located, { ...context, runtime: runtime.name }) };
  } catch (error) {
    return { version, crashed: error.message };
  }
}

/** Runs the suite in a page of headless Chromium; resolves like {@link runCliRuntime}. */
async function runChromium(context) {
  const located = locateChromium();
  if ("reason" in located) return located;
  const { version } = located;
  const launched = await launchChromium();
  if ("reason" in launched) return { version, reason: launched.reason };
  try {
    return {
      version,
      results: await runInChromium(launched.browser, { ...context, runtime: "chromium" }),
    };
  } catch (error) {
    return { version, crashed: error.message };
  } finally {
    await launched.browser.close();
  }
}

/** Every runtime, in the order they run (one at a time: the machine has two cores). */
const RUNTIMES = [
  ...CLI_RUNTIMES.map((runtime) => ({
    name: runtime.name,
    run: (context) => runCliRuntime(runtime, context),
  })),
  { name: "chromium", run: runChromium },
];

/** The runtimes RUNTIMES selects (all when unset). */
const SELECTED = process.env.RUNTIMES?.split(",").map((name) => name.trim());

/** Why `name` is not run, when RUNTIMES leaves it out. */
function notSelected(name) {
  return SELECTED !== undefined && !SELECTED.includes(name)
    ? { reason: `not in RUNTIMES=${SELECTED.join(",")}` }
    : undefined;
}

async function main() {
  // 2021.4 serves both bases: OAuth1 under /gallery/api and OAuth2 (Admin v1, v3) under /webapi.
  const mock = await startMockGallery({ seed: 1, serverVersion: "2021.4" });
  const context = {
    url: mock.url,
    webapiUrl: mock.webapiUrl,
    ...mock.credentials,
    closedUrl: await closedUrl(),
    rsaPrivateKey: readFileSync(join(RSA_KEY, "rsa-sha1-test-only.pem"), "utf8"),
  };
  const runtimes = [];
  try {
    for (const runtime of RUNTIMES) {
      const { version, ...outcome } = notSelected(runtime.name) ?? (await runtime.run(context));
      runtimes.push(summarize(runtime.name, version, outcome, casesOf(runtime.name)));
    }
  } finally {
    await mock.close();
  }
  for (const runtime of runtimes) console.log(formatRuntime(runtime).join("\n"));
  await mkdir(join(ROOT, ".test-results"), { recursive: true });
  await writeFile(REPORT, `${JSON.stringify({ runtimes }, null, 2)}\n`);
  const failed = runtimes.reduce((sum, runtime) => sum + runtime.failed, 0);
  process.exitCode = failed > 0 ? 1 : 0;
}

await main();
