/**
 * The harness's bookkeeping: a runtime that did not run never counts as passed, and one that
 * ran but gave fewer results than cases fails.
 */
import { describe, expect, it } from "vitest";
import { locateChromium } from "../src/chromium.mjs";
import { DENO_PACKAGES, shippedBinary } from "../src/cli-runtimes.mjs";
import { formatRuntime, summarize } from "../src/report.mjs";

const passed = (name) => ({ name, status: "passed", ms: 1 });

describe("summarize", () => {
  it("counts every case of a skipped runtime as skipped, none as passed", () => {
    const entry = summarize("bun", undefined, { reason: "no binary" }, 14);
    expect(entry).toMatchObject({ status: "skipped", passed: 0, failed: 0, skipped: 14 });
    expect(formatRuntime(entry)).toEqual(["bun: SKIPPED (no binary): 14 cases skipped"]);
  });

  it("fails every case of a runtime that gave no results", () => {
    const entry = summarize("deno", "2.9.6", { crashed: "exit 1: PermissionDenied" }, 14);
    expect(entry).toMatchObject({ passed: 0, failed: 14, skipped: 0 });
    expect(formatRuntime(entry).join("\n")).toContain("PermissionDenied");
  });

  it("fails a runtime that gave fewer results than cases, and any status but passed", () => {
    const results = [passed("a"), { name: "b", status: "weird", error: "?", ms: 0 }];
    const entry = summarize("node", "20", { results }, 3);
    expect(entry).toMatchObject({ passed: 1, failed: 2 });
    expect(entry.results.at(-1).error).toBe("1 of 3 cases gave no result");
  });

  it("prints counts, then each failed case with its error", () => {
    const results = [passed("a"), { name: "b", status: "failed", error: "Error: boom", ms: 0 }];
    const lines = formatRuntime(summarize("chromium", "156", { results }, 2));
    expect(lines).toEqual(["chromium 156: 1 passed, 1 failed", "  FAILED b", "    Error: boom"]);
  });
});

describe("locating runtimes", () => {
  it("gives the reason when a wrapper package or its platform binary is missing", () => {
    expect(shippedBinary("no-such-runtime-package", DENO_PACKAGES, "deno")).toEqual({
      reason: "the npm package no-such-runtime-package is not installed (pnpm install)",
    });
    expect(shippedBinary("deno", {}, "deno")).toEqual({
      reason: `deno ships no binary for ${process.platform}-${process.arch}`,
    });
  });

  it("gives the reason when Chromium is missing, naming the package to install", () => {
    expect(locateChromium("/nonexistent/chromium").reason).toMatch(/apt-get install -y chromium/);
  });
});
