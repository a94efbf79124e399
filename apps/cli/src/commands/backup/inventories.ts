/** The JSON inventories of a backup: every item of a paged route, written page by page. */
import { createHash, randomBytes } from "node:crypto";
import { once } from "node:events";
import { createWriteStream } from "node:fs";
import { rename, rm } from "node:fs/promises";
import { join } from "node:path";
import { finished } from "node:stream/promises";
import type { AdminClient, ListPath } from "@alteryx-admin/client";
import { type FileDigest, PRIVATE_FILE } from "../../files.js";
import { createStreamRenderer } from "../../output/render.js";
import { pages } from "../shared.js";
import type { ManifestEntry } from "./journal.js";

/** One inventory: a paged route, its file, its page size (and a first page of another size). */
interface Inventory {
  file: string;
  path: ListPath;
  pageSize: number;
  firstPageSize?: number;
}

/**
 * The inventories, the workflows first (see {@link writeInventories}). Their first page is short
 * because it starts the downloads: the server writes and this thread reads a tenth of a full page
 * before the first package is asked for.
 */
export const INVENTORIES: readonly Inventory[] = [
  { file: "workflows.json", path: "/workflows/", pageSize: 500, firstPageSize: 50 },
  { file: "users.json", path: "/users/", pageSize: 500 },
  { file: "subscriptions.json", path: "/subscriptions/", pageSize: 500 },
  { file: "schedules.json", path: "/schedules/", pageSize: 500 },
  { file: "collections.json", path: "/collections/", pageSize: 500 },
];

/** What a backup keeps of each workflow to download its package and tell a changed one. */
export interface WorkflowToBackUp {
  id: string;
  name?: string | undefined;
  publishedVersionId?: string | null | undefined;
  uploadDate?: string | null | undefined;
}

/**
 * Writes every item of a paged route to `path` as a JSON array, page by page (memory stays at one
 * page), through a private temporary file renamed when complete. Returns the number of items and
 * the file's size and SHA-256, computed on the way (the file is not read back).
 */
async function writeInventory(
  source: AsyncIterable<unknown[]>,
  path: string,
  onPage: (page: unknown[]) => void,
): Promise<{ count: number; digest: FileDigest }> {
  const partial = `${path}.${randomBytes(4).toString("hex")}.part`;
  const out = createWriteStream(partial, { mode: PRIVATE_FILE, flags: "wx" });
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
    for await (const page of source) {
      onPage(page);
      count += page.length;
      await write(renderer.page(page));
    }
    await write(renderer.end());
    out.end();
    await finished(out);
    await rename(partial, path);
  } catch (error) {
    out.destroy();
    await rm(partial, { force: true });
    throw error;
  }
  return { count, digest: { size, sha256: hash.digest("hex") } };
}

/** The pages of an inventory's route, the first of `firstPageSize` when it has one. */
async function* listing(client: AdminClient, inv: Inventory): AsyncIterable<unknown[]> {
  const { path, pageSize, firstPageSize } = inv;
  if (firstPageSize === undefined) return yield* pages(client, path, {}, pageSize);
  let first: unknown[] = [];
  for await (const page of pages(client, path, {}, firstPageSize)) {
    first = page;
    break;
  }
  yield first;
  if (first.length === firstPageSize) yield* pages(client, path, {}, pageSize, firstPageSize);
}

/**
 * Writes every inventory into `dir` and returns their manifest entries and a summary line. The
 * workflows go to `onWorkflows` page by page as they arrive, so that their packages can be
 * downloaded while the listings go on.
 */
export async function writeInventories(
  client: AdminClient,
  dir: string,
  onWorkflows: (page: WorkflowToBackUp[]) => void,
): Promise<{ entries: ManifestEntry[]; summary: string }> {
  const keepWorkflows = (page: unknown[]) =>
    onWorkflows(
      (
        page as Array<{
          id: string;
          metaInfo?: { name?: string | null } | null;
          publishedVersionId?: string | null;
          uploadDate?: string | null;
        }>
      ).map((w) => ({
        id: w.id,
        name: w.metaInfo?.name ?? undefined,
        publishedVersionId: w.publishedVersionId,
        uploadDate: w.uploadDate,
      })),
    );
  // The workflows first, and the other listings once the first page of workflows has set its
  // downloads going: one thread reads every answer, and the others' (300 users are 240 kB of
  // JSON) held up the first downloads by about 35 ms, measured against the mock.
  let downloadsGoing: () => void = () => undefined;
  const othersMayStart = new Promise<void>((resolve) => {
    downloadsGoing = resolve;
  });
  const results = await Promise.all(
    INVENTORIES.map(async (inv) => {
      const workflows = inv.path === "/workflows/";
      if (!workflows) await othersMayStart;
      const onPage = workflows
        ? (page: unknown[]) => {
            keepWorkflows(page);
            // After the downloads' requests, which start in this turn's microtasks.
            setImmediate(downloadsGoing);
          }
        : () => undefined;
      const source = listing(client, inv);
      const { count, digest } = await writeInventory(source, join(dir, inv.file), onPage).finally(
        // A listing of no workflows, or one that failed, lets the others go as well.
        () => workflows && downloadsGoing(),
      );
      return {
        entry: { path: inv.file, ...digest },
        count: `${count} ${inv.file.replace(".json", "")}`,
      };
    }),
  );
  return {
    entries: results.map((r) => r.entry),
    summary: `inventories: ${results.map((r) => r.count).join(", ")}`,
  };
}
