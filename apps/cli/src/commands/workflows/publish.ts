/** `workflows publish`: a package file published as a new workflow; prints its id. */
import { openAsBlob } from "node:fs";
import { open, stat } from "node:fs/promises";
import { basename } from "node:path";
import { publishWorkflow } from "@alteryx-admin/client";
import type { Command } from "commander";
import { describeFileError, UsageError } from "../../errors.js";
import { example, withSession } from "../shared.js";

interface PublishOptions {
  owner: string;
  name?: string;
  public: boolean;
  validate: boolean;
  sourceId?: string;
  workerTag?: string;
  canDownload: boolean;
  comments?: string;
}

/**
 * Opens the package to publish, checked up front: a folder or an unreadable file would otherwise
 * fail in the middle of the upload with "The blob could not be read", without its name.
 */
export async function openPackage(file: string): Promise<Blob> {
  try {
    const stats = await stat(file);
    if (!stats.isFile())
      throw new UsageError(`cannot publish ${file}: not a file; expected a .yxzp package`);
    if (stats.size === 0) throw new UsageError(`${file} is empty; expected a .yxzp package`);
    await (await open(file, "r")).close();
    return await openAsBlob(file);
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(describeFileError(error as NodeJS.ErrnoException, file));
  }
}

/** Registers `workflows publish`. */
export function registerPublish(group: Command): void {
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
    withSession(async (session, file: string, options: PublishOptions) => {
      if (!/^[^\s@]+@[^\s@]+$/.test(options.owner)) {
        throw new UsageError(
          `--owner must be the email of an existing user on the Gallery, got "${options.owner}"`,
        );
      }
      const blob = await openPackage(file);
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
    }),
  );
}
