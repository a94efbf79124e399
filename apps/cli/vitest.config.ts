import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    // End-to-end tests spawn the built CLI many times; on 2 cores shared with other work a test
    // can take minutes (the listing test runs 48 processes against a Prism-validated mock).
    testTimeout: 180_000,
    // The end-to-end files mostly wait for the CLI processes they spawn: two files at a time keep
    // both cores busy (the default on 2 cores is one file at a time).
    maxWorkers: 2,
    hookTimeout: 30_000,
    // The JSON report is what `.ci/verify.mjs` sums into the closing "N passed, N failed" line.
    reporters: ["default", ["json", { outputFile: ".test-results/vitest.json" }]],
  },
});
