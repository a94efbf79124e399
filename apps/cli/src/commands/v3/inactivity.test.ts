import { describe, expect, it } from "vitest";
import { inactiveUsers, inactivityCutoff } from "./inactivity.js";

const now = new Date("2026-12-02T12:00:00Z");

describe("inactiveUsers", () => {
  it("keeps users whose last sign-in is older than N days, and those who never signed in", () => {
    const users = [
      { id: "recent", lastLoginDateTime: "2026-11-30T08:00:00Z" },
      { id: "old", lastLoginDateTime: "2026-06-01T00:00:00Z" },
      { id: "never", lastLoginDateTime: null },
      { id: "missing" },
      { id: "edge", lastLoginDateTime: "2026-09-03T12:00:00Z" },
    ];
    const result = inactiveUsers(users, 90, now);
    expect(result.map((r) => r.user.id)).toEqual(["never", "missing", "old"]);
    expect(result[2]).toMatchObject({ lastLogin: "2026-06-01T00:00:00Z", daysSinceLogin: 184 });
    expect(result[0]).toMatchObject({ lastLogin: null, daysSinceLogin: null });
  });

  it("counts a date that does not parse as never, and 0 days as any sign-in before now", () => {
    const users = [
      { id: "garbled", lastLoginDateTime: "yesterday" },
      { id: "earlier", lastLoginDateTime: "2026-12-02T11:59:00Z" },
    ];
    expect(inactiveUsers(users, 0, now).map((r) => r.user.id)).toEqual(["garbled", "earlier"]);
  });

  it("refuses a negative or fractional number of days", () => {
    expect(() => inactivityCutoff(-1, now)).toThrow(RangeError);
    expect(() => inactivityCutoff(1.5, now)).toThrow("whole number");
    expect(inactivityCutoff(1, now).toISOString()).toBe("2026-12-01T12:00:00.000Z");
  });
});
