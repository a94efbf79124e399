/** The simple listing commands: users, subscriptions, collections, schedules, insights. */
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

/** A listing command described as data. */
interface Listing extends ListingSpec {
  name: string;
  description: string;
  example: string;
  search?: boolean;
}

const LISTINGS: Listing[] = [
  {
    name: "users",
    path: "/users/",
    description: "list users over Admin v1 (the subcommands below use Server API v3)",
    columns: [
      "id",
      "email",
      "firstName",
      "lastName",
      "curator",
      "active",
      "accountLocked",
      "subscriptionId",
    ],
    example: "alteryx-admin users --all --format csv --fields email,active,curator > users.csv",
  },
  {
    name: "subscriptions",
    path: "/subscriptions/",
    description: "list subscriptions (studios)",
    columns: [
      "id",
      "name",
      "active",
      "memberPassesUsed",
      "memberPassesPurchased",
      "expirationDate",
    ],
    example:
      "alteryx-admin subscriptions --all --fields name,memberPassesUsed,memberPassesPurchased",
  },
  {
    name: "collections",
    path: "/collections/",
    description: "list collections",
    columns: ["id", "name", "ownerId", "dateAdded"],
    example: "alteryx-admin collections --format json --fields id,name,apps",
  },
  {
    name: "schedules",
    path: "/schedules/",
    description: "list schedules over Admin v1 (the subcommands below use Server API v3)",
    columns: [
      "id",
      "name",
      "application.name",
      "owner.email",
      "enabled",
      "frequency",
      "state",
      "nextRunTime",
    ],
    example: "alteryx-admin schedules --all --format ndjson | grep '\"enabled\":false'",
  },
  {
    name: "insights",
    path: "/insights/",
    description: "list insights",
    columns: ["id", "name", "ownerId", "lastUpdated"],
    example: 'alteryx-admin insights --search "sales" --limit 20',
    search: true,
  },
];

/** The Admin v1 listing of a resource (the fallback of the v3 commands of the same name). */
export function adminV1Listing(name: "users" | "schedules"): ListingSpec {
  const listing = LISTINGS.find((l) => l.name === name);
  if (!listing) throw new Error(`no Admin v1 listing named ${name}`);
  return listing;
}

/** Registers users, subscriptions, collections, schedules and insights on the program. */
export function registerResourceCommands(program: Command): void {
  for (const listing of LISTINGS) {
    const command = program.command(listing.name).description(listing.description);
    if (listing.search) command.option("--search <text>", "only items matching this text");
    addPagingOptions(command, listing.path);
    addOutputOptions(command);
    example(command, listing.example);
    command.action(
      withSession(async (session, options: OutputOptions & PagingOptions & { search?: string }) => {
        const filters = listing.search ? { search: options.search } : {};
        await printListing(session, listing, filters, options);
      }),
    );
  }
}
