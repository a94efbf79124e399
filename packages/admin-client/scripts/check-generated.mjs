// CI drift check: regenerates the types from openapi/admin-v1.yaml in memory (same function as
// `pnpm generate`) and fails when the committed src/generated/admin-v1.ts differs.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { generate, outputUrl, specUrl } from "./generate.mjs";

const fresh = await generate();
let committed;
try {
  committed = readFileSync(outputUrl, "utf8");
} catch {
  committed = undefined;
}

if (committed === fresh) {
  console.log(`${fileURLToPath(outputUrl)} is in sync with ${fileURLToPath(specUrl)}`);
} else {
  const freshLines = fresh.split("\n");
  const committedLines = (committed ?? "").split("\n");
  let line = 0;
  while (line < freshLines.length && freshLines[line] === committedLines[line]) line++;
  console.error(
    committed === undefined
      ? `${fileURLToPath(outputUrl)} is missing.`
      : `${fileURLToPath(outputUrl)} is out of date with ${fileURLToPath(specUrl)} ` +
          `(first difference at line ${line + 1}).`,
  );
  console.error(
    "The generated types are never edited by hand: run `pnpm generate` in packages/admin-client " +
      "(or `pnpm generate` at the root) and commit the result.",
  );
  process.exitCode = 1;
}
