// Drift check for the generated types, run by `pnpm check:generated` (and in CI).
//
// Two comparisons, both with the same function as `pnpm generate`:
// 1. the working tree: src/generated/admin-v1.ts must equal a fresh generation from
//    openapi/admin-v1.yaml;
// 2. the last commit: the committed admin-v1.ts must equal a generation from the committed spec.
// The second one matters because turbo runs `generate` before `check:generated` (and before
// `build`), which rewrites the working file: without it, a stale committed file would pass.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { generate, outputUrl, specUrl } from "./generate.mjs";

const outputPath = fileURLToPath(outputUrl);
const specPath = fileURLToPath(specUrl);
const HOW_TO_FIX =
  "The generated types are never edited by hand: run `pnpm generate` in packages/admin-client " +
  "(or `pnpm generate` at the root) and commit src/generated/admin-v1.ts with the spec.";

/** 1-based number of the first line where two texts differ. */
function firstDifference(a, b) {
  const left = a.split("\n");
  const right = b.split("\n");
  let line = 0;
  while (line < left.length && left[line] === right[line]) line++;
  return line + 1;
}

/** A file's text at HEAD, or undefined when git, the repository or the file is unavailable. */
function committedText(path) {
  try {
    const root = execFileSync("git", ["rev-parse", "--show-toplevel"], {
      cwd: fileURLToPath(new URL(".", outputUrl)),
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    }).trim();
    const relative = path
      .slice(root.length + 1)
      .split("\\")
      .join("/");
    return execFileSync("git", ["show", `HEAD:${relative}`], {
      cwd: root,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch {
    return undefined;
  }
}

const problems = [];

let working;
try {
  working = readFileSync(outputUrl, "utf8");
} catch {
  problems.push(`${outputPath} is missing.`);
}
if (working !== undefined) {
  const fresh = await generate();
  if (working !== fresh) {
    problems.push(
      `${outputPath} is out of date with ${specPath} ` +
        `(first difference at line ${firstDifference(fresh, working)}).`,
    );
  }
}

const committedSpec = committedText(specPath);
const committedOutput = committedText(outputPath);
if (committedSpec !== undefined) {
  if (committedOutput === undefined) {
    problems.push(`${outputPath} is not committed, but the spec is.`);
  } else {
    const fromCommittedSpec = await generate(committedSpec);
    if (committedOutput !== fromCommittedSpec) {
      problems.push(
        `The committed ${outputPath} does not match the committed ${specPath} ` +
          `(first difference at line ${firstDifference(fromCommittedSpec, committedOutput)}).`,
      );
    }
  }
}

if (problems.length === 0) {
  const scope =
    committedSpec === undefined
      ? "working tree only: git or the commit is unavailable"
      : "working tree and last commit";
  console.log(`${outputPath} is in sync with ${specPath} (${scope})`);
} else {
  for (const problem of problems) console.error(problem);
  console.error(HOW_TO_FIX);
  process.exitCode = 1;
}
