/** `workflows all`: every workflow with revisions and events, deleted ones included. */
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
} from "../shared.js";
import { parseDate } from "./ids.js";

const ALL: ListingSpec = {
  path: "/workflows/all/",
  columns: [
    "id",
    "creator.email",
    "subscription.name",
    "isPublic",
    "isDeleted",
    "runCount",
    "isReadyForMigration",
  ],
};

/** Registers `workflows all`. */
export function registerAll(group: Command): void {
  const all = group
    .command("all")
    .description("every workflow with revisions and events (deleted ones included)")
    .option(
      "--start-date <date>",
      "only workflows changed since this date",
      parseDate("--start-date"),
    )
    .option(
      "--end-date <date>",
      "only workflows changed until this date",
      parseDate("--end-date", true),
    );
  addPagingOptions(all, ALL.path);
  addOutputOptions(all);
  example(
    all,
    "alteryx-admin workflows all --start-date 2024-01-01 --all --format json > inventory.json",
  );
  all.action(
    withSession(
      async (
        session,
        options: OutputOptions & PagingOptions & { startDate?: string; endDate?: string },
      ) => {
        const filters = { startDate: options.startDate, endDate: options.endDate };
        await printListing(session, ALL, filters, options);
      },
    ),
  );
}
