/** Shared fast-check settings: deterministic by default, reproducible from FAST_CHECK_SEED. */
const envSeed = Number.parseInt(process.env.FAST_CHECK_SEED ?? "", 10);

/** Seed of every property run; set FAST_CHECK_SEED to replay a failure or explore new cases. */
export const seed = Number.isFinite(envSeed) ? envSeed : 20261128;

/** Parameters for `fc.assert`. */
export function runs(numRuns: number) {
  return { seed, numRuns, endOnFailure: true } as const;
}
