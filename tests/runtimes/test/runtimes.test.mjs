/**
 * The suite in every runtime (src/harness.mjs): one test per runtime and case, so the results go
 * through vitest's reports like every other package's. A runtime that cannot start is skipped
 * with the reason (in the skip note and in the JSON report's `meta.skipReason`); one that starts
 * but gives no results fails every case; a case that gave no result fails.
 */
import { afterAll, beforeAll, describe, it } from "vitest";
import { RUNTIMES, startSuiteContext } from "../src/harness.mjs";

/** Longest wait for one runtime: starting it (Chromium: 2 min) and its suite (3 min). */
const RUNTIME_TIMEOUT_MS = 6 * 60_000;

/** @type {{ context: object, close: () => Promise<void> } | undefined} */
let suite;
beforeAll(async () => {
  suite = await startSuiteContext();
}, 120_000);
afterAll(async () => {
  await suite?.close();
});

for (const runtime of RUNTIMES) {
  describe(runtime.name, () => {
    /** @type {import("../src/harness.mjs").RuntimeOutcome} */
    let outcome;
    beforeAll(async () => {
      outcome = await runtime.run({ ...suite.context, runtime: runtime.name });
      const said = "reason" in outcome ? `skipped: ${outcome.reason}` : "ran";
      console.log(`${runtime.name} ${outcome.version ?? "(no version)"}: ${said}`);
    }, RUNTIME_TIMEOUT_MS);

    for (const name of runtime.cases) {
      it(name, (ctx) => {
        const meta = /** @type {Record<string, unknown>} */ (ctx.task.meta);
        meta.runtimeVersion = outcome.version;
        if ("reason" in outcome) {
          meta.skipReason = outcome.reason;
          ctx.skip(`${runtime.name} skipped: ${outcome.reason}`);
          return;
        }
        if ("crashed" in outcome) {
          throw new Error(`${runtime.name} gave no results: ${outcome.crashed}`);
        }
        const result = outcome.results.find((given) => given.name === name);
        if (result === undefined) throw new Error(`${runtime.name} gave no result for this case`);
        if (result.status !== "passed") {
          throw new Error(result.error ?? `${runtime.name} reported ${result.status}`);
        }
      });
    }
  });
}
