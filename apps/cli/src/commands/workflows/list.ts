/** `workflows list`: workflows, apps and macros, with search and sort. */
import { WORKFLOW_SORT_FIELDS } from "@alteryx-admin/client";
import type { Command } from "commander";
import { UsageError } from "../../errors.js";
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

const SORT_FIELDS: readonly string[] = WORKFLOW_SORT_FIELDS;

const LIST: ListingSpec = {
  path: "/workflows/",
  columns: [
    "id",
    "metaInfo.name",
    "packageType",
    "publishedVersionOwner.email",
    "subscriptionName",
    "runCount",
    "lastRunDate",
  ],
};

type ListOptions = OutputOptions &
  PagingOptions & { search?: string; sortField?: string; direction?: string };

/** Registers `workflows list`. */
export function registerList(group: Command): void {
  const list = group
    .command("list")
    .description("list workflows, apps and macros")
    .option("--search <text>", "only workflows matching this text")
    .option("--sort-field <field>", `sort by one of ${SORT_FIELDS.join(", ")}`)
    .option("--direction <dir>", "asc or desc");
  addPagingOptions(list, LIST.path);
  addOutputOptions(list);
  example(list, "alteryx-admin workflows list --sort-field runcount --direction desc --limit 10");
  list.action(
    withSession(async (session, options: ListOptions) => {
      if (options.sortField && !SORT_FIELDS.includes(options.sortField)) {
        throw new UsageError(
          `--sort-field "${options.sortField}" is not one of ${SORT_FIELDS.join(", ")}`,
        );
      }
      if (options.direction && options.direction !== "asc" && options.direction !== "desc") {
        throw new UsageError(`--direction must be asc or desc, got "${options.direction}"`);
      }
      const filters = {
        search: options.search,
        sortField: options.sortField,
        direction: options.direction,
      };
      await printListing(session, LIST, filters, options);
    }),
  );
}
