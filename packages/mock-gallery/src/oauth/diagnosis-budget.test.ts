import { describe, expect, it } from "vitest";
import { DiagnosisBudget } from "./diagnosis-budget.js";

describe("DiagnosisBudget", () => {
  it("runs diagnoses while CPU time is left, then skips them until the clock refills it", () => {
    let now = 0;
    const budget = new DiagnosisBudget({ cpuMsPerSecond: 100, burstMs: 100 }, () => now);
    const costly = () => {
      now += 30; // each diagnosis takes 30 ms by this clock
      return "diagnosed";
    };
    const outcomes = Array.from({ length: 6 }, () => budget.run(costly).ran);
    // 100 ms of burst: 30 + 30 + 30 leave 10, the fourth overdraws, then nothing is left
    expect(outcomes).toEqual([true, true, true, true, false, false]);
    const skipped = budget.run(costly);
    expect(skipped).toMatchObject({ ran: false });
    if (!skipped.ran) expect(skipped.reason).toMatch(/100 ms of CPU per second.*is spent/);
    now += 1000; // a second later, 100 ms are back
    expect(budget.run(costly)).toEqual({ ran: true, result: "diagnosed" });
  });

  it("refuses requests above the size limit before any work", () => {
    const budget = new DiagnosisBudget({ maxBytes: 100 });
    expect(budget.refuseSize(100)).toBeUndefined();
    expect(budget.refuseSize(101)).toMatch(/are 101 bytes, and requests above 100 bytes/);
  });
});
