/** The inputs of `alteryx-admin api`: --query and --header pairs, and the JSON body. */
import { readFile } from "node:fs/promises";
import { describeFileError, UsageError } from "../errors.js";

/** Collects repeated `NAME=VALUE` options (commander's reducer). */
export function collectPair(separator: "=" | ":", flag: string) {
  return (value: string, previous: Array<[string, string]> = []): Array<[string, string]> => {
    const at = value.indexOf(separator);
    if (at <= 0)
      throw new UsageError(
        `${flag} takes NAME${separator}VALUE${separator === ":" ? " (like Accept: application/json)" : ""}, got "${value}"`,
      );
    return [...previous, [value.slice(0, at).trim(), value.slice(at + 1).trim()]];
  };
}

/** Headers the configuration sets: --header cannot override them. */
const RESERVED_HEADERS = new Set(["authorization", "host", "content-length"]);

/** The --header pairs as a record; credentials come from the configuration only. */
export function headersOf(pairs: ReadonlyArray<[string, string]>): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of pairs) {
    if (RESERVED_HEADERS.has(name.toLowerCase()))
      throw new UsageError(
        `--header ${name} is set by alteryx-admin (the credentials come from the configuration; run \`alteryx-admin doctor\` to check them)`,
      );
    headers[name] = value;
  }
  return headers;
}

/** Reads the body: `@FILE`, `-` (stdin) or JSON text; it must be JSON. */
export async function readBody(
  value: string,
  stdin: NodeJS.ReadStream = process.stdin,
): Promise<unknown> {
  let text: string;
  let where: string;
  if (value === "-") {
    if (stdin.isTTY)
      throw new UsageError(
        "--body - reads JSON from a pipe, e.g. `cat user.json | alteryx-admin api POST /v3/users --body -`",
      );
    const chunks: Buffer[] = [];
    for await (const chunk of stdin) chunks.push(Buffer.from(chunk as Buffer));
    text = Buffer.concat(chunks).toString("utf8");
    where = "the body from stdin";
  } else if (value.startsWith("@")) {
    const path = value.slice(1);
    try {
      text = await readFile(path, "utf8");
    } catch (error) {
      throw new UsageError(`--body: ${describeFileError(error as NodeJS.ErrnoException, path)}`);
    }
    where = `--body ${path}`;
  } else {
    text = value;
    where = "--body";
  }
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch (error) {
    throw new UsageError(
      `${where} is not JSON: ${(error as Error).message.replace(/, ".*$/s, "")}`,
    );
  }
}
