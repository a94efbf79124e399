import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // The JSON report is what `.ci/verify.mjs` sums into the closing "N passed, N failed" line
    // (the runtimes themselves report through src/harness.mjs: .test-results/runtimes.json).
    reporters: ["default", ["json", { outputFile: ".test-results/vitest.json" }]],
    include: ["test/**/*.test.mjs"],
    testTimeout: 60_000,
  },
});
