/**
 * Small pieces every v3 command uses: its options with those of the commands above it, the v3
 * client or a clear "needs Server API v3" error, and the dry-run flag.
 */
import type { Command } from "commander";
import type { Session } from "../../context.js";
import { type ServerApi, serverApiOf } from "./server-client.js";

/**
 * A subcommand's options merged with its parents'. `users list --format json`: commander gives
 * `--format` to `users` (which has it for the Admin v1 listing), so the subcommand reads both.
 */
export function optionsOf<T>(command: Command): T {
  return command.optsWithGlobals<T & object>();
}

/**
 * The v3 client, or the connection's usage error (see Connection.serverClient) naming the
 * command that needs it and what the server speaks instead.
 */
export async function requireServerApi(session: Session, what: string): Promise<ServerApi> {
  return serverApiOf(await session.connect(), what);
}

/** Adds --apply to a command that changes the server (a dry run without it). */
export function addApplyOption(command: Command): Command {
  return command.option("--apply", "make the change (without it: a dry run that changes nothing)");
}

/** The line a dry run ends with. */
export function dryRunNotice(count: number): string {
  return count === 0
    ? "dry run: nothing to change"
    : `dry run: nothing was changed; add --apply to make ${count === 1 ? "this change" : `these ${count} changes`}`;
}
