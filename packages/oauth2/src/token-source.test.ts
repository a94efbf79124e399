import { describe, expect, it } from "vitest";
import { refreshTime } from "./token-source.js";

describe("refreshTime", () => {
  it("is expires_in minus the skew", () => {
    expect(refreshTime(1000, 3600, 60)).toBe(1000 + 3_540_000);
    expect(refreshTime(0, 3600, 0)).toBe(3_600_000);
  });

  it("is half the lifetime when the skew is more than that", () => {
    expect(refreshTime(0, 60, 60)).toBe(30_000);
    expect(refreshTime(0, 100, 60)).toBe(50_000);
    expect(refreshTime(0, 121, 60)).toBe(61_000);
    expect(refreshTime(0, 1, 60)).toBe(500);
  });

  it("is now for a token that expires at once, and never without expires_in", () => {
    expect(refreshTime(5, 0, 60)).toBe(5);
    expect(refreshTime(5, undefined, 60)).toBe(Number.POSITIVE_INFINITY);
  });
});
