import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // The JSON report is what `.ci/verify.mjs` sums into the closing "N passed, N failed" line.
    reporters: ["default", ["json", { outputFile: ".test-results/vitest.json" }]],
    projects: [
      {
        extends: true,
        test: { name: "unit", include: ["src/**/*.test.ts", "test/*.test.ts"] },
      },
      {
        extends: true,
        test: {
          name: "contract",
          include: ["test/contract/**/*.test.ts"],
          // One mock Gallery for the whole run (fault tests start their own).
          globalSetup: ["test/global-setup.ts"],
          // The files share the global mock and some of them write to it (publish, toggle):
          // one file at a time keeps every read deterministic.
          fileParallelism: false,
          testTimeout: 15_000,
          // The fault tests start their own mock, Prism included, in beforeAll: on a shared
          // 2-core machine at a load of 14 that took over vitest's default 10 s.
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
