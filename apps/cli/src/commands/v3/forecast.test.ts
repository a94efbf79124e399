import { describe, expect, it } from "vitest";
import { FORECAST_SLICE_DAYS, forecastWindows, mergeForecast } from "./forecast.js";

const from = new Date("2026-12-02T00:00:00Z");
const DAY = 86_400_000;

describe("forecastWindows", () => {
  it("asks a window of up to 45 days in one slice", () => {
    expect(forecastWindows(from, 45)).toEqual([
      { runsAfter: "2026-12-02T00:00:00.000Z", runsBefore: "2027-01-16T00:00:00.000Z" },
    ]);
  });

  it("splits a longer one into consecutive slices of at most 45 days that cover it exactly", () => {
    const windows = forecastWindows(from, 100);
    expect(windows).toHaveLength(3);
    for (const w of windows) {
      const span = Date.parse(w.runsBefore) - Date.parse(w.runsAfter);
      expect(span).toBeLessThanOrEqual(FORECAST_SLICE_DAYS * DAY);
    }
    for (let i = 1; i < windows.length; i++)
      expect(windows[i]?.runsAfter).toBe(windows[i - 1]?.runsBefore);
    expect(windows[0]?.runsAfter).toBe(from.toISOString());
    expect(Date.parse(windows[2]?.runsBefore ?? "")).toBe(from.getTime() + 100 * DAY);
  });

  it("refuses 0 days", () => {
    expect(() => forecastWindows(from, 0)).toThrow(RangeError);
  });
});

describe("mergeForecast", () => {
  it("keeps one run per schedule and time, soonest first, and drops runs without a time", () => {
    const merged = mergeForecast([
      [
        { id: "a", runDateTime: "2026-12-05T06:00:00Z" },
        { id: "b", runDateTime: "2026-12-03T06:00:00Z" },
        { id: "c", runDateTime: null },
      ],
      [
        { id: "a", runDateTime: "2027-01-20T06:00:00Z" },
        { id: "b", runDateTime: "2026-12-03T06:00:00.000Z" },
      ],
    ]);
    expect(merged.map((r) => `${r.id} ${r.runDateTime}`)).toEqual([
      "b 2026-12-03T06:00:00Z",
      "a 2026-12-05T06:00:00Z",
      "a 2027-01-20T06:00:00Z",
    ]);
  });
});
