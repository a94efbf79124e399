/**
 * The runtimes' report: what each runtime's entry in .test-results/runtimes.json holds, and the
 * line printed for it. A skipped runtime counts every one of its cases as skipped, and a case
 * that gave no result counts as failed: nothing passes without having run.
 */

/**
 * A runtime's entry in the report.
 * @param {string} name
 * @param {string | undefined} version
 * @param {{ reason: string } | { crashed: string } | { results: Array<{ name: string,
 *   status: string, error?: string, ms?: number }> }} outcome why it was skipped, why it gave
 *   no results (every case then counts as failed), or the results it gave
 * @param {number} cases how many cases the runtime runs
 */
export function summarize(name, version, outcome, cases) {
  if ("crashed" in outcome) {
    const results = [{ name: "the suite runs", status: "failed", error: outcome.crashed, ms: 0 }];
    return { name, version, status: "ran", passed: 0, failed: cases, skipped: 0, results };
  }
  if ("reason" in outcome) {
    return {
      name,
      version,
      status: "skipped",
      reason: outcome.reason,
      passed: 0,
      failed: 0,
      skipped: cases,
    };
  }
  const results = [...outcome.results];
  if (results.length < cases) {
    const missing = cases - results.length;
    const error = `${missing} of ${cases} cases gave no result`;
    results.push({ name: "every case gives a result", status: "failed", error, ms: 0 });
  }
  const count = (status) => results.filter((result) => result.status === status).length;
  return {
    name,
    version,
    status: "ran",
    passed: count("passed"),
    // Anything that is not "passed" (a failure, an unknown status) is a failure.
    failed: results.length - count("passed"),
    skipped: 0,
    results,
  };
}

/** The lines printed for a runtime: its counts, then each failed case with its error. */
export function formatRuntime(runtime) {
  const label = `${runtime.name}${runtime.version ? ` ${runtime.version}` : ""}`;
  if (runtime.status === "skipped") {
    return [`${label}: SKIPPED (${runtime.reason}): ${runtime.skipped} cases skipped`];
  }
  const lines = [`${label}: ${runtime.passed} passed, ${runtime.failed} failed`];
  for (const result of runtime.results) {
    if (result.status !== "passed") lines.push(`  FAILED ${result.name}`, `    ${result.error}`);
  }
  return lines;
}
