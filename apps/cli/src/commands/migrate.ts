/** `migrate`: moves the workflows marked ready for migration from one Gallery to another. */
import { appendFile, readFile } from "node:fs/promises";
import { downloadPackage, publishWorkflow, setReadyForMigration } from "@alteryx-admin/client";
import type { Command } from "commander";
import { resolveProfile, resolveTarget } from "../config/resolve.js";
import type { Connection, Session } from "../context.js";
import { SilentFailure, UsageError } from "../errors.js";
import {
  addOutputOptions,
  example,
  getAll,
  getJson,
  type OutputOptions,
  printRecords,
  withSession,
} from "./shared.js";
import { parseIdList } from "./workflows.js";

/** One line of the migration log (NDJSON): a workflow published on the target. */
export interface MigrationLogEntry {
  at: string;
  source: string;
  sourceId: string;
  target: string;
  targetId: string;
  name: string;
}

/** One row of the summary table. */
export interface MigrationRow {
  sourceId: string;
  name: string;
  owner: string;
  status: "migrated" | "would migrate" | "already migrated" | "failed";
  targetId: string;
  detail: string;
}

interface SourceWorkflow {
  id: string;
  fileName?: string | null;
  public?: boolean;
  workerTag?: string | null;
  metaInfo?: { name?: string | null } | null;
  publishedVersionOwner?: { email?: string | null } | null;
}

interface TargetUser {
  email?: string | null;
  active?: boolean;
  curator?: boolean;
}

/** Reads the migration log; a missing file is an empty log. */
export async function readMigrationLog(path: string): Promise<MigrationLogEntry[]> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
  return text
    .split("\n")
    .filter((line) => line.trim())
    .map((line, index) => {
      try {
        return JSON.parse(line) as MigrationLogEntry;
      } catch {
        throw new UsageError(
          `${path}:${index + 1} is not a migration log line (JSON); fix or move the file`,
        );
      }
    });
}

/**
 * Picks the owner on the target: --owner, else the source owner's email when that user exists on
 * the target, else the first active curator (then the first active user) of the target.
 */
export function chooseOwner(
  explicit: string | undefined,
  sourceOwner: string | undefined,
  targetUsers: readonly TargetUser[],
): string | undefined {
  if (explicit) return explicit;
  const emails = new Map(
    targetUsers.filter((u) => u.email).map((u) => [String(u.email).toLowerCase(), u]),
  );
  if (sourceOwner && emails.has(sourceOwner.toLowerCase())) return sourceOwner;
  const active = targetUsers.filter((u) => u.email && u.active !== false);
  return (active.find((u) => u.curator) ?? active[0])?.email ?? undefined;
}

interface MigrateOptions extends OutputOptions {
  from?: string;
  to?: string;
  subscriptionIds?: string;
  owner?: string;
  dryRun?: boolean;
  log?: string;
}

async function connectPair(
  session: Session,
  options: MigrateOptions,
): Promise<{ source: Connection; target: Connection; demo: boolean }> {
  if (options.from && options.to) {
    return {
      source: session.connectTo(resolveProfile(options.from)),
      target: session.connectTo(resolveProfile(options.to)),
      demo: false,
    };
  }
  if (options.from || options.to)
    throw new UsageError("migrate needs both --from PROFILE and --to PROFILE");
  const g = session.options;
  if (g.profile || g.url || g.key || resolveTarget({}) !== undefined) {
    throw new UsageError(
      "migrate moves workflows between two profiles: pass --from PROFILE --to PROFILE",
    );
  }
  const source = await session.connectEmbedded(1, "embedded source mock", false);
  const target = await session.connectEmbedded(2, "embedded target mock", false);
  session.logger.info(
    `no Gallery configured: migrating between two embedded mock Galleries with demo data (source ${source.target.url}, target ${target.target.url})`,
  );
  return { source, target, demo: true };
}

/** Runs a migration and returns the summary rows. */
export async function runMigration(
  source: Connection,
  target: Connection,
  options: {
    subscriptionIds?: string | undefined;
    owner?: string | undefined;
    dryRun?: boolean | undefined;
    logPath?: string | undefined;
  },
  session: Session,
): Promise<MigrationRow[]> {
  const log = options.logPath ? await readMigrationLog(options.logPath) : [];
  const done = new Map(
    log
      .filter((e) => e.source === source.target.url && e.target === target.target.url)
      .map((e) => [e.sourceId, e]),
  );
  const [migratable, workflows, targetUsers] = await Promise.all([
    getJson<Array<{ id: string }>>(source.client, "/workflows/migratable/", {
      subscriptionIds: options.subscriptionIds,
    }),
    getAll<SourceWorkflow>(source.client, "/workflows/", {}, 500),
    options.owner ? Promise.resolve([]) : getAll<TargetUser>(target.client, "/users/", {}, 500),
  ]);
  const byId = new Map(workflows.map((w) => [w.id, w]));
  session.logger.info(`${migratable.length} workflow(s) marked ready for migration on the source`);

  const rows: MigrationRow[] = [];
  for (const item of migratable) {
    const workflow = byId.get(item.id);
    const name = workflow?.metaInfo?.name ?? workflow?.fileName?.replace(/\.[^.]+$/, "") ?? item.id;
    const owner =
      chooseOwner(
        options.owner,
        workflow?.publishedVersionOwner?.email ?? undefined,
        targetUsers,
      ) ?? "";
    const row: MigrationRow = {
      sourceId: item.id,
      name,
      owner,
      status: "failed",
      targetId: "",
      detail: "",
    };
    rows.push(row);
    const previous = done.get(item.id);
    try {
      if (previous) {
        row.status = "already migrated";
        row.targetId = previous.targetId;
        if (!options.dryRun) {
          const { changed } = await setReadyForMigration(source.client, item.id, false);
          row.detail = changed
            ? `in the log since ${previous.at}; unmarked on the source`
            : `in the log since ${previous.at}`;
        }
        continue;
      }
      if (!owner) throw new Error("no owner on the target: pass --owner EMAIL");
      if (options.dryRun) {
        row.status = "would migrate";
        continue;
      }
      const pkg = await downloadPackage(source.client, item.id);
      const file = await new Response(pkg.body).blob();
      row.targetId = await publishWorkflow(target.client, {
        file,
        fileName: pkg.filename,
        name,
        owner,
        validate: false,
        isPublic: workflow?.public ?? false,
        sourceId: item.id,
        workerTag: workflow?.workerTag ?? undefined,
      });
      // Logged before unmarking: if unmarking fails, a re-run finds the log line and only unmarks.
      if (options.logPath) {
        const entry: MigrationLogEntry = {
          at: new Date().toISOString(),
          source: source.target.url,
          sourceId: item.id,
          target: target.target.url,
          targetId: row.targetId,
          name,
        };
        await appendFile(options.logPath, `${JSON.stringify(entry)}\n`);
      }
      row.status = "migrated";
      await setReadyForMigration(source.client, item.id, false);
      row.detail = "unmarked on the source";
    } catch (error) {
      if (row.status === "migrated")
        row.detail = `published, but unmarking on the source failed: ${(error as Error).message}`;
      else {
        row.status = "failed";
        row.detail = (error as Error).message;
      }
    }
  }
  return rows;
}

/** Registers `migrate`. */
export function registerMigrateCommand(program: Command): void {
  const command = program
    .command("migrate")
    .description(
      "move the workflows marked ready for migration from one Gallery (profile) to another",
    )
    .option("--from <profile>", "source profile")
    .option("--to <profile>", "target profile")
    .option(
      "--subscription-ids <ids>",
      "only workflows of these subscriptions (comma-separated)",
      (v) => parseIdList(v, "--subscription-ids"),
    )
    .option(
      "--owner <email>",
      "owner on the target (default: the source owner if that user exists there, else a curator)",
    )
    .option("--dry-run", "show what would be migrated without changing anything")
    .option(
      "--log <file>",
      "migration log; re-runs skip workflows already in it (default ./alteryx-admin-migrations.ndjson)",
    );
  addOutputOptions(command);
  example(
    command,
    "alteryx-admin migrate --from dev --to prod --dry-run",
    "alteryx-admin migrate --from dev --to prod --owner ana@example.com",
    "alteryx-admin migrate   # nothing configured: a demo between two embedded mocks",
  );
  command.action(
    withSession(async (session, options: MigrateOptions) => {
      const { source, target, demo } = await connectPair(session, options);
      const logPath = options.log ?? (demo ? undefined : "alteryx-admin-migrations.ndjson");
      const rows = await runMigration(
        source,
        target,
        {
          subscriptionIds: options.subscriptionIds,
          owner: options.owner,
          dryRun: options.dryRun,
          logPath,
        },
        session,
      );
      printRecords(rows, options, ["sourceId", "name", "owner", "status", "targetId", "detail"]);
      const count = (s: MigrationRow["status"]) => rows.filter((r) => r.status === s).length;
      session.logger.info(
        `${count("migrated")} migrated, ${count("already migrated")} already migrated, ${count("would migrate")} would migrate, ${count("failed")} failed${logPath ? ` (log: ${logPath})` : ""}`,
      );
      if (count("failed") > 0) throw new SilentFailure();
    }),
  );
}
