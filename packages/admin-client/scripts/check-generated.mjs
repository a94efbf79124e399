// Drift check for the generated files, run by `pnpm check:generated` (and in CI).
//
// Two comparisons per file, both with the same functions as `pnpm generate`:
// 1. the working tree: each file must equal a fresh generation from openapi/admin-v1.yaml;
// 2. the last commit: each committed file must equal a generation from the committed spec.
// The second one matters because turbo runs `generate` before `check:generated` (and before
// `build`), which rewrites the working files: without it, a stale committed file would pass.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { outputs, specUrl } from "./generate.mjs";

const specPath = fileURLToPath(specUrl);
const HOW_TO_FIX =
  "The generated files are never edited by hand: run `pnpm generate` in packages/admin-client " +
  "(or `pnpm generate` at the root) and commit the generated files with the spec.";

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
      cwd: fileURLToPath(new URL(".", specUrl)),
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
const specText = readFileSync(specUrl, "utf8");
const committedSpec = committedText(specPath);

for (const { url, render } of outputs) {
  const outputPath = fileURLToPath(url);
  let working;
  try {
    working = readFileSync(url, "utf8");
  } catch {
    problems.push(`${outputPath} is missing.`);
  }
  if (working !== undefined) {
    const fresh = await render(specText);
    if (working !== fresh) {
      problems.push(
        `${outputPath} is out of date with ${specPath} ` +
          `(first difference at line ${firstDifference(fresh, working)}).`,
      );
    }
  }
  if (committedSpec === undefined) continue;
  const committedOutput = committedText(outputPath);
  if (committedOutput === undefined) {
    problems.push(`${outputPath} is not committed, but the spec is.`);
    continue;
  }
  const fromCommittedSpec = await render(committedSpec);
  if (committedOutput !== fromCommittedSpec) {
    problems.push(
      `The committed ${outputPath} does not match the committed ${specPath} ` +
        `(first difference at line ${firstDifference(fromCommittedSpec, committedOutput)}).`,
    );
  }
}

if (problems.length === 0) {
  const scope =
    committedSpec === undefined
      ? "working tree only: git or the commit is unavailable"
      : "working tree and last commit";
  console.log(`${outputs.length} generated files are in sync with ${specPath} (${scope})`);
} else {
  for (const problem of problems) console.error(problem);
  console.error(HOW_TO_FIX);
  process.exitCode = 1;
}
