/**
 * Small pieces every v3 command uses: its options with those of the commands above it, the v3
 * client or a clear "needs Server API v3" error, and the dry-run flag.
 */
import type { Command } from "commander";
import type { Session } from "../../context.js";
import { UsageError } from "../../errors.js";
import {
  addPagingOptions,
  type ListingSpec,
  type OutputOptions,
  type PagingOptions,
  printListing,
} from "../shared.js";
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

/**
 * A list command of both APIs on a server without Server API v3: the Admin v1 listing of the same
 * resource, after refusing the flags only v3 applies (`v3Only`: those given, by flag).
 */
export async function listOverAdminV1(
  session: Session,
  command: string,
  listing: ListingSpec,
  v3Only: string[],
  options: OutputOptions & PagingOptions,
): Promise<void> {
  if (v3Only.length > 0) {
    const one = v3Only.length === 1;
    throw new UsageError(
      `${v3Only.join(", ")} ${one ? "needs" : "need"} Server API v3 (Server 2021.4 or later, OAuth2); this server is configured for Admin v1: drop ${one ? "it" : "them"}, or configure its /webapi URL`,
    );
  }
  session.logger.debug(
    `${command}: no Server API v3 configured, listing over Admin v1 (GET ${listing.path})`,
  );
  await printListing(session, listing, {}, options);
}

/** The flags given on the command line, by name: those of `flags` whose value is not undefined. */
export function flagsGiven(flags: Record<string, unknown>): string[] {
  return Object.keys(flags).filter((flag) => flags[flag] !== undefined);
}

/**
 * Adds the paging flags of a list command's Admin v1 listing, which page it on servers without
 * Server API v3; `what` (every user, ...) is what v3 answers at once, for the help.
 */
export function addFallbackPaging(command: Command, listing: ListingSpec, what: string): void {
  addPagingOptions(command, listing.path);
  command.addHelpText(
    "after",
    `\nThe paging flags page the Admin v1 listing of older servers; Server API v3 answers ${what} at once (its paging flags other than --all are refused there).\n`,
  );
}

/**
 * On Server API v3, which answers `what` at once, refuses the paging flags of the Admin v1
 * listing: a page size that is silently not applied would be a wrong answer.
 */
export function refusePagingOnV3(o: PagingOptions, what: string): void {
  // --all is not refused: it is what Server API v3 answers anyway.
  const flags = flagsGiven({
    "--page": o.page,
    "--page-size": o.pageSize,
    "--offset": o.offset,
    "--limit": o.limit,
  });
  if (flags.length === 0) return;
  const one = flags.length === 1;
  const named = one ? flags[0] : `${flags.slice(0, -1).join(", ")} and ${flags.at(-1)}`;
  throw new UsageError(
    `${named} ${one ? "pages" : "page"} the Admin v1 listing only; Server API v3 answers ${what} at once: drop ${one ? "it" : "them"} (--fields picks columns, --all is accepted)`,
  );
}
