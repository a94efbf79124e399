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
  "@alteryx-admin/oauth2": join(PACKAGES, "oauth2", "README.md"),
  "@alteryx-admin/client": join(PACKAGES, "admin-client", "README.md"),
};

/** The bytes that a README's table row gives for `bundle` (cells may be padded), or undefined. */
function statedSizes(readme, bundle) {
  for (const line of readFileSync(readme, "utf8").split("\n")) {
    const cells = line.split("|").map((cell) => cell.trim());
    if (cells[1] !== bundle) continue;
    const kb = cells.slice(2, 4).map((cell) => /^([\d.]+) kB$/.exec(cell)?.[1]);
    if (kb.includes(undefined)) return undefined;
    return { minified: Number(kb[0]) * 1000, gzipped: Number(kb[1]) * 1000 };
  }
  return undefined;
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
