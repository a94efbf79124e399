/**
 * The log of the API v3 calls the contract tests made and what the mock answered, one JSON
 * line per call: the client factory appends, coverage.test.ts (sorted last) reads.
 */
import { appendFileSync, existsSync, mkdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** Where the calls are logged (under the package's gitignored .test-results/). */
export const CALLS_FILE = fileURLToPath(
  new URL("../../../.test-results/v3-calls.jsonl", import.meta.url),
);

/** One call as the mock answered it. */
export interface Call {
  method: string;
  /** The path relative to /webapi ("/v3/users/5b1a..."). */
  path: string;
  status: number;
}

/** Appends a call to the log. */
export function recordCall(call: Call): void {
  mkdirSync(fileURLToPath(new URL("../../../.test-results/", import.meta.url)), {
    recursive: true,
  });
  appendFileSync(CALLS_FILE, `${JSON.stringify(call)}\n`);
}

/** Every call logged so far in this run. */
export function readCalls(): Call[] {
  if (!existsSync(CALLS_FILE)) return [];
  return readFileSync(CALLS_FILE, "utf8")
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => JSON.parse(line) as Call);
}
