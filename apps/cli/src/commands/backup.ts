/** `backup --out DIR`: every workflow package plus JSON inventories, with a checksummed manifest. */
import { createHash } from "node:crypto";
import { once } from "node:events";
import { createWriteStream } from "node:fs";
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { finished } from "node:stream/promises";
import { type AdminClient, downloadPackage, type ListPath } from "@alteryx-admin/client";
import { Presets, SingleBar } from "cli-progress";
import type { Command } from "commander";
import pLimit from "p-limit";
import { SilentFailure, UsageError } from "../errors.js";
import { digestFile, type FileDigest, saveStream } from "../files.js";
import type { Logger } from "../log.js";
import { createStreamRenderer } from "../output/render.js";
import { example, intOption, pages, withSession } from "./shared.js";

/** One file recorded in manifest.json. */
export interface ManifestEntry {
  path: string;
  size: number;
  sha256: string;
  appId?: string;
  name?: string;
  filename?: string;
}

/** manifest.json of a backup directory. */
export interface Manifest {
  gallery: string;
  createdAt: string;
  updatedAt: string;
  files: ManifestEntry[];
}

const INVENTORIES = [
  { file: "users.json", path: "/users/", pageSize: 500 },
  { file: "subscriptions.json", path: "/subscriptions/", pageSize: 500 },
  { file: "workflows.json", path: "/workflows/", pageSize: 500 },
  { file: "schedules.json", path: "/schedules/", pageSize: 500 },
  { file: "collections.json", path: "/collections/", pageSize: 500 },
] as const;

async function readManifest(dir: string): Promise<Manifest | undefined> {
  try {
    return JSON.parse(await readFile(join(dir, "manifest.json"), "utf8")) as Manifest;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new UsageError(
      `${join(dir, "manifest.json")} is not a readable manifest: ${(error as Error).message}`,
    );
  }
}

async function writeJsonAtomic(path: string, value: unknown): Promise<void> {
  await writeFile(`${path}.part`, `${JSON.stringify(value, null, 2)}\n`);
  await rename(`${path}.part`, path);
}

/**
 * Writes every item of a paged route to `path` as a JSON array, page by page (memory stays at one
 * page), through `<path>.part` renamed when complete. Returns the number of items and the file's
 * size and SHA-256, computed on the way (the file is not read back).
 */
async function writeInventory(
  client: AdminClient,
  route: ListPath,
  pageSize: number,
  path: string,
  onPage: (page: unknown[]) => void,
): Promise<{ count: number; digest: FileDigest }> {
  const out = createWriteStream(`${path}.part`);
  const renderer = createStreamRenderer({ format: "json" });
  const hash = createHash("sha256");
  let size = 0;
  const write = async (text: string) => {
    if (!text) return;
    const bytes = Buffer.from(text, "utf8");
    hash.update(bytes);
    size += bytes.length;
    if (!out.write(bytes)) await once(out, "drain");
  };
  let count = 0;
  try {
    for await (const page of pages(client, route, {}, pageSize)) {
      onPage(page);
      count += page.length;
      await write(renderer.page(page));
    }
    await write(renderer.end());
    out.end();
    await finished(out);
  } catch (error) {
    out.destroy();
    await rm(`${path}.part`, { force: true });
    throw error;
  }
  await rename(`${path}.part`, path);
  return { count, digest: { size, sha256: hash.digest("hex") } };
}

/** True when the file on disk matches the manifest entry (size first, then SHA-256). */
async function isComplete(dir: string, entry: ManifestEntry | undefined): Promise<boolean> {
  if (!entry) return false;
  const digest = await digestFile(join(dir, entry.path));
  return digest !== undefined && digest.size === entry.size && digest.sha256 === entry.sha256;
}

/** Result counts of a backup run. */
export interface BackupResult {
  downloaded: number;
  skipped: number;
  failed: Array<{ appId: string; error: string }>;
}

/** Runs a backup into `dir`. */
export async function runBackup(
  client: AdminClient,
  galleryUrl: string,
  dir: string,
  concurrency: number,
  logger: Logger,
): Promise<BackupResult> {
  await mkdir(join(dir, "packages"), { recursive: true });
  const previous = await readManifest(dir);
  const now = new Date().toISOString();
  const byPath = new Map<string, ManifestEntry>((previous?.files ?? []).map((f) => [f.path, f]));

  // Only the id and name of each workflow are kept for the downloads; the rest goes to disk.
  const workflows: Array<{ id: string; name?: string | undefined }> = [];
  const counts = await Promise.all(
    INVENTORIES.map(async (inv) => {
      const path = join(dir, inv.file);
      const { count, digest } = await writeInventory(
        client,
        inv.path,
        inv.pageSize,
        path,
        (page) => {
          if (inv.file !== "workflows.json") return;
          for (const w of page as Array<{
            id: string;
            metaInfo?: { name?: string | null } | null;
          }>)
            workflows.push({ id: w.id, name: w.metaInfo?.name ?? undefined });
        },
      );
      byPath.set(inv.file, { path: inv.file, ...digest });
      return `${count} ${inv.file.replace(".json", "")}`;
    }),
  );
  logger.info(`inventories: ${counts.join(", ")}`);

  const result: BackupResult = { downloaded: 0, skipped: 0, failed: [] };
  const bar =
    process.stderr.isTTY && logger.verbosity !== "quiet"
      ? new SingleBar(
          {
            format: "packages {bar} {value}/{total} {name}",
            hideCursor: true,
            stream: process.stderr,
          },
          Presets.shades_classic,
        )
      : undefined;
  bar?.start(workflows.length, 0, { name: "" });
  const limit = pLimit(concurrency);
  await Promise.all(
    workflows.map((workflow) =>
      limit(async () => {
        const relative = `packages/${workflow.id}.yxzp`;
        try {
          if (await isComplete(dir, byPath.get(relative))) {
            result.skipped++;
            return;
          }
          const pkg = await downloadPackage(client, workflow.id);
          const digest = await saveStream(pkg.body, join(dir, relative));
          const entry: ManifestEntry = {
            path: relative,
            ...digest,
            appId: workflow.id,
            filename: pkg.filename,
          };
          if (workflow.name) entry.name = workflow.name;
          byPath.set(relative, entry);
          result.downloaded++;
        } catch (error) {
          result.failed.push({ appId: workflow.id, error: (error as Error).message });
          if (!bar) logger.warn(`package ${workflow.id}: ${(error as Error).message}`);
        } finally {
          bar?.increment(1, { name: workflow.name ?? workflow.id });
        }
      }),
    ),
  );
  bar?.stop();

  const manifest: Manifest = {
    gallery: galleryUrl,
    createdAt: previous?.createdAt ?? now,
    updatedAt: now,
    files: [...byPath.values()].sort((a, b) => a.path.localeCompare(b.path)),
  };
  await writeJsonAtomic(join(dir, "manifest.json"), manifest);
  return result;
}

/** Registers `backup`. */
export function registerBackupCommand(program: Command): void {
  const command = program
    .command("backup")
    .description("back up every workflow package and JSON inventories into a directory")
    .requiredOption(
      "--out <dir>",
      "backup directory (created if missing; re-runs skip complete files)",
    )
    .option("--concurrency <n>", "parallel downloads (default 4)", intOption("--concurrency"), 4);
  example(
    command,
    "alteryx-admin backup --out ./gallery-backup",
    "alteryx-admin --profile prod backup --out /srv/backups/gallery --concurrency 8",
  );
  command.action(
    withSession(async (session, options: { out: string; concurrency: number }) => {
      if (options.concurrency < 1) throw new UsageError("--concurrency must be at least 1");
      const { client, target } = await session.connect();
      const result = await runBackup(
        client,
        target.url,
        options.out,
        options.concurrency,
        session.logger,
      );
      const summary = {
        out: options.out,
        downloaded: result.downloaded,
        skipped: result.skipped,
        failed: result.failed.length,
      };
      process.stdout.write(`${JSON.stringify(summary)}\n`);
      session.logger.info(
        `backup in ${options.out}: ${result.downloaded} packages downloaded, ${result.skipped} already complete, ${result.failed.length} failed; manifest.json has sizes and SHA-256`,
      );
      if (result.failed.length) {
        for (const f of result.failed) session.logger.error(`package ${f.appId}: ${f.error}`);
        throw new SilentFailure();
      }
    }),
  );
}
