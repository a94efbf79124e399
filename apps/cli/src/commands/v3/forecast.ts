/**
 * The windows of `schedules forecast`: `GET /v3/schedules` takes `runsAfter` and `runsBefore`
 * together, at most 45 days apart (openapi/server-v3.yaml, listSchedules), so a longer forecast
 * is asked slice by slice and the answers merged.
 */

/** The widest window the API accepts, in days. */
export const FORECAST_SLICE_DAYS = 45;

/** The longest forecast the command accepts, in days (a year: beyond it nobody plans). */
export const FORECAST_MAX_DAYS = 366;

/** One window, as the query parameters want it (UTC date-times). */
export interface ForecastWindow {
  runsAfter: string;
  runsBefore: string;
}

const DAY_MS = 86_400_000;

/**
 * Splits `days` days from `from` into consecutive windows of at most `sliceDays` days; each
 * window starts where the previous one ended (`runsBefore` is exclusive).
 */
export function forecastWindows(
  from: Date,
  days: number,
  sliceDays: number = FORECAST_SLICE_DAYS,
): ForecastWindow[] {
  if (!Number.isInteger(days) || days < 1)
    throw new RangeError(`days must be a whole number of 1 or more, got ${days}`);
  if (!(sliceDays > 0)) throw new RangeError(`sliceDays must be positive, got ${sliceDays}`);
  const end = from.getTime() + days * DAY_MS;
  const windows: ForecastWindow[] = [];
  for (let start = from.getTime(); start < end; start += sliceDays * DAY_MS) {
    const stop = Math.min(start + sliceDays * DAY_MS, end);
    windows.push({
      runsAfter: new Date(start).toISOString(),
      runsBefore: new Date(stop).toISOString(),
    });
  }
  return windows;
}

/** What merging needs of a schedule in a window's answer. */
export interface ForecastRun {
  id: string;
  runDateTime?: string | null | undefined;
}

/**
 * The runs of every window, one per schedule and run time, soonest first. A schedule appears in
 * each window it runs in, with that window's next run: the same schedule at two times is two
 * runs; the same run in two answers is one. Runs without a time are dropped (nothing to plan).
 */
export function mergeForecast<R extends ForecastRun>(answers: readonly (readonly R[])[]): R[] {
  const seen = new Map<string, R>();
  for (const answer of answers) {
    for (const run of answer) {
      if (!run.runDateTime || Number.isNaN(Date.parse(run.runDateTime))) continue;
      const key = `${run.id} ${Date.parse(run.runDateTime)}`;
      if (!seen.has(key)) seen.set(key, run);
    }
  }
  return [...seen.values()].sort(
    (a, b) => Date.parse(a.runDateTime as string) - Date.parse(b.runDateTime as string),
  );
}
