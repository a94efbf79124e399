/**
 * Writing files safely: private to the user (0600 files, 0700 folders: workflow packages often
 * embed connection credentials), complete or not at all (a temporary file renamed into place),
 * hashed on the way.
 */
import { createHash, randomBytes } from "node:crypto";
import { createReadStream } from "node:fs";
import { mkdir, open, readdir, rename, rm, stat, writeFile } from "node:fs/promises";
import { homedir } from "node:os";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import { UsageError } from "./errors.js";

/** Mode of every file the CLI writes. */
export const PRIVATE_FILE = 0o600;
/** Mode of every folder the CLI creates. */
export const PRIVATE_DIR = 0o700;

/** Size and SHA-256 of a file. */
export interface FileDigest {
  size: number;
  sha256: string;
}

/** A temporary name next to `path`, unique to this write. */
function temporaryName(path: string): string {
  return `${path}.${randomBytes(4).toString("hex")}.part`;
}

/**
 * Creates `dir` (and its parents) private to the user when missing; an existing folder keeps its
 * mode. `flag` names the option in the error when `dir` is a file.
 */
export async function ensureDir(dir: string, flag: string): Promise<void> {
  try {
    await mkdir(dir, { recursive: true, mode: PRIVATE_DIR });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EEXIST" || code === "ENOTDIR")
      throw new UsageError(`${flag} ${dir}: not a folder (a file has that name)`);
    throw error;
  }
}

/** Writes `data` to `path` atomically (temporary file, then rename), private to the user. */
export async function writeFileAtomic(path: string, data: string): Promise<void> {
  const partial = temporaryName(path);
  try {
    await writeFile(partial, data, { mode: PRIVATE_FILE, flag: "wx" });
    await rename(partial, path);
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  }
}

/**
 * Streams `body` into `path` through a temporary file, computing size and SHA-256, and renames
 * it into place only when complete: an interrupted run never leaves a truncated file under the
 * final name. Memory stays at one chunk whatever the size: each chunk is written before the next
 * is read.
 */
export async function saveStream(
  body: ReadableStream<Uint8Array> | Iterable<Uint8Array>,
  path: string,
): Promise<FileDigest> {
  const partial = temporaryName(path);
  const hash = createHash("sha256");
  let size = 0;
  try {
    const file = await open(partial, "wx", PRIVATE_FILE);
    try {
      // Node's web streams are async iterables (the DOM typing of fetch's body does not say so);
      // chunks already read (backup's small packages) come as an array.
      for await (const chunk of body as WebReadableStream<Uint8Array> | Iterable<Uint8Array>) {
        hash.update(chunk);
        size += chunk.byteLength;
        for (let offset = 0; offset < chunk.byteLength; )
          offset += (await file.write(chunk, offset)).bytesWritten;
      }
    } finally {
      await file.close();
    }
    await rename(partial, path);
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  }
  return { size, sha256: hash.digest("hex") };
}

/**
 * Reads `body` whole when it ends within `limit` bytes: its chunks. A longer body gives a stream
 * of the chunks read so far followed by the rest, for {@link saveStream}; memory stays at `limit`.
 */
export async function readUpTo(
  body: ReadableStream<Uint8Array>,
  limit: number,
): Promise<{ chunks: Uint8Array[] } | { stream: ReadableStream<Uint8Array> }> {
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return { chunks };
    chunks.push(value);
    size += value.byteLength;
    if (size > limit) break;
  }
  const rest = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = chunks.shift();
      if (next) return controller.enqueue(next);
      const { done, value } = await reader.read();
      if (done) controller.close();
      else controller.enqueue(value);
    },
    cancel: (reason) => reader.cancel(reason),
  });
  return { stream: rest };
}

/** Size and SHA-256 of an existing file, or undefined when it does not exist. */
export async function digestFile(path: string): Promise<FileDigest | undefined> {
  try {
    const { size } = await stat(path);
    const hash = createHash("sha256");
    await pipeline(createReadStream(path), hash);
    return { size, sha256: hash.digest("hex") };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}

/** What {@link temporaryName} makes: `<name>.<8 hex digits>.part`. */
const TEMPORARY = /\.[0-9a-f]{8}\.part$/;

/**
 * Removes the temporary files a stopped run left in `dir` (kill -9 or a power cut leaves the
 * `.part` of a download in progress; nothing else would ever delete it). Returns how many.
 */
export async function removeStaleTemporaries(dir: string): Promise<number> {
  const stale = (await readdir(dir)).filter((name) => TEMPORARY.test(name));
  await Promise.all(stale.map((name) => rm(`${dir}/${name}`, { force: true })));
  return stale.length;
}

/** True when something exists at `path`. */
export async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return false;
    throw error;
  }
}

/** `Sales.yxzp` with the workflow id in it: `Sales (57acaca4065e3f26a82b2615).yxzp`. */
export function withIdInName(fileName: string, id: string): string {
  const dot = fileName.lastIndexOf(".");
  return dot > 0
    ? `${fileName.slice(0, dot)} (${id})${fileName.slice(dot)}`
    : `${fileName} (${id})`;
}

/** A path as messages show it: `~/...` under the home folder, else as given. */
export function displayPath(path: string, home = homedir()): string {
  return home && (path === home || path.startsWith(`${home}/`))
    ? `~${path.slice(home.length)}`
    : path;
}
