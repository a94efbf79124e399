/**
 * The README's TypeScript examples compile against the current source: each ```ts block is
 * type-checked as a module of its own (with the package's compiler options), so an API change
 * that makes an example wrong fails here. Names an example uses without defining them (`admin`,
 * `baseUrl`, `appId`, the helpers imported by an earlier example) are declared in a prelude.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const packageDir = fileURLToPath(new URL("..", import.meta.url));
const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
const exampleDir = `${packageDir}test/readme-examples/`;

/** The ```ts blocks of the README, with the line each starts on. */
function tsBlocks(markdown: string): Array<{ line: number; code: string }> {
  const blocks: Array<{ line: number; code: string }> = [];
  const lines = markdown.split("\n");
  for (let i = 0; i < lines.length; i++) {
    if (lines[i] !== "```ts") continue;
    const start = i + 1;
    let end = start;
    while (end < lines.length && lines[end] !== "```") end++;
    blocks.push({ line: start + 1, code: lines.slice(start, end).join("\n") });
    i = end;
  }
  return blocks;
}

/** Free variables the examples share, declared when a block does not define them itself. */
const AMBIENT: Record<string, string> = {
  admin: 'declare const admin: import("@alteryx-admin/client").AdminClient;',
  baseUrl: "declare const baseUrl: string;",
  consumerKey: "declare const consumerKey: string;",
  consumerSecret: "declare const consumerSecret: string;",
  appId: "declare const appId: string;",
};
/** The package's exports an example may use after an earlier example imported them. */
const HELPERS = [
  "paginate",
  "paginatePages",
  "unwrap",
  "createAdminClient",
  "setReadyForMigration",
];

/** Wraps one block into a module: its prelude, then the block unchanged. */
function moduleOf(code: string): { source: string; preludeLines: number } {
  const imported = new Set(
    [...code.matchAll(/import\s*(?:type\s*)?\{([^}]*)\}/g)].flatMap((m) =>
      (m[1] ?? "").split(",").map((name) => name.trim().replace(/^type\s+/, "")),
    ),
  );
  const defines = (name: string) =>
    imported.has(name) || new RegExp(`\\b(?:const|let|var)\\s+${name}\\b`).test(code);
  const uses = (name: string) => new RegExp(`\\b${name}\\b`).test(code);
  const prelude: string[] = [];
  const helpers = HELPERS.filter((name) => uses(name) && !defines(name));
  if (helpers.length > 0)
    prelude.push(`import { ${helpers.join(", ")} } from "@alteryx-admin/client";`);
  for (const [name, declaration] of Object.entries(AMBIENT)) {
    if (uses(name) && !defines(name)) prelude.push(declaration);
  }
  // Every block is a module (top-level await), even one without imports.
  prelude.push("export {};");
  return { source: `${prelude.join("\n")}\n${code}\n`, preludeLines: prelude.length };
}

/** Type-checks virtual files; returns "README.md:<line>: <message>" per error. */
function typecheck(files: Map<string, { source: string; offset: number }>): string[] {
  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    lib: ["lib.es2023.d.ts", "lib.dom.d.ts", "lib.dom.iterable.d.ts"],
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    strict: true,
    noUncheckedIndexedAccess: true,
    verbatimModuleSyntax: true,
    isolatedModules: true,
    skipLibCheck: true,
    noEmit: true,
    types: ["node"],
    // The examples import the package by name: check them against src, not a stale dist.
    baseUrl: packageDir,
    paths: { "@alteryx-admin/client": ["./src/index.ts"] },
  };
  const host = ts.createCompilerHost(options);
  const { fileExists, readFile, getSourceFile, directoryExists } = host;
  host.fileExists = (name) => files.has(name) || fileExists.call(host, name);
  host.directoryExists = (name) =>
    `${name}/` === exampleDir || (directoryExists?.call(host, name) ?? true);
  host.readFile = (name) => files.get(name)?.source ?? readFile.call(host, name);
  host.getSourceFile = (name, language, ...rest) => {
    const file = files.get(name);
    return file === undefined
      ? getSourceFile.call(host, name, language, ...rest)
      : ts.createSourceFile(name, file.source, language, true, ts.ScriptKind.TS);
  };
  const program = ts.createProgram([...files.keys()], options, host);
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const text = ts.flattenDiagnosticMessageText(d.messageText, "\n");
    const file = d.file === undefined ? undefined : files.get(d.file.fileName);
    if (d.file === undefined || d.start === undefined || file === undefined) return text;
    const { line } = d.file.getLineAndCharacterOfPosition(d.start);
    return `README.md:${line + file.offset}: ${text}`;
  });
}

describe("README examples", () => {
  const blocks = tsBlocks(readme);

  it("has the TypeScript examples this test checks", () => {
    // The example that starts the README, and the ones on errors, retries, download, publish,
    // migration and the mock.
    expect(blocks.length).toBeGreaterThanOrEqual(9);
    expect(readme.startsWith("# @alteryx-admin/client\n\n```ts\n")).toBe(true);
  });

  it("all type-check against the current source", () => {
    const files = new Map<string, { source: string; offset: number }>();
    blocks.forEach((block, index) => {
      const { source, preludeLines } = moduleOf(block.code);
      files.set(`${exampleDir}example-${index + 1}.ts`, {
        source,
        offset: block.line - preludeLines,
      });
    });
    // The user's own module that the mock example imports.
    files.set(`${exampleDir}my-report.ts`, {
      source:
        'import type { AdminClient } from "@alteryx-admin/client";\n' +
        "export declare function countCurators(admin: AdminClient): Promise<number>;\n",
      offset: 0,
    });
    expect(typecheck(files)).toEqual([]);
    // A whole TypeScript program: 15 s on a quiet machine, far more on a shared one.
  }, 120_000);
});
