import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    // Most tests talk to a local server (100 concurrent calls at times): a bound for a stuck
    // test that a machine shared with other test runs does not reach. No test asserts timing.
    testTimeout: 20_000,
    // The JSON report is what `.ci/verify.mjs` sums into the closing "N passed, N failed" line.
    reporters: ["default", ["json", { outputFile: ".test-results/vitest.json" }]],
  },
});
