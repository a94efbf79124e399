import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    // The mock loads spec/admin-v1.yaml; copy the current contract there before any test runs.
    globalSetup: ["./test/global-setup.ts"],
    // The first startMockGallery() of a file imports Prism (2-3 s on a loaded 2-core machine):
    // room for that, so that a busy machine does not fail a test that would pass.
    testTimeout: 20_000,
    hookTimeout: 30_000,
    // The JSON report is what `.ci/verify.mjs` sums into the closing "N passed, N failed" line.
    reporters: ["default", ["json", { outputFile: ".test-results/vitest.json" }]],
  },
});
