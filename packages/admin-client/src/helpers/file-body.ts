/**
 * The package of an upload, in whatever form the caller has it, as a Blob for a multipart form.
 * A file path is read with node:fs, imported only when a path is given and by a specifier that
 * bundlers leave alone, so that a browser bundle of this package holds no Node code.
 */

/** A workflow package: a file path (Node, Deno, Bun), bytes, a Blob/File or a byte stream. */
export type PackageSource = string | Uint8Array | ArrayBuffer | Blob | ReadableStream<Uint8Array>;

// A variable specifier: bundlers do not follow it, and runtimes without node:fs fail only here.
const NODE_FS = "node:fs";

/** Reads a file into a Blob (file-backed where the runtime has `fs.openAsBlob`). */
async function blobFromPath(path: string, where: string): Promise<Blob> {
  let fs: typeof import("node:fs");
  try {
    fs = (await import(
      /* @vite-ignore */ /* webpackIgnore: true */ NODE_FS
    )) as typeof import("node:fs");
  } catch {
    throw new TypeError(
      `${where}: file is a path (${JSON.stringify(path)}), but this runtime has no file system; pass the package as a Blob/File, bytes or a ReadableStream`,
    );
  }
  try {
    // stat first: openAsBlob's own error does not say why ("Unable to open file as blob").
    const stat = await fs.promises.stat(path);
    if (!stat.isFile()) throw Object.assign(new Error("not a file"), { code: "ENOTFILE" });
    if (typeof fs.openAsBlob === "function") return await fs.openAsBlob(path);
    return new Blob([await fs.promises.readFile(path)]);
  } catch (error) {
    const code = (error as { code?: string }).code;
    throw new TypeError(
      `${where}: cannot read the package file ${JSON.stringify(path)}${code === undefined ? "" : ` (${code})`}; pass the path of a .yxzp exported from Alteryx Designer`,
      { cause: error },
    );
  }
}

/**
 * The package as a Blob: a path is read (Node-only branch, loaded on demand), a stream is read
 * whole (the request body is buffered anyway, so that a 401 can re-send it). An empty package is
 * refused.
 * @internal
 */
export async function packageBlob(file: unknown, where: string): Promise<Blob> {
  let blob: Blob;
  if (typeof file === "string") {
    if (file.trim() === "") throw new TypeError(`${where}: file is an empty path`);
    blob = await blobFromPath(file, where);
  } else if (file instanceof Blob) blob = file;
  else if (file instanceof Uint8Array || file instanceof ArrayBuffer) {
    blob = new Blob([file as Uint8Array<ArrayBuffer>]);
  } else if (file instanceof ReadableStream) {
    blob = await new Response(file).blob();
  } else {
    throw new TypeError(
      `${where}: file must be the .yxzp package as a path, a Blob/File, a Uint8Array/ArrayBuffer or a ReadableStream`,
    );
  }
  if (blob.size === 0) {
    throw new TypeError(
      `${where}: file is empty (0 bytes); pass the .yxzp package exported from Alteryx Designer`,
    );
  }
  return blob;
}
