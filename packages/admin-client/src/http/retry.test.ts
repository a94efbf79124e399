import { describe, expect, it } from "vitest";
import { backoffDelay, isRetriableStatus, parseRetryAfter } from "./retry.js";

describe("parseRetryAfter", () => {
  const now = Date.parse("2026-11-28T12:00:00Z");
  it("reads delay-seconds", () => {
    expect(parseRetryAfter("2", now)).toBe(2000);
    expect(parseRetryAfter(" 0 ", now)).toBe(0);
  });
  it("reads an HTTP date, and a past date as 0", () => {
    expect(parseRetryAfter("Sat, 28 Nov 2026 12:00:05 GMT", now)).toBe(5000);
    expect(parseRetryAfter("Sat, 28 Nov 2026 11:00:00 GMT", now)).toBe(0);
  });
  it("ignores missing and unreadable values", () => {
    expect(parseRetryAfter(null, now)).toBeUndefined();
    expect(parseRetryAfter("-1", now)).toBeUndefined();
    expect(parseRetryAfter("1.5", now)).toBeUndefined();
    expect(parseRetryAfter("soon", now)).toBeUndefined();
  });
});

describe("backoffDelay", () => {
  it("doubles from the minimum, within the equal-jitter band, up to the maximum", () => {
    expect(backoffDelay(1, 100, 1000, () => 0)).toBe(50);
    expect(backoffDelay(1, 100, 1000, () => 0.999999)).toBe(100);
    expect(backoffDelay(2, 100, 1000, () => 0)).toBe(100);
    expect(backoffDelay(3, 100, 1000, () => 0.5)).toBe(300);
    expect(backoffDelay(10, 100, 1000, () => 1)).toBe(1000);
  });
});

describe("isRetriableStatus", () => {
  it("retries 429 and 5xx except 501", () => {
    expect([429, 500, 502, 503, 504].every(isRetriableStatus)).toBe(true);
    expect([200, 400, 401, 404, 501].some(isRetriableStatus)).toBe(false);
  });
});
