/**
 * The browser bundles: no Node-only module in them, and the sizes the READMEs state are the
 * sizes esbuild gives today (within 15 %, so small changes do not churn the READMEs).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { BUNDLES, isNodeOnly, measureBundle } from "../bundle-size.mjs";

const PACKAGES = join(import.meta.dirname, "..", "..", "..", "packages");
const README = {
  "@alteryx-admin/oauth1-signer": join(PACKAGES, "oauth1-signer", "README.md"),
  "@alteryx-admin/client": join(PACKAGES, "admin-client", "README.md"),
};

/** The kB that a README's table row gives for `bundle`, or undefined. */
function statedSizes(readme, bundle) {
  const row = readFileSync(readme, "utf8")
    .split("\n")
    .find((line) => line.startsWith(`| ${bundle} |`));
  const match = row && /\| ([\d.]+) kB \| ([\d.]+) kB \|$/.exec(row.trim());
  return match
    ? { minified: Number(match[1]) * 1000, gzipped: Number(match[2]) * 1000 }
    : undefined;
}

describe("browser bundles (esbuild, platform browser, minified)", () => {
  it.each(BUNDLES)("$name has no Node-only module", async ({ source }) => {
    const measured = await measureBundle(source);
    expect(measured.nodeOnly).toEqual([]);
    expect(measured.inputs.some((input) => input.includes("undici"))).toBe(false);
    expect(measured.minified).toBeGreaterThan(1000);
  });

  it("the check finds node:*, bare built-ins and undici (it can fail)", async () => {
    const measured = await measureBundle(
      'import { readFileSync } from "node:fs"; import { Agent } from "undici"; import { createHash } from "crypto"; export { readFileSync, Agent, createHash };',
    );
    expect(measured.nodeOnly.map((found) => found.specifier).sort()).toEqual([
      "crypto",
      "node:fs",
      "undici",
    ]);
    expect(isNodeOnly("openapi-fetch")).toBe(false);
    expect(isNodeOnly("fs/promises")).toBe(true);
  });

  it.each(BUNDLES)("the README states the size of $name", async ({ name, source }) => {
    const pkg = name.split(",")[0];
    const readme = README[pkg];
    const stated = statedSizes(readme, name);
    const fix = `run \`node tests/runtimes/bundle-size.mjs\` and copy its row into ${readme}`;
    expect(stated, `no "| ${name} | ... kB | ... kB |" row: ${fix}`).toBeDefined();
    const measured = await measureBundle(source);
    for (const kind of ["minified", "gzipped"]) {
      const off = Math.abs(measured[kind] - stated[kind]) / measured[kind];
      expect(
        off,
        `${kind}: README ${stated[kind]} B, measured ${measured[kind]} B: ${fix}`,
      ).toBeLessThan(0.15);
    }
  });
});
