/** Messages on stderr: quiet, normal and verbose levels, colors only on a terminal. */
import pc from "picocolors";

/** How chatty the CLI is. */
export type Verbosity = "quiet" | "normal" | "verbose";

/** Writes messages to stderr; data never goes through here. */
export interface Logger {
  readonly verbosity: Verbosity;
  readonly colors: ReturnType<typeof pc.createColors>;
  /** A normal message (hidden by --quiet). */
  info(message: string): void;
  /** A warning (hidden by --quiet). */
  warn(message: string): void;
  /** A detail line shown only with --verbose. */
  debug(message: string): void;
  /** An error line; always shown. */
  error(message: string): void;
  /** A line that --quiet does not hide either (what a cron job's log must show, like --demo). */
  notice(message: string): void;
}

/** Creates a logger writing to `stream` (stderr by default). */
export function createLogger(
  verbosity: Verbosity,
  stream: NodeJS.WritableStream & { isTTY?: boolean } = process.stderr,
): Logger {
  const colors = pc.createColors(Boolean(stream.isTTY) && !process.env.NO_COLOR);
  const write = (line: string) => stream.write(`${line}\n`);
  return {
    verbosity,
    colors,
    info: (m) => verbosity !== "quiet" && write(m),
    warn: (m) => verbosity !== "quiet" && write(colors.yellow(`warning: ${m}`)),
    debug: (m) => verbosity === "verbose" && write(colors.dim(m)),
    error: (m) => write(colors.red(`error: ${m}`)),
    notice: (m) => write(colors.yellow(m)),
  };
}
