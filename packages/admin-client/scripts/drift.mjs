// The drift check of generated files, shared by packages/admin-client/scripts/check-generated.mjs
// and apps/cli/scripts/generate-operations.mjs --check.
//
// Two comparisons per generated file, with the same render function as its generator:
// 1. the working tree: the file must equal a fresh generation from the working specs;
// 2. the last commit: the committed file must equal a generation from the committed specs.
// The second one matters because turbo runs `generate` before `check:generated` (and before
// `build`), which rewrites the working files: without it, a stale committed file would pass.
// Each spec is read once and git runs once (one `git cat-file --batch` for every file at HEAD).
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { dirname, relative } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * Each file's text at HEAD, in one git run: a Map from the URL's href to its text, or to
 * undefined when the file is not committed. Undefined when git or the repository is unavailable.
 * @param {URL[]} urls files inside the repository
 * @returns {Map<string, string | undefined> | undefined}
 */
export function committedTexts(urls) {
  const cwd = dirname(fileURLToPath(urls[0]));
  // `HEAD:./<path>` is read relative to cwd, so no `git rev-parse --show-toplevel` is needed.
  const requests = urls.map((url) => {
    const path = relative(cwd, fileURLToPath(url)).split("\\").join("/");
    return `HEAD:./${path}`;
  });
  let output;
  try {
    output = execFileSync("git", ["cat-file", "--batch"], {
      cwd,
      input: `${requests.join("\n")}\n`,
      stdio: ["pipe", "pipe", "ignore"],
      maxBuffer: 256 * 1024 * 1024,
    });
  } catch {
    return undefined;
  }
  const texts = new Map();
  let at = 0;
  for (const url of urls) {
    // Each answer: "<sha> blob <size>\n<content>\n", or "<request> missing\n" (or ambiguous).
    const end = output.indexOf(0x0a, at);
    if (end === -1) return undefined;
    const header = output.subarray(at, end).toString("utf8");
    const match = /^[0-9a-f]+ blob (\d+)$/.exec(header);
    if (match === null) {
      texts.set(url.href, undefined);
      at = end + 1;
      continue;
    }
    const size = Number(match[1]);
    texts.set(url.href, output.subarray(end + 1, end + 1 + size).toString("utf8"));
    at = end + 1 + size + 1;
  }
  return texts;
}

/** 1-based number of the first line where two texts differ. */
export function firstDifference(a, b) {
  const left = a.split("\n");
  const right = b.split("\n");
  let line = 0;
  while (line < left.length && left[line] === right[line]) line++;
  return line + 1;
}

/** A file's text, or undefined when it does not exist. */
function readIfPresent(url) {
  try {
    return readFileSync(url, "utf8");
  } catch {
    return undefined;
  }
}

/**
 * A generated file and how it is made.
 * @typedef {{ url: URL, specs: URL[],
 *   render: (specTexts: string[]) => string | Promise<string> }} GeneratedFile
 */

/**
 * Compares every generated file with a generation from the working specs and, where git has
 * them, the committed file with a generation from the committed specs.
 * @param {GeneratedFile[]} files
 * @returns {Promise<{ problems: string[], comparedCommits: boolean }>} one sentence per problem
 *   (naming the file and the first differing line); comparedCommits is false when git, the
 *   commit or a committed spec was unavailable for some file
 */
export async function findDrift(files) {
  const specUrls = [...new Map(files.flatMap((f) => f.specs).map((u) => [u.href, u])).values()];
  const workingSpecs = new Map(specUrls.map((url) => [url.href, readFileSync(url, "utf8")]));
  const committed = committedTexts([...specUrls, ...files.map((file) => file.url)]);
  const problems = [];
  let comparedCommits = committed !== undefined;
  for (const { url, specs, render } of files) {
    const outputPath = fileURLToPath(url);
    const specNames = specs.map((spec) => fileURLToPath(spec)).join(" and ");
    const working = readIfPresent(url);
    if (working === undefined) {
      problems.push(`${outputPath} is missing.`);
    } else {
      const fresh = await render(specs.map((spec) => workingSpecs.get(spec.href)));
      if (working !== fresh) {
        problems.push(
          `${outputPath} is out of date with ${specNames} ` +
            `(first difference at line ${firstDifference(fresh, working)}).`,
        );
      }
    }
    if (committed === undefined) continue;
    const committedSpecs = specs.map((spec) => committed.get(spec.href));
    if (committedSpecs.includes(undefined)) {
      comparedCommits = false;
      continue;
    }
    const committedOutput = committed.get(url.href);
    if (committedOutput === undefined) {
      problems.push(`${outputPath} is not committed, but its specs are.`);
      continue;
    }
    const fromCommitted = await render(committedSpecs);
    if (committedOutput !== fromCommitted) {
      problems.push(
        `The committed ${outputPath} does not match the committed ${specNames} ` +
          `(first difference at line ${firstDifference(fromCommitted, committedOutput)}).`,
      );
    }
  }
  return { problems, comparedCommits };
}

/**
 * Runs {@link findDrift} and reports: one line when every file is in sync, else each problem
 * and `howToFix` on stderr, with exit code 1.
 * @param {GeneratedFile[]} files
 * @param {string} howToFix what to run, said after the problems
 */
export async function checkDrift(files, howToFix) {
  const { problems, comparedCommits } = await findDrift(files);
  if (problems.length === 0) {
    const scope = comparedCommits
      ? "working tree and last commit"
      : "working tree only: git, the commit or a committed spec is unavailable";
    console.log(`${files.length} generated files are in sync with their specs (${scope})`);
    return;
  }
  for (const problem of problems) console.error(problem);
  console.error(howToFix);
  process.exitCode = 1;
}
