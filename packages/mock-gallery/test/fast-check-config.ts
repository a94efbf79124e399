/**
 * fast-check settings shared by the property tests: deterministic by default; FAST_CHECK_SEED
 * replays or explores other cases, FAST_CHECK_RUNS multiplies the number of runs.
 */
const envSeed = Number.parseInt(process.env.FAST_CHECK_SEED ?? "", 10);
const envRuns = Number.parseFloat(process.env.FAST_CHECK_RUNS ?? "");

/** Settings for one property: its own default seed, scaled run count. */
export function fcParams(numRuns: number, defaultSeed: number): { numRuns: number; seed: number } {
  return {
    numRuns: Number.isFinite(envRuns) && envRuns > 0 ? Math.ceil(numRuns * envRuns) : numRuns,
    seed: Number.isFinite(envSeed) ? envSeed : defaultSeed,
  };
}
