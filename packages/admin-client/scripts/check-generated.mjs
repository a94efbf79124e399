// Drift check for the generated files, run by `pnpm check:generated` (and in CI).
//
// Two comparisons per file, both with the same functions as `pnpm generate`:
// 1. the working tree: each file must equal a fresh generation from its spec in openapi/;
// 2. the last commit: each committed file must equal a generation from the committed spec.
// The second one matters because turbo runs `generate` before `check:generated` (and before
// `build`), which rewrites the working files: without it, a stale committed file would pass.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { outputs } from "./generate.mjs";

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
      cwd: fileURLToPath(new URL(".", import.meta.url)),
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
let comparedCommits = true;

for (const { url, spec, render } of outputs) {
  const specPath = fileURLToPath(spec);
  const specText = readFileSync(spec, "utf8");
  const committedSpec = committedText(specPath);
  if (committedSpec === undefined) comparedCommits = false;
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
  const scope = comparedCommits
    ? "working tree and last commit"
    : "working tree only: git or the commit is unavailable";
  console.log(`${outputs.length} generated files are in sync with their specs (${scope})`);
} else {
  for (const problem of problems) console.error(problem);
  console.error(HOW_TO_FIX);
  process.exitCode = 1;
}
