/**
 * The Server API v3 commands: under `users` and `schedules` (whose bare form keeps today's
 * Admin v1 listing), `connections list`, and the new `jobs`, `groups` and `credentials`.
 */
import type { Command } from "commander";
import { registerCatalogCommands } from "./catalogs.js";
import { registerGroupCommands } from "./groups.js";
import { registerJobCommands } from "./jobs.js";
import { registerOffboardingCommands } from "./offboarding.js";
import { registerScheduleCommands } from "./schedules.js";
import { registerUserQueryCommands } from "./users.js";

/** The command `name` of the program, created when it does not exist yet. */
function commandNamed(program: Command, name: string, description: string): Command {
  return (
    program.commands.find((c) => c.name() === name) ??
    program.command(name).description(description)
  );
}

/** Registers every v3 command; call after the Admin v1 commands it extends. */
export function registerV3Commands(program: Command): void {
  const users = commandNamed(program, "users", "users");
  registerUserQueryCommands(users);
  registerOffboardingCommands(users);
  registerScheduleCommands(commandNamed(program, "schedules", "schedules"));
  registerJobCommands(program);
  registerGroupCommands(program);
  registerCatalogCommands(program, commandNamed(program, "connections", "data connections"));
}
