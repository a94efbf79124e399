/**
 * What Node, Deno and Bun run: the suite with the context the harness puts in the environment
 * (RUNTIMES_SUITE_CONTEXT, JSON: it holds the mock's secret, so it is never printed), then one
 * line with the results, prefixed with RESULTS_PREFIX, for the harness to read.
 */
import { RESULTS_PREFIX, runSuite } from "./suite.mjs";

const raw = globalThis.process?.env?.RUNTIMES_SUITE_CONTEXT;
if (raw === undefined) {
  console.error(
    "RUNTIMES_SUITE_CONTEXT is not set: run this through tests/runtimes (npx vitest run test/runtimes.test.mjs)",
  );
  globalThis.process.exit(2);
}
const results = await runSuite(JSON.parse(raw));
console.log(`${RESULTS_PREFIX}${JSON.stringify(results)}`);
