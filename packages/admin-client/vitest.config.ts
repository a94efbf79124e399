import { configDefaults, defineConfig } from "vitest/config";
import { BaseSequencer, type TestSpecification } from "vitest/node";

/** The default order, except that the v3 coverage check runs after every test it checks. */
class CoverageLastSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const last = (f: TestSpecification) => f.moduleId.endsWith("/contract/v3/coverage.test.ts");
    return [...sorted.filter((f) => !last(f)), ...sorted.filter(last)];
  }
}

export default defineConfig({
  test: {
    // The JSON report is what `.ci/verify.mjs` sums into the closing "N passed, N failed" line.
    reporters: ["default", ["json", { outputFile: ".test-results/vitest.json" }]],
    sequence: { sequencer: CoverageLastSequencer },
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
          exclude: [...configDefaults.exclude, "test/contract/v3/**"],
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
      {
        extends: true,
        test: {
          name: "contract-v3",
          include: ["test/contract/v3/**/*.test.ts"],
          // Its own mock (a job duration of 300 ms), written to by the tests: one file at a
          // time, and coverage.test.ts last (the sequencer above).
          globalSetup: ["test/contract/v3/global-setup.ts"],
          fileParallelism: false,
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
