/** `workflows list|all|jobs|migratable|download|publish`. */
import { openAsBlob } from "node:fs";
import { mkdir } from "node:fs/promises";
import { basename, join } from "node:path";
import {
  downloadPackage,
  publishWorkflow,
  setReadyForMigration,
  WORKFLOW_SORT_FIELDS,
} from "@alteryx-admin/client";
import type { Command } from "commander";
import { UsageError } from "../errors.js";
import { saveStream } from "../files.js";
import {
  addOutputOptions,
  addPagingOptions,
  example,
  type ListingSpec,
  type OutputOptions,
  type PagingOptions,
  printListing,
  printRecords,
  withSession,
} from "./shared.js";

const SORT_FIELDS: readonly string[] = WORKFLOW_SORT_FIELDS;

/** The listing subcommands: route and default table columns. */
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
const JOBS: ListingSpec = {
  path: "/workflows/jobs/",
  columns: ["id", "appId", "createDate", "status", "disposition", "priority", "workerTag"],
};
const MIGRATABLE: ListingSpec = {
  path: "/workflows/migratable/",
  columns: ["id", "publishedVersionId", "subscriptionId"],
};

/** Checks a comma-separated list of 24-hex-digit ids. */
export function parseIdList(value: string, flag: string): string {
  const ids = value
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  const bad = ids.find((id) => !/^[0-9a-fA-F]{24}$/.test(id));
  if (bad !== undefined || ids.length === 0) {
    throw new UsageError(
      `${flag}: "${bad ?? value}" is not a workflow/subscription id (24 hex digits, comma-separated)`,
    );
  }
  return ids.join(",");
}

/**
 * Parses --start-date/--end-date into the ISO date-time (UTC) the API wants. A bare day is its
 * first second for a start and its last for an end, so both ends include the whole day.
 */
export function parseDate(flag: string, end = false): (value: string) => string {
  return (value) => {
    const day = /^\d{4}-\d{2}-\d{2}$/.test(value);
    const time = Date.parse(day ? `${value}T${end ? "23:59:59" : "00:00:00"}Z` : value);
    if (Number.isNaN(time))
      throw new UsageError(
        `${flag}: "${value}" is not a date (use 2024-01-31 or an ISO date-time like 2024-01-31T08:00:00Z)`,
      );
    return new Date(time).toISOString().replace(".000Z", "Z");
  };
}

/** Registers the `workflows` command group. */
export function registerWorkflowCommands(program: Command): void {
  const group = program.command("workflows").description("list, download and publish workflows");
  example(
    group,
    "alteryx-admin workflows list --search sales",
    "alteryx-admin workflows download 57acaca4065e3f26a82b2615 --out ./packages",
  );

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
    withSession(
      async (
        session,
        options: OutputOptions &
          PagingOptions & { search?: string; sortField?: string; direction?: string },
      ) => {
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
      },
    ),
  );

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
      await printListing(
        session,
        MIGRATABLE,
        { subscriptionIds: options.subscriptionIds },
        options,
      );
    }),
  );

  const mark = group
    .command("mark")
    .description('set (or with --unmark clear) the "ready for migration" flag; safe to repeat')
    .argument("<appId...>", "workflow ids")
    .option("--unmark", "clear the flag instead of setting it");
  addOutputOptions(mark);
  example(
    mark,
    "alteryx-admin workflows mark 57acaca4065e3f26a82b2615 57acaca4065e3f26a82b2616",
    "alteryx-admin workflows mark 57acaca4065e3f26a82b2615 --unmark",
  );
  mark.action(
    withSession(
      async (session, appIds: string[], options: OutputOptions & { unmark?: boolean }) => {
        for (const id of appIds) parseIdList(id, "appId");
        const { client } = await session.connect();
        const ready = !options.unmark;
        const rows: Array<{ id: string; readyForMigration: boolean; changed: boolean }> = [];
        // One at a time: the API only offers a toggle, and the helper reads the flag before each.
        for (const id of appIds) {
          const { changed } = await setReadyForMigration(client, id, ready);
          rows.push({ id, readyForMigration: ready, changed });
        }
        printRecords(rows, options, ["id", "readyForMigration", "changed"]);
      },
    ),
  );

  const download = group
    .command("download")
    .description("download workflow packages (.yxzp)")
    .argument("<appId...>", "workflow ids")
    .requiredOption("--out <dir>", "directory to write the packages to");
  example(download, "alteryx-admin workflows download 57acaca4065e3f26a82b2615 --out ./packages");
  download.action(
    withSession(async (session, appIds: string[], options: { out: string }) => {
      for (const id of appIds) parseIdList(id, "appId");
      const { client } = await session.connect();
      await mkdir(options.out, { recursive: true });
      for (const appId of appIds) {
        const pkg = await downloadPackage(client, appId);
        // The client's file name is already a safe base name (or <appId>.yxzp).
        const path = join(options.out, pkg.filename);
        const digest = await saveStream(pkg.body, path);
        process.stdout.write(`${path}\t${digest.size}\t${digest.sha256}\n`);
      }
    }),
  );

  const publish = group
    .command("publish")
    .description("publish a workflow package as a new workflow")
    .argument("<file>", "the .yxzp package")
    .requiredOption("--owner <email>", "email of an existing user on the Gallery who will own it")
    .option("--name <name>", "workflow name (default: the file name without extension)")
    .option("--public", "make it public in the Gallery", false)
    .option("--validate", "validate the workflow on upload", false)
    .option("--source-id <id>", "id of the workflow on another server (migration)")
    .option("--worker-tag <tag>", "worker tag")
    .option("--no-can-download", "do not allow users to download it")
    .option("--comments <text>", "version comments");
  example(
    publish,
    'alteryx-admin workflows publish ./Sales.yxzp --owner ana@example.com --name "Sales report"',
  );
  publish.action(
    withSession(
      async (
        session,
        file: string,
        options: {
          owner: string;
          name?: string;
          public: boolean;
          validate: boolean;
          sourceId?: string;
          workerTag?: string;
          canDownload: boolean;
          comments?: string;
        },
      ) => {
        if (!/^[^\s@]+@[^\s@]+$/.test(options.owner)) {
          throw new UsageError(
            `--owner must be the email of an existing user on the Gallery, got "${options.owner}"`,
          );
        }
        let blob: Blob;
        try {
          blob = await openAsBlob(file);
        } catch {
          throw new UsageError(`cannot read ${file}: no such file or not readable`);
        }
        if (blob.size === 0) throw new UsageError(`${file} is empty; expected a .yxzp package`);
        const { client } = await session.connect();
        const id = await publishWorkflow(client, {
          file: blob,
          fileName: basename(file),
          name: options.name ?? basename(file).replace(/\.[^.]+$/, ""),
          owner: options.owner,
          validate: options.validate,
          isPublic: options.public,
          sourceId: options.sourceId,
          workerTag: options.workerTag,
          canDownload: options.canDownload,
          comments: options.comments,
        });
        process.stdout.write(`${id}\n`);
      },
    ),
  );
}
