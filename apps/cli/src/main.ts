/** Runs the CLI: parses arguments, maps every failure to one line and an exit code. */
import { readFileSync } from "node:fs";
import { CommanderError } from "commander";
import { failureContextOf, type GlobalOptions } from "./context.js";
import { describeFailure, EXIT } from "./errors.js";
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
    const failure = describeFailure(error, failureContextOf(program.opts<GlobalOptions>()));
    if (failure.message !== undefined) logger.error(failure.message);
    if (process.env.ALTERYX_ADMIN_DEBUG && error instanceof Error && error.stack)
      process.stderr.write(`${error.stack}\n`);
    return failure.exitCode;
  }
}
