/** Compiles src/ to JavaScript in memory, exactly as the build would, for tests that run it outside vitest. */
import { readFileSync } from "node:fs";
import { basename } from "node:path";
import ts from "typescript";

const root = new URL("../", import.meta.url);

/**
 * Compiles every file of tsconfig.build.json with its options, one file at a time (the repo
 * uses isolatedModules, so each file's output does not depend on the others).
 *
 * @returns output file name (`index.js`, ...) to JavaScript text
 */
export function compileSources(): Map<string, string> {
  const configPath = new URL("tsconfig.build.json", root).pathname;
  const config = ts.readConfigFile(configPath, ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, new URL(".", root).pathname);
  const files = new Map<string, string>();
  for (const file of parsed.fileNames) {
    const { outputText } = ts.transpileModule(readFileSync(file, "utf8"), {
      compilerOptions: { ...parsed.options, sourceMap: false, declaration: false },
      // The package is "type": "module"; transpileModule cannot see package.json, so the
      // file is named .mts to get the same ES module output under NodeNext.
      fileName: file.replace(/\.ts$/, ".mts"),
    });
    files.set(basename(file).replace(/\.ts$/, ".js"), outputText);
  }
  return files;
}
