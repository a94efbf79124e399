/** `connections server|system`: the data connections of the Gallery and of the server machine. */
import type { Command } from "commander";
import {
  addOutputOptions,
  addPagingOptions,
  example,
  type ListingSpec,
  type OutputOptions,
  type PagingOptions,
  printListing,
  withSession,
} from "./shared.js";

/** `connections server`'s listing, which `connections list` falls back to without Server API v3. */
export const SERVER_CONNECTIONS: ListingSpec = {
  path: "/serverdataconnections/",
  columns: [
    "connectionId",
    "connectionName",
    "connectionType",
    "subscriptionCount",
    "userCount",
    "userGroupCount",
  ],
};

/** Registers `connections server` and `connections system`. */
export function registerConnectionCommands(program: Command): void {
  const group = program
    .command("connections")
    .description("list data connections (server or system)");
  example(
    group,
    "alteryx-admin connections server --all",
    "alteryx-admin connections system --format csv",
  );
  const kinds: Array<ListingSpec & { name: string; description: string }> = [
    {
      name: "server",
      ...SERVER_CONNECTIONS,
      description: "data connections managed in the Gallery, with how widely they are shared",
    },
    {
      name: "system",
      path: "/systemdataconnections/",
      description: "data connections defined on the server machine (system DSNs, aliases)",
      columns: ["connectionId", "connectionName", "connectionType"],
    },
  ];
  for (const kind of kinds) {
    const command = group.command(kind.name).description(kind.description);
    addPagingOptions(command, kind.path);
    addOutputOptions(command);
    example(
      command,
      `alteryx-admin connections ${kind.name} --all --fields connectionName,connectionType`,
    );
    command.action(
      withSession(async (session, options: OutputOptions & PagingOptions) => {
        await printListing(session, kind, {}, options);
      }),
    );
  }
}
