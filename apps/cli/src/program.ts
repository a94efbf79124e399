/** The commander program: global options and every command. */
import { Command } from "commander";
import { registerApiCommand } from "./commands/api.js";
import { registerAuditlogCommand } from "./commands/auditlog.js";
import { registerBackupCommand } from "./commands/backup/index.js";
import { registerConnectionCommands } from "./commands/connections.js";
import { registerDoctorCommand } from "./commands/doctor.js";
import { registerMigrateCommand } from "./commands/migrate.js";
import { registerProfileCommands } from "./commands/profile.js";
import { registerReportCommand } from "./commands/report.js";
import { registerResourceCommands } from "./commands/resources.js";
import { registerSignCommand } from "./commands/sign.js";
import { registerV3Commands } from "./commands/v3/index.js";
import { registerWorkflowCommands } from "./commands/workflows/index.js";
import { DEFAULT_TIMEOUT_SECONDS } from "./context.js";
import { UsageError } from "./errors.js";

/** Parses --proxy: an http(s) URL (never echoed: it may hold a password). */
export function parseProxy(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError("--proxy must be a URL such as http://proxy.example.com:3128");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:")
    throw new UsageError(`--proxy must be an http:// or https:// URL (got ${url.protocol})`);
  return value;
}

/** Parses --timeout: positive seconds (decimals allowed). */
export function parseTimeout(value: string): number {
  const seconds = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value) || !(seconds > 0))
    throw new UsageError(`--timeout must be a positive number of seconds, got "${value}"`);
  return seconds;
}

/**
 * Refuses an option given on the command line that belongs to the parent command only (not to
 * the program, whose options are everyone's): commander takes a parent's options after the
 * subcommand's name too, so `users inactive --page-size 2` was accepted and the page size (of
 * `users`' Admin v1 listing) silently not applied. Run before every command's action.
 */
export function refuseParentOnlyOptions(command: Command): void {
  const parent = command.parent;
  if (!parent?.parent) return;
  const own = new Set(command.options.map((option) => option.attributeName()));
  const stray = parent.options.filter(
    (option) =>
      parent.getOptionValueSource(option.attributeName()) === "cli" &&
      !own.has(option.attributeName()),
  );
  if (stray.length === 0) return;
  const names = stray.map((option) => option.long ?? option.flags).join(", ");
  const path = `${parent.name()} ${command.name()}`;
  throw new UsageError(
    `${names} ${stray.length === 1 ? "is an option" : "are options"} of \`${parent.name()}\`, not of \`${path}\`: drop ${stray.length === 1 ? "it" : "them"} (alteryx-admin ${path} --help lists its options)`,
  );
}

/** Makes a command and all of its subcommands return usage errors to main() instead of exiting. */
function configureTree(command: Command): void {
  command.exitOverride();
  for (const sub of command.commands) configureTree(sub);
}

/** Builds the `alteryx-admin` program. */
export function buildProgram(version: string): Command {
  const program = new Command("alteryx-admin")
    .description(
      "Everyday Alteryx Server admin jobs from the command line: Server API v3 and Admin API v1 over\nOAuth2 (Server 2021.4 and later), Admin API v1 over OAuth1 (2021.4 and older).\nConfigure a server (environment or `profile add`), or try it on demo data with --demo.",
    )
    .version(version, "-V, --version")
    .option("--profile <name>", "profile from the config file (also ALTERYX_PROFILE)")
    .option(
      "--url <url>",
      "the server's address (also ALTERYX_GALLERY_URL), e.g. https://alteryx.example.com; an API base (/webapi/admin/v1, /gallery/api/admin/v1) works too",
    )
    .option("--key <key>", "API key (also ALTERYX_API_KEY)")
    .option(
      "--secret-stdin",
      "read the API secret from stdin (else ALTERYX_API_SECRET or the profile)",
    )
    .option("--ca <file>", "PEM file of a private CA that signed the server's certificate")
    .option(
      "--proxy <url>",
      "HTTP proxy for every request (overrides HTTPS_PROXY, HTTP_PROXY and NO_PROXY)",
      parseProxy,
    )
    .option(
      "--timeout <seconds>",
      `bound of each wait on the network: connecting, the answer's headers, each wait for body data (default ${DEFAULT_TIMEOUT_SECONDS})`,
      parseTimeout,
    )
    .option(
      "--demo",
      "run against an embedded mock Gallery with demo data (also ALTERYX_ADMIN_DEMO=1)",
    )
    .option(
      "--clock-offset <seconds>",
      "seconds added to this machine's clock when signing (doctor measures it)",
      (v) => {
        if (!/^[+-]?\d+$/.test(v))
          throw new UsageError(
            `--clock-offset must be whole seconds (e.g. 120 or -45), got "${v}"`,
          );
        return Number(v);
      },
    )
    .option("-q, --quiet", "only errors on stderr")
    .option(
      "-v, --verbose",
      "say which API and scheme each command uses, and log each request (method, URL without oauth parameters, status, time; Authorization shown as <redacted>)",
    )
    .addHelpText(
      "after",
      `
Configuration: ALTERYX_GALLERY_URL, ALTERYX_API_KEY, ALTERYX_API_SECRET, or a profile
(alteryx-admin profile add). The secret is never a command-line flag.
Given the server's address, the CLI asks its token endpoint (/webapi/oauth2/token) and uses
OAuth2 when it issues a token, else OAuth1 at /gallery/api/admin/v1; ALTERYX_AUTH=oauth1|oauth2
(or auth in a profile) forces a scheme.
Exit codes: 0 success, 1 API or network failure, 2 usage or configuration error, 130 interrupted.

Examples:
  $ alteryx-admin report --demo
  $ alteryx-admin profile add prod --url https://alteryx.example.com --key ...
  $ export ALTERYX_GALLERY_URL=https://alteryx.example.com ALTERYX_API_KEY=...
  $ read -rs ALTERYX_API_SECRET && export ALTERYX_API_SECRET
  $ alteryx-admin users --all --format csv > users.csv
  $ alteryx-admin --profile prod backup --out ./backup
`,
    );
  registerReportCommand(program);
  registerResourceCommands(program);
  registerConnectionCommands(program);
  registerWorkflowCommands(program);
  registerAuditlogCommand(program);
  registerBackupCommand(program);
  registerMigrateCommand(program);
  registerDoctorCommand(program);
  registerSignCommand(program);
  registerApiCommand(program);
  registerProfileCommands(program);
  registerV3Commands(program);
  configureTree(program);
  program.hook("preAction", (_program, command) => refuseParentOnlyOptions(command));
  return program;
}
