import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    // The mock loads spec/admin-v1.yaml; copy the current contract there before any test runs.
    globalSetup: ["./test/global-setup.ts"],
    // The first startMockGallery() of a file imports Prism and starts two of them (Admin v1 and
    // v3): 2-3 s alone, over 30 s on a 2-core machine while other packages' tests run (seen in
    // CI-like runs at a load of 18). Room for that, so a busy machine does not fail a good test.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // The JSON report is what `.ci/verify.mjs` sums into the closing "N passed, N failed" line.
    reporters: ["default", ["json", { outputFile: ".test-results/vitest.json" }]],
  },
});
