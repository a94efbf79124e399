/** Runs the CLI: parses arguments, maps every failure to one line and an exit code. */
import { readFileSync } from "node:fs";
import { AlteryxApiError, AlteryxError, AlteryxNetworkError } from "@alteryx-admin/client";
import { CommanderError } from "commander";
import { ReexecWithCa, reexecWithCa } from "./context.js";
import {
  describeNetworkError,
  describeRequestFailure,
  EXIT,
  SilentFailure,
  UsageError,
} from "./errors.js";
import { createLogger } from "./log.js";
import { buildProgram } from "./program.js";

function version(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as {
      version?: string;
    };
    return pkg.version ?? "0.0.0";
  } catch {
    return "0.0.0";
  }
}

/** One line for an API error, with the Gallery's own message when it sent one. */
export function describeApiError(error: AlteryxApiError): string {
  let line = `${error.method} ${error.path} failed with HTTP ${error.status}`;
  if (error.galleryMessage) line += `: ${error.galleryMessage}`;
  if (error.innerExceptionMessage) line += ` [${error.innerExceptionMessage}]`;
  if (error.status === 401) line += " (run `alteryx-admin doctor` to diagnose the credentials)";
  return line;
}

/** Runs the CLI with `argv` (as process.argv) and resolves to the exit code. */
export async function main(argv: string[]): Promise<number> {
  const program = buildProgram(version());
  const quiet = argv.includes("-q") || argv.includes("--quiet");
  const logger = createLogger(quiet ? "quiet" : "normal");
  try {
    await program.parseAsync(argv);
    return EXIT.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (
        error.code === "commander.helpDisplayed" ||
        error.code === "commander.version" ||
        error.exitCode === 0
      )
        return EXIT.ok;
      return EXIT.usage; // commander already printed the message
    }
    if (error instanceof ReexecWithCa) return reexecWithCa(error);
    if (error instanceof SilentFailure) return EXIT.failure;
    if (error instanceof UsageError) {
      logger.error(error.message);
      return EXIT.usage;
    }
    if (error instanceof AlteryxApiError) {
      logger.error(describeApiError(error));
      return EXIT.failure;
    }
    if (error instanceof AlteryxNetworkError) {
      logger.error(describeRequestFailure(error));
      return EXIT.failure;
    }
    // A 2xx that is not JSON, a refused redirect, a paging walk that cannot go on: the client's
    // message already names the request.
    if (error instanceof AlteryxError) {
      logger.error(error.message);
      return EXIT.failure;
    }
    if (error instanceof TypeError && error.message === "fetch failed") {
      logger.error(describeNetworkError(error, "the Gallery"));
      return EXIT.failure;
    }
    const message = error instanceof Error ? error.message : String(error);
    logger.error(message);
    if (process.env.ALTERYX_ADMIN_DEBUG && error instanceof Error && error.stack)
      process.stderr.write(`${error.stack}\n`);
    return EXIT.failure;
  }
}
