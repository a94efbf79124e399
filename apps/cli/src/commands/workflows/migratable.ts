/** `workflows migratable`: the workflows marked ready for migration. */
import type { Command } from "commander";
import {
  addOutputOptions,
  example,
  type ListingSpec,
  type OutputOptions,
  printListing,
  withSession,
} from "../shared.js";
import { parseIdList } from "./ids.js";

const MIGRATABLE: ListingSpec = {
  path: "/workflows/migratable/",
  columns: ["id", "publishedVersionId", "subscriptionId"],
};

/** Registers `workflows migratable`. */
export function registerMigratable(group: Command): void {
  const migratable = group
    .command("migratable")
    .description("workflows marked ready for migration")
    .option("--subscription-ids <ids>", "only these subscriptions (comma-separated ids)", (v) =>
      parseIdList(v, "--subscription-ids"),
    );
  addOutputOptions(migratable);
  example(migratable, "alteryx-admin workflows migratable --format csv");
  migratable.action(
    withSession(async (session, options: OutputOptions & { subscriptionIds?: string }) => {
      const filters = { subscriptionIds: options.subscriptionIds };
      await printListing(session, MIGRATABLE, filters, options);
    }),
  );
}
