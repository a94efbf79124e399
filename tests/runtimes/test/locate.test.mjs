/**
 * Finding the runtimes: a missing wrapper package, platform binary or Chromium gives a reason
 * that says what to install (the runtime is then skipped with it, never passed).
 */
import { describe, expect, it } from "vitest";
import { locateChromium } from "../src/chromium.mjs";
import { DENO_PACKAGES, shippedBinary } from "../src/cli-runtimes.mjs";

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
