/** Package-level guarantees: the public surface, the dependencies, and sources fit for any runtime. */
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import * as api from "../src/index.js";

const root = new URL("../", import.meta.url);
const pkg = JSON.parse(readFileSync(new URL("package.json", root), "utf8"));

describe("package", () => {
  it("exports exactly the documented API", () => {
    expect(Object.keys(api).sort()).toEqual([
      "OAuth2TokenError",
      "createTokenSource",
      "oauth2Middleware",
    ]);
  });

  it("depends on oauth4webapi and leven only, from the catalog", () => {
    expect(pkg.dependencies).toEqual({ leven: "catalog:", oauth4webapi: "catalog:" });
    expect(pkg.peerDependencies ?? {}).toEqual({});
  });

  it("source files import each other and the two dependencies only: no node: built-in, no console", () => {
    const sources = readdirSync(new URL("src/", root)).filter(
      (f) => f.endsWith(".ts") && !f.endsWith(".test.ts"),
    );
    let imports = 0;
    for (const file of sources) {
      const text = readFileSync(new URL(`src/${file}`, root), "utf8");
      for (const match of text.matchAll(/^\s*(?:import|export)[^;]*?from\s+"([^"]+)"/gm)) {
        expect(match[1], `${file} imports ${match[1]}`).toMatch(
          /^(?:\.\/[\w-]+\.js|oauth4webapi|leven)$/,
        );
        imports++;
      }
      const code = text.replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, "");
      expect(code, file).not.toMatch(
        /\bimport\s*\(|\brequire\s*\(|\bprocess\.|\bBuffer\b|\bconsole\./,
      );
    }
    expect(imports).toBeGreaterThan(10);
  });
});
