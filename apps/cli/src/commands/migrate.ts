/**
 * `migrate`: moves the workflows marked ready for migration from one Gallery to another, between
 * any pair of schemes. The source is read through Admin v1 (OAuth1 or OAuth2); the target side
 * (migrate-target.ts) publishes through Server API v3 where the server has it.
 */
import { openAsBlob } from "node:fs";
import { appendFile, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { downloadPackage, setReadyForMigration } from "@alteryx-admin/client";
import type { Command } from "commander";
import { resolveProfile } from "../config/resolve.js";
import type { Connection, Session } from "../context.js";
import { describeFailure, SilentFailure, UsageError } from "../errors.js";
import { PRIVATE_FILE, saveStream } from "../files.js";
import { didYouMean } from "../suggest.js";
import { openTarget, type TargetSide, type TargetUser } from "./migrate-target.js";
import {
  addOutputOptions,
  example,
  getAll,
  getJson,
  type OutputOptions,
  printRecords,
  withSession,
} from "./shared.js";
import { parseIdList } from "./workflows/ids.js";

/** One line of the migration log (NDJSON): a workflow published on the target. */
export interface MigrationLogEntry {
  at: string;
  source: string;
  sourceId: string;
  target: string;
  targetId: string;
  name: string;
  /** The source's published version when it was copied (a later one is migrated again). */
  sourceVersion?: string | null;
  /** How it landed: a new workflow, or a new version of one from the same source (v3). */
  placement?: "new workflow" | "new version";
}

/** One row of the summary table. */
export interface MigrationRow {
  sourceId: string;
  name: string;
  owner: string;
  status:
    | "migrated"
    | "new version"
    | "would migrate"
    | "would add a version"
    | "already migrated"
    | "failed";
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
  publishedVersionId?: string | null;
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

/** The two Galleries: two profiles, or two demo Galleries with --demo. */
async function connectPair(
  session: Session,
  options: MigrateOptions,
): Promise<{ source: Connection; target: Connection; demo: boolean }> {
  if (session.demo) {
    if (options.from || options.to)
      throw new UsageError("--demo migrates between two demo Galleries: drop --from and --to");
    const source = await session.connectDemo(1, "demo source Gallery", false);
    const target = await session.connectDemo(2, "demo target Gallery", false);
    session.logger.notice(
      `demo: migrating between two embedded mock Galleries with demo data (source ${source.target.url}, target ${target.target.url}) (--demo)`,
    );
    return { source, target, demo: true };
  }
  if (!options.from || !options.to)
    throw new UsageError(
      "migrate moves workflows between two profiles: pass --from PROFILE --to PROFILE (or try it with --demo)",
    );
  const g = session.options;
  if (g.profile || g.url || g.key)
    throw new UsageError("migrate takes its Galleries from --from and --to only");
  if (options.from === options.to)
    throw new UsageError(`--from and --to are both "${options.from}": pick two different profiles`);
  const [from, to] = [resolveProfile(options.from), resolveProfile(options.to)];
  if (from.url === to.url)
    throw new UsageError(
      `profiles "${options.from}" and "${options.to}" are the same Gallery (${from.url}): pick two different ones`,
    );
  const [source, target] = await Promise.all([session.connectTo(from), session.connectTo(to)]);
  return { source, target, demo: false };
}

/** Checks up front that --owner is a user of the target, with a suggestion when it is not. */
function checkOwner(owner: string, users: readonly TargetUser[], target: Connection): void {
  const emails = users.map((u) => String(u.email ?? "")).filter(Boolean);
  if (emails.some((e) => e.toLowerCase() === owner.toLowerCase())) return;
  throw new UsageError(
    `--owner ${owner} is not a user of the target Gallery (${target.target.label})${didYouMean(owner, emails)}`,
  );
}

/** What a migration needs from both sides, fetched in parallel. */
async function plan(source: Connection, target: Connection, options: MigrateOptions) {
  const [migratable, workflows, side] = await Promise.all([
    getJson<Array<{ id: string }>>(source.client, "/workflows/migratable/", {
      subscriptionIds: options.subscriptionIds,
    }),
    getAll<SourceWorkflow>(source.client, "/workflows/", {}, 500),
    openTarget(target),
  ]);
  if (options.owner) checkOwner(options.owner, side.users, target);
  return { migratable, byId: new Map(workflows.map((w) => [w.id, w])), side };
}

/**
 * Copies one package from the source to the target: streamed to a private temporary file (a
 * package is never held whole in memory while it downloads), published, then removed.
 */
async function copyPackage(
  source: Connection,
  side: TargetSide,
  sourceId: string,
  form: { name: string; owner: string; isPublic: boolean; workerTag?: string | undefined },
): Promise<{ targetId: string; placement: "new workflow" | "new version" }> {
  const pkg = await downloadPackage(source.client, sourceId);
  const dir = await mkdtemp(join(tmpdir(), "alteryx-admin-migrate-"));
  try {
    const path = join(dir, "package.yxzp");
    await saveStream(pkg.body, path);
    return await side.publish({
      ...form,
      sourceId,
      file: await openAsBlob(path),
      fileName: pkg.filename,
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The options of one migration run. */
interface RunOptions {
  owner?: string | undefined;
  dryRun?: boolean | undefined;
  logPath?: string | undefined;
}

/**
 * True when the log's entry still stands for the source workflow: on a target that takes
 * versions (v3), a source whose published version changed since is migrated again.
 */
function stillMigrated(
  previous: MigrationLogEntry | undefined,
  workflow: SourceWorkflow | undefined,
  side: TargetSide,
): previous is MigrationLogEntry {
  if (!previous) return false;
  if (side.api !== "Server API v3" || previous.sourceVersion === undefined) return true;
  return (workflow?.publishedVersionId ?? null) === previous.sourceVersion;
}

/** Migrates (or plans) one workflow; fills `row` in as it goes. */
async function migrateOne(
  source: Connection,
  target: Connection,
  side: TargetSide,
  row: MigrationRow,
  workflow: SourceWorkflow | undefined,
  previous: MigrationLogEntry | undefined,
  options: RunOptions,
): Promise<void> {
  if (stillMigrated(previous, workflow, side)) {
    row.status = "already migrated";
    row.targetId = previous.targetId;
    if (!options.dryRun) {
      const { changed } = await setReadyForMigration(source.client, row.sourceId, false);
      row.detail = changed
        ? `in the log since ${previous.at}; unmarked on the source`
        : `in the log since ${previous.at}`;
    }
    return;
  }
  if (!row.owner) throw new Error("no owner on the target: pass --owner EMAIL");
  if (options.dryRun) {
    row.status =
      side.placementOf(row.sourceId) === "new version" ? "would add a version" : "would migrate";
    return;
  }
  const published = await copyPackage(source, side, row.sourceId, {
    name: row.name,
    owner: row.owner,
    isPublic: workflow?.public ?? false,
    workerTag: workflow?.workerTag ?? undefined,
  });
  row.targetId = published.targetId;
  // Logged before unmarking: if unmarking fails, a re-run finds the log line and only unmarks.
  if (options.logPath) {
    const entry: MigrationLogEntry = {
      at: new Date().toISOString(),
      source: source.target.url,
      sourceId: row.sourceId,
      target: target.target.url,
      targetId: row.targetId,
      name: row.name,
      sourceVersion: workflow?.publishedVersionId ?? null,
      placement: published.placement,
    };
    await appendFile(options.logPath, `${JSON.stringify(entry)}\n`, { mode: PRIVATE_FILE });
  }
  row.status = published.placement === "new version" ? "new version" : "migrated";
  await setReadyForMigration(source.client, row.sourceId, false);
  row.detail = "unmarked on the source";
}

/** The line printed as each workflow is done. */
function progressLine(row: MigrationRow): string {
  const what = `${row.sourceId} "${row.name}"`;
  if (row.status === "failed") return `failed            ${what}: ${row.detail}`;
  if (row.status === "would migrate" || row.status === "would add a version")
    return `${row.status.padEnd(17)} ${what} (owner ${row.owner})`;
  return `${row.status.padEnd(17)} ${what} -> ${row.targetId}${row.detail ? ` (${row.detail})` : ""}`;
}

/** Runs a migration, printing one line per workflow as it goes, and returns the summary rows. */
export async function runMigration(
  source: Connection,
  target: Connection,
  options: RunOptions & { subscriptionIds?: string | undefined },
  session: Session,
): Promise<MigrationRow[]> {
  const log = options.logPath ? await readMigrationLog(options.logPath) : [];
  const done = new Map(
    log
      .filter((e) => e.source === source.target.url && e.target === target.target.url)
      .map((e) => [e.sourceId, e]),
  );
  const { migratable, byId, side } = await plan(source, target, options);
  session.logger.info(
    `${migratable.length} workflow(s) marked ready for migration on the source; publishing through ${side.api} of the target`,
  );
  const rows: MigrationRow[] = [];
  for (const item of migratable) {
    const workflow = byId.get(item.id);
    const name = workflow?.metaInfo?.name ?? workflow?.fileName?.replace(/\.[^.]+$/, "") ?? item.id;
    const owner =
      chooseOwner(options.owner, workflow?.publishedVersionOwner?.email ?? undefined, side.users) ??
      "";
    const row: MigrationRow = {
      sourceId: item.id,
      name,
      owner,
      status: "failed",
      targetId: "",
      detail: "",
    };
    rows.push(row);
    try {
      await migrateOne(source, target, side, row, workflow, done.get(item.id), options);
    } catch (error) {
      const message = describeFailure(error, session.failureContext).message ?? String(error);
      if (row.status === "migrated" || row.status === "new version")
        row.detail = `published, but unmarking on the source failed: ${message}`;
      else {
        row.status = "failed";
        row.detail = message;
      }
    }
    session.logger.info(progressLine(row));
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
    "alteryx-admin migrate --demo   # a demo between two embedded mock Galleries",
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
      printRecords(
        rows,
        options,
        ["sourceId", "name", "owner", "status", "targetId", "detail"],
        session.logger,
      );
      const count = (s: MigrationRow["status"]) => rows.filter((r) => r.status === s).length;
      session.logger.info(
        `${count("migrated")} migrated, ${count("already migrated")} already migrated, ${count("new version")} new version(s), ${count("would migrate") + count("would add a version")} would migrate, ${count("failed")} failed${logPath ? ` (log: ${logPath})` : ""}`,
      );
      if (count("failed") > 0) throw new SilentFailure();
    }),
  );
}
