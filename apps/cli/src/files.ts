/** Writing downloads safely: to a temporary file, hashed on the way, renamed when complete. */
import { createHash } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { rename, rm, stat } from "node:fs/promises";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as WebReadableStream } from "node:stream/web";

/** Size and SHA-256 of a file. */
export interface FileDigest {
  size: number;
  sha256: string;
}

/**
 * Streams `body` into `path` through `<path>.part`, computing size and SHA-256, and renames it
 * into place only when complete: an interrupted run never leaves a truncated file under the
 * final name.
 */
export async function saveStream(
  body: ReadableStream<Uint8Array>,
  path: string,
): Promise<FileDigest> {
  const partial = `${path}.part`;
  const hash = createHash("sha256");
  let size = 0;
  const tap = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      hash.update(chunk);
      size += chunk.length;
      callback(null, chunk);
    },
  });
  try {
    await pipeline(
      Readable.fromWeb(body as WebReadableStream<Uint8Array>),
      tap,
      createWriteStream(partial),
    );
    await rename(partial, path);
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  }
  return { size, sha256: hash.digest("hex") };
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
