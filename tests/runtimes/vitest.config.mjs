import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // The JSON report is what `.ci/verify.mjs` sums into the closing "N passed, N failed" line:
    // the bundle checks and every runtime's cases (test/runtimes.test.mjs) alike.
    reporters: ["default", ["json", { outputFile: ".test-results/vitest.json" }]],
    include: ["test/**/*.test.mjs"],
    testTimeout: 60_000,
    // One file at a time: the runtimes file already keeps a runtime and the mock busy (2 cores).
    fileParallelism: false,
  },
});
