/**
 * The cross-runtime run, as test/runtimes.test.mjs drives it: one mock Gallery on 127.0.0.1
 * (started here, in Node), then the suite in Node, Deno, Bun and headless Chromium, one runtime
 * after the other (the machine has two cores). Each case of each runtime is one vitest test, so
 * the results land in vitest's JSON report like every other package's.
 *
 * A runtime that cannot be installed or started is skipped, with the reason: each of its cases
 * is a skipped test, never a passed one.
 *
 * RUNTIMES=node,bun (a comma-separated list) runs only those; the others are skipped.
 */
import { readFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { startMockGallery } from "@alteryx-admin/mock-gallery";
import { CROSS_ORIGIN_CASE, launchChromium, locateChromium, runInChromium } from "./chromium.mjs";
import { CLI_RUNTIMES, runCli } from "./cli-runtimes.mjs";
import { CASES } from "./suite.mjs";

const ROOT = join(import.meta.dirname, "..");
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

/** The runtimes RUNTIMES selects (all when unset). */
const SELECTED = process.env.RUNTIMES?.split(",").map((name) => name.trim());

/** Why `name` is not run, when RUNTIMES leaves it out. */
function notSelected(name) {
  return SELECTED !== undefined && !SELECTED.includes(name)
    ? { reason: `not in RUNTIMES=${SELECTED.join(",")}` }
    : undefined;
}

/**
 * A runtime's outcome: its version (when known) with the results it gave, why it was skipped
 * (`reason`), or why it gave no results (`crashed`: every case fails).
 * @typedef {{ version?: string } & ({ reason: string } | { crashed: string }
 *   | { results: import("./suite.mjs").CaseResult[] })} RuntimeOutcome
 */

const SUITE_CASES = CASES.map((testCase) => testCase.name);

/**
 * Every runtime, in the order they run: its name, the names of the cases it reports (the
 * suite's; in Chromium first the cross-origin check) and how to run it.
 * @type {Array<{ name: string, cases: string[],
 *   run: (context: object) => Promise<RuntimeOutcome> }>}
 */
export const RUNTIMES = [
  ...CLI_RUNTIMES.map((runtime) => ({
    name: runtime.name,
    cases: SUITE_CASES,
    run: async (context) => notSelected(runtime.name) ?? runCliRuntime(runtime, context),
  })),
  {
    name: "chromium",
    cases: [CROSS_ORIGIN_CASE, ...SUITE_CASES],
    run: async (context) => notSelected("chromium") ?? runChromium(context),
  },
];

/**
 * Starts the mock Gallery the suite runs against and resolves to the suite's context (without
 * the runtime's name) and a function that closes the mock.
 */
export async function startSuiteContext() {
  // 2021.4 serves both bases: OAuth1 under /gallery/api and OAuth2 (Admin v1, v3) under /webapi.
  const mock = await startMockGallery({ seed: 1, serverVersion: "2021.4" });
  try {
    const context = {
      url: mock.url,
      webapiUrl: mock.webapiUrl,
      ...mock.credentials,
      closedUrl: await closedUrl(),
      rsaPrivateKey: readFileSync(join(RSA_KEY, "rsa-sha1-test-only.pem"), "utf8"),
    };
    return { context, close: () => mock.close() };
  } catch (error) {
    await mock.close();
    throw error;
  }
}
