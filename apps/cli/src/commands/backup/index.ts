/**
 * `backup --out DIR`: every workflow package plus JSON inventories, with a checksummed manifest
 * kept as a journal. A rerun (after Ctrl-C, kill -9 or a failure) verifies what is on disk and
 * downloads only what is missing, damaged, or changed on the server.
 */
import { join } from "node:path";
import { type AdminClient, downloadPackage } from "@alteryx-admin/client";
import { Presets, SingleBar } from "cli-progress";
import type { Command } from "commander";
import pLimit, { type LimitFunction } from "p-limit";
import {
  describeFailure,
  type FailureContext,
  Interrupted,
  SilentFailure,
  UsageError,
} from "../../errors.js";
import {
  digestFile,
  ensureDir,
  readUpTo,
  removeStaleTemporaries,
  saveStream,
} from "../../files.js";
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

/**
 * Packages up to this size are read into memory in their download slot and written to disk
 * after it is free: the next download does not wait for the disk. Larger ones stream to disk in
 * the slot. Memory stays under 2 x --concurrency x this.
 */
export const BUFFERED_PACKAGE_BYTES = 1024 * 1024;

/** Downloads one package unless the manifest says it is current; records it in the journal. */
async function backUpPackage(
  client: AdminClient,
  dir: string,
  workflow: WorkflowToBackUp,
  journal: Journal,
  signal: AbortSignal,
  downloads: LimitFunction,
): Promise<"downloaded" | "skipped"> {
  const relative = `packages/${workflow.id}.yxzp`;
  if (await isCurrent(dir, journal.get(relative), workflow)) return "skipped";
  const path = join(dir, relative);
  const { pkg, saved } = await downloads(async () => {
    const pkg = await downloadPackage(client, workflow.id, { signal });
    const read = await readUpTo(pkg.body, BUFFERED_PACKAGE_BYTES);
    if ("chunks" in read) return { pkg, saved: () => saveStream(read.chunks, path) };
    const digest = await saveStream(read.stream, path);
    return { pkg, saved: () => Promise.resolve(digest) };
  });
  const digest = await saved();
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
function progressBar(logger: Logger): SingleBar | undefined {
  if (!process.stderr.isTTY || logger.verbosity === "quiet") return undefined;
  const bar = new SingleBar(
    { format: "packages {bar} {value}/{total} {name}", hideCursor: true, stream: process.stderr },
    Presets.shades_classic,
  );
  bar.start(0, 0, { name: "" });
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

/**
 * Runs a backup; Ctrl-C stops it cleanly, with the journal saved. Packages are downloaded as the
 * pages of the workflow listing arrive, while the other inventories are written.
 */
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
  // Each package has a signal of its own, aborted with the run's: a request adds a listener to
  // the signal it is given and Node counts a signal's listeners on every new request, so 1,000
  // downloads on one shared signal cost time that grows with each one.
  const inFlight = new Set<AbortController>();
  const stop = () => {
    controller.abort(new Interrupted());
    for (const own of inFlight) own.abort(controller.signal.reason);
  };
  process.once("SIGINT", stop).once("SIGTERM", stop);
  const result: BackupResult = {
    total: 0,
    downloaded: 0,
    skipped: 0,
    failed: [],
    interrupted: false,
  };
  const bar = progressBar(logger);
  const downloads = pLimit(options.concurrency);
  // Twice as many packages in progress as downloads: the others are on their way to disk.
  const packages = pLimit(options.concurrency * 2);
  /** Set when the listings fail: packages not yet started are not. */
  let listingFailed = false;
  const started: Array<Promise<void>> = [];
  const backUp = (workflow: WorkflowToBackUp) =>
    packages(async () => {
      if (controller.signal.aborted || listingFailed) return;
      const own = new AbortController();
      inFlight.add(own);
      try {
        const done = await backUpPackage(client, dir, workflow, journal, own.signal, downloads);
        result[done]++;
      } catch (error) {
        if (controller.signal.aborted) return;
        const message = describeFailure(error, options.failureContext).message ?? String(error);
        result.failed.push({ appId: workflow.id, error: message });
        if (!bar) logger.warn(`package ${workflow.id}: ${message}`);
      } finally {
        inFlight.delete(own);
        bar?.increment(1, { name: workflow.name ?? workflow.id });
      }
    });
  try {
    let inventories: Awaited<ReturnType<typeof writeInventories>>;
    try {
      inventories = await writeInventories(client, dir, (page) => {
        result.total += page.length;
        bar?.setTotal(result.total);
        started.push(...page.map(backUp));
      });
    } catch (error) {
      // The packages being downloaded finish (and are journaled); no other starts.
      listingFailed = true;
      await Promise.all(started);
      throw error;
    }
    for (const entry of inventories.entries) journal.set(entry);
    await Promise.all(started);
    bar?.stop();
    logger.info(inventories.summary);
    result.interrupted = controller.signal.aborted;
    return result;
  } finally {
    bar?.stop();
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
