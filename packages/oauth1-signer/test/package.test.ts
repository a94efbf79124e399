/** Package-level guarantees: zero runtime dependencies and the public surface. */
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import * as api from "../src/index.js";

const root = new URL("../", import.meta.url);

describe("package", () => {
  it("has no runtime dependencies", () => {
    const pkg = JSON.parse(readFileSync(new URL("package.json", root), "utf8"));
    expect(pkg.dependencies ?? {}).toEqual({});
    expect(pkg.peerDependencies ?? {}).toEqual({});
  });

  it("source files import only each other (node:crypto only through a guarded dynamic import)", () => {
    const sources = readdirSync(new URL("src/", root)).filter(
      (f) => f.endsWith(".ts") && !f.endsWith(".test.ts"),
    );
    let imports = 0;
    for (const file of sources) {
      const text = readFileSync(new URL(`src/${file}`, root), "utf8");
      for (const match of text.matchAll(/^\s*(?:import|export)[^;]*?from\s+"([^"]+)"/gm)) {
        expect(match[1], `${file} imports ${match[1]}`).toMatch(/^\.\/[\w-]+\.js$/);
        imports++;
      }
    }
    expect(imports).toBeGreaterThan(20);
  });

  it("exports exactly the documented API", () => {
    expect(Object.keys(api).sort()).toEqual([
      "SIGNATURE_METHODS",
      "baseStringUri",
      "createSigner",
      "normalizeParameters",
      "oauth1Middleware",
      "parseAuthorizationHeader",
      "percentEncode",
      "signatureBaseString",
    ]);
  });
});
