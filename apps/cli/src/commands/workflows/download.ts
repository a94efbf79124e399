/**
 * `workflows download`: each package streamed to a private file under the name the server sends.
 * Every id is tried; a name already taken (in this run or on disk) gets the workflow id in it,
 * so no download ever overwrites another workflow's file.
 */
import { join } from "node:path";
import { type AdminClient, downloadPackage } from "@alteryx-admin/client";
import type { Command } from "commander";
import { describeFailure, type FailureContext, SilentFailure } from "../../errors.js";
import { ensureDir, exists, saveStream, withIdInName } from "../../files.js";
import type { Logger } from "../../log.js";
import { example, withSession } from "../shared.js";
import { parseIdList } from "./ids.js";

/**
 * The file name for a package: the client's name (the server's, already reduced to a safe base
 * name, or `<appId>.yxzp`) when no other workflow of this run has it and no file of that name
 * exists, else the name with the workflow id (replacing an earlier download of the same
 * workflow).
 */
async function chooseName(
  dir: string,
  plain: string,
  appId: string,
  taken: Set<string>,
): Promise<string> {
  const name =
    taken.has(plain.toLowerCase()) || (await exists(join(dir, plain)))
      ? withIdInName(plain, appId)
      : plain;
  taken.add(name.toLowerCase());
  return name;
}

/** Downloads one package and prints `path size sha256 appId`. */
async function downloadOne(
  client: AdminClient,
  dir: string,
  appId: string,
  taken: Set<string>,
): Promise<void> {
  const pkg = await downloadPackage(client, appId);
  const path = join(dir, await chooseName(dir, pkg.filename, appId, taken));
  const digest = await saveStream(pkg.body, path);
  process.stdout.write(`${path}\t${digest.size}\t${digest.sha256}\t${appId}\n`);
}

/**
 * Downloads every id, reporting each failure (`context` for its message); returns the ids that
 * failed.
 */
export async function downloadAll(
  client: AdminClient,
  dir: string,
  appIds: readonly string[],
  logger: Logger,
  context: FailureContext = {},
): Promise<string[]> {
  const taken = new Set<string>();
  const failed: string[] = [];
  for (const appId of appIds) {
    try {
      await downloadOne(client, dir, appId, taken);
    } catch (error) {
      failed.push(appId);
      logger.error(`${appId}: ${describeFailure(error, context).message}`);
    }
  }
  return failed;
}

/** Registers `workflows download`. */
export function registerDownload(group: Command): void {
  const download = group
    .command("download")
    .description("download workflow packages (.yxzp); prints path, size, SHA-256 and id of each")
    .argument("<appId...>", "workflow ids")
    .requiredOption("--out <dir>", "directory to write the packages to (created private)");
  example(download, "alteryx-admin workflows download 57acaca4065e3f26a82b2615 --out ./packages");
  download.action(
    withSession(async (session, appIds: string[], options: { out: string }) => {
      for (const id of appIds) parseIdList(id, "appId");
      const unique = [...new Map(appIds.map((id) => [id.toLowerCase(), id])).values()];
      const { client } = await session.connect();
      await ensureDir(options.out, "--out");
      const failed = await downloadAll(
        client,
        options.out,
        unique,
        session.logger,
        session.failureContext,
      );
      if (failed.length) {
        session.logger.error(
          `${failed.length} of ${unique.length} packages failed: ${failed.join(" ")}`,
        );
        throw new SilentFailure();
      }
    }),
  );
}
