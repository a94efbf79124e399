/** `workflows jobs`: the last job of each workflow. */
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

const JOBS: ListingSpec = {
  path: "/workflows/jobs/",
  columns: ["id", "appId", "createDate", "status", "disposition", "priority", "workerTag"],
};

/** Registers `workflows jobs`. */
export function registerJobs(group: Command): void {
  const jobs = group
    .command("jobs")
    .description("the last job of each workflow")
    .option("--app-ids <ids>", "only these workflows (comma-separated ids)", (v) =>
      parseIdList(v, "--app-ids"),
    )
    .option("--no-messages", "leave out engine messages (faster)");
  addOutputOptions(jobs);
  example(jobs, "alteryx-admin workflows jobs --no-messages --fields appId,status,disposition");
  jobs.action(
    withSession(
      async (session, options: OutputOptions & { appIds?: string; messages: boolean }) => {
        const filters = { appIds: options.appIds, includeMessages: options.messages };
        await printListing(session, JOBS, filters, options);
      },
    ),
  );
}
