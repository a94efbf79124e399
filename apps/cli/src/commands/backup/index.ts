/**
 * `backup --out DIR`: every workflow package plus JSON inventories, with a checksummed manifest
 * kept as a journal. A rerun (after Ctrl-C, kill -9 or a failure) verifies what is on disk and
 * downloads only what is missing, damaged, or changed on the server.
 */
import { join } from "node:path";
import { type AdminClient, downloadPackage } from "@alteryx-admin/client";
import { Presets, SingleBar } from "cli-progress";
import type { Command } from "commander";
import pLimit from "p-limit";
import {
  describeFailure,
  type FailureContext,
  Interrupted,
  SilentFailure,
  UsageError,
} from "../../errors.js";
import { digestFile, ensureDir, removeStaleTemporaries, saveStream } from "../../files.js";
import type { Logger } from "../../log.js";
import { example, intOption, withSession } from "../shared.js";
import { type WorkflowToBackUp, writeInventories } from "./inventories.js";
import { Journal, type ManifestEntry, readManifest } from "./journal.js";

/** Result counts of a backup run. */
export interface BackupResult {
  /** Packages in the backup (every workflow the server lists). */
  total: number;
  downloaded: number;
  skipped: number;
  failed: Array<{ appId: string; error: string }>;
  /** True when Ctrl-C (or SIGTERM) stopped the run. */
  interrupted: boolean;
}

/** Options of {@link runBackup}. */
export interface BackupOptions {
  /** The Gallery the backup is of: its URL, or "demo Gallery". */
  gallery: string;
  dir: string;
  concurrency: number;
  /** Back up into a folder that holds a backup of another Gallery. */
  force: boolean;
  logger: Logger;
  /** What failure messages need of the network settings (the proxy in effect). */
  failureContext?: FailureContext;
}

/**
 * True when the file of `entry` is the server's current version of `workflow` and is complete
 * on disk (size, then SHA-256).
 */
async function isCurrent(
  dir: string,
  entry: ManifestEntry | undefined,
  workflow: WorkflowToBackUp,
): Promise<boolean> {
  if (!entry) return false;
  if (
    entry.publishedVersionId !== (workflow.publishedVersionId ?? null) ||
    entry.uploadDate !== (workflow.uploadDate ?? null)
  )
    return false;
  const digest = await digestFile(join(dir, entry.path));
  return digest !== undefined && digest.size === entry.size && digest.sha256 === entry.sha256;
}

/** Downloads one package unless the manifest says it is current; records it in the journal. */
async function backUpPackage(
  client: AdminClient,
  dir: string,
  workflow: WorkflowToBackUp,
  journal: Journal,
  signal: AbortSignal,
): Promise<"downloaded" | "skipped"> {
  const relative = `packages/${workflow.id}.yxzp`;
  if (await isCurrent(dir, journal.get(relative), workflow)) return "skipped";
  const pkg = await downloadPackage(client, workflow.id, { signal });
  const digest = await saveStream(pkg.body, join(dir, relative));
  const entry: ManifestEntry = {
    path: relative,
    ...digest,
    appId: workflow.id,
    filename: pkg.filename,
    publishedVersionId: workflow.publishedVersionId ?? null,
    uploadDate: workflow.uploadDate ?? null,
  };
  if (workflow.name) entry.name = workflow.name;
  journal.set(entry);
  return "downloaded";
}

/** A progress bar on a terminal (it hides the cursor; `stop()` shows it again). */
function progressBar(logger: Logger, total: number): SingleBar | undefined {
  if (!process.stderr.isTTY || logger.verbosity === "quiet") return undefined;
  const bar = new SingleBar(
    { format: "packages {bar} {value}/{total} {name}", hideCursor: true, stream: process.stderr },
    Presets.shades_classic,
  );
  bar.start(total, 0, { name: "" });
  return bar;
}

/** Refuses a folder that holds a backup of another Gallery, unless forced. */
async function checkFolder(options: BackupOptions): Promise<Journal> {
  const previous = await readManifest(options.dir);
  if (previous && previous.gallery !== options.gallery && !options.force) {
    throw new UsageError(
      `${options.dir} holds a backup of ${previous.gallery}, not of ${options.gallery}; use another --out, or add --force to back up into it anyway`,
    );
  }
  const kept = previous?.gallery === options.gallery ? previous : undefined;
  return new Journal(options.dir, options.gallery, kept);
}

/** Runs a backup; Ctrl-C stops it cleanly, with the journal saved. */
export async function runBackup(
  client: AdminClient,
  options: BackupOptions,
): Promise<BackupResult> {
  const { dir, logger } = options;
  await ensureDir(dir, "--out");
  await ensureDir(join(dir, "packages"), "--out");
  const journal = await checkFolder(options);
  // A backup is the only writer of its folder: a .part there is from a run that was stopped.
  const stale =
    (await removeStaleTemporaries(dir)) + (await removeStaleTemporaries(join(dir, "packages")));
  if (stale > 0) logger.debug(`removed ${stale} unfinished download(s) of an interrupted run`);
  const controller = new AbortController();
  const stop = () => controller.abort(new Interrupted());
  process.once("SIGINT", stop).once("SIGTERM", stop);
  try {
    const inventories = await writeInventories(client, dir);
    for (const entry of inventories.entries) journal.set(entry);
    logger.info(inventories.summary);
    const { workflows } = inventories;
    const result: BackupResult = {
      total: workflows.length,
      downloaded: 0,
      skipped: 0,
      failed: [],
      interrupted: false,
    };
    const bar = progressBar(logger, workflows.length);
    const limit = pLimit(options.concurrency);
    await Promise.all(
      workflows.map((workflow) =>
        limit(async () => {
          if (controller.signal.aborted) return;
          try {
            result[await backUpPackage(client, dir, workflow, journal, controller.signal)]++;
          } catch (error) {
            if (controller.signal.aborted) return;
            const message = describeFailure(error, options.failureContext).message ?? String(error);
            result.failed.push({ appId: workflow.id, error: message });
            if (!bar) logger.warn(`package ${workflow.id}: ${message}`);
          } finally {
            bar?.increment(1, { name: workflow.name ?? workflow.id });
          }
        }),
      ),
    );
    bar?.stop();
    result.interrupted = controller.signal.aborted;
    return result;
  } finally {
    process.off("SIGINT", stop).off("SIGTERM", stop);
    await journal.flush();
  }
}

/** Registers `backup`. */
export function registerBackupCommand(program: Command): void {
  const command = program
    .command("backup")
    .description("back up every workflow package and JSON inventories into a directory")
    .requiredOption(
      "--out <dir>",
      "backup directory (created private if missing; a rerun downloads only what is missing or changed)",
    )
    .option("--concurrency <n>", "parallel downloads (default 4)", intOption("--concurrency"), 4)
    .option("--force", "back up into a folder that holds a backup of another Gallery");
  example(
    command,
    "alteryx-admin backup --out ./gallery-backup",
    "alteryx-admin --profile prod backup --out /srv/backups/gallery --concurrency 8",
  );
  command.action(
    withSession(async (session, options: { out: string; concurrency: number; force?: boolean }) => {
      if (options.concurrency < 1) throw new UsageError("--concurrency must be at least 1");
      const { client, target, demo } = await session.connect();
      const result = await runBackup(client, {
        gallery: demo ? "demo Gallery" : target.url,
        dir: options.out,
        concurrency: options.concurrency,
        force: options.force ?? false,
        logger: session.logger,
        failureContext: session.failureContext,
      });
      reportBackup(result, options.out, session.logger);
    }),
  );
}

/** Prints the summary (JSON on stdout, a sentence on stderr) and fails the run when it must. */
function reportBackup(result: BackupResult, out: string, logger: Logger): void {
  const done = result.downloaded + result.skipped;
  if (result.interrupted) {
    logger.notice(`interrupted: ${done} of ${result.total} done, rerun to resume`);
    throw new Interrupted();
  }
  const summary = {
    out,
    downloaded: result.downloaded,
    skipped: result.skipped,
    failed: result.failed.length,
  };
  process.stdout.write(`${JSON.stringify(summary)}\n`);
  logger.info(
    `backup in ${out}: ${result.downloaded} packages downloaded, ${result.skipped} already complete, ${result.failed.length} failed; manifest.json has sizes and SHA-256`,
  );
  if (result.failed.length) {
    for (const f of result.failed) logger.error(`package ${f.appId}: ${f.error}`);
    throw new SilentFailure();
  }
}
