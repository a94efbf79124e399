/** The commander program: global options and every command. */
import { Command } from "commander";
import { registerAuditlogCommand } from "./commands/auditlog.js";
import { registerBackupCommand } from "./commands/backup.js";
import { registerConnectionCommands } from "./commands/connections.js";
import { registerDoctorCommand } from "./commands/doctor.js";
import { registerMigrateCommand } from "./commands/migrate.js";
import { registerReportCommand } from "./commands/report.js";
import { registerResourceCommands } from "./commands/resources.js";
import { registerSignCommand } from "./commands/sign.js";
import { registerWorkflowCommands } from "./commands/workflows.js";
import { UsageError } from "./errors.js";

/** Makes a command and all of its subcommands return usage errors to main() instead of exiting. */
function configureTree(command: Command): void {
  command.exitOverride();
  for (const sub of command.commands) configureTree(sub);
}

/** Builds the `alteryx-admin` program. */
export function buildProgram(version: string): Command {
  const program = new Command("alteryx-admin")
    .description(
      "Everyday Alteryx Gallery admin jobs from the command line (Admin API v1, OAuth 1.0a).\nWith nothing configured, commands run against an embedded mock Gallery with demo data.",
    )
    .version(version, "-V, --version")
    .option("--profile <name>", "profile from the config file (also ALTERYX_PROFILE)")
    .option(
      "--url <url>",
      "Admin API base URL (also ALTERYX_GALLERY_URL), e.g. https://host/gallery/api/admin/v1",
    )
    .option("--key <key>", "API key (also ALTERYX_API_KEY)")
    .option(
      "--secret-stdin",
      "read the API secret from stdin (else ALTERYX_API_SECRET or the profile)",
    )
    .option("--ca <file>", "PEM file of a private CA that signed the server's certificate")
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
      "log each request (method, URL without oauth parameters, status, time)",
    )
    .addHelpText(
      "after",
      `
Configuration: ALTERYX_GALLERY_URL, ALTERYX_API_KEY, ALTERYX_API_SECRET, or profiles in
~/.config/alteryx-admin/config.json (chmod 600). The secret is never a command-line flag.
Exit codes: 0 success, 1 API or network failure, 2 usage error.

Examples:
  $ alteryx-admin report
  $ export ALTERYX_GALLERY_URL=https://gallery.example.com/gallery/api/admin/v1 ALTERYX_API_KEY=...
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
  configureTree(program);
  return program;
}
