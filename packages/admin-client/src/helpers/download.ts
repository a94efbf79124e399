/**
 * downloadPackage: `GET /{appId}/package/` as a stream plus the file name (and the answer to
 * {@link DownloadedPackage} that the v3 download shares).
 */
import type { AdminClient } from "../client.js";
import { unwrap } from "../http/errors.js";
import { filenameFromContentDisposition } from "./content-disposition.js";

/** A downloaded workflow package. */
export interface DownloadedPackage {
  /** From `Content-Disposition` (a safe base name), or `<appId>.yxzp` when the server sends none. */
  filename: string;
  /** The package bytes (a .yxzp zip). Read it once, or cancel it. */
  body: ReadableStream<Uint8Array>;
  /** `Content-Length` when the server sends it. */
  size?: number;
}

/** Rejects ids that would change the path they are put in. */
export function checkAppId(appId: unknown, where: string): string {
  return checkId(appId, "appId", where, {
    what: "a workflow id (a 24-hex ObjectId string)",
    example: "the workflow's id, such as 57acaca4065e3f26a82b2615",
  });
}

/**
 * Rejects ids that would change the path they are put in (empty, padded, or holding a URL
 * separator), naming the parameter and what to pass instead. @internal
 */
export function checkId(
  id: unknown,
  name: string,
  where: string,
  text: { what: string; example: string } = {
    what: "a non-empty id string",
    example: "the id itself",
  },
): string {
  if (typeof id !== "string" || id.trim() === "") {
    throw new TypeError(`${where}: ${name} must be ${text.what}`);
  }
  if (id !== id.trim() || /[/?#\\\s]/.test(id)) {
    throw new TypeError(
      `${where}: ${name} ${JSON.stringify(id)} contains whitespace or URL separators; pass ${text.example}`,
    );
  }
  return id;
}

/**
 * Downloads the published version of a workflow as a stream. Memory stays constant: nothing is
 * buffered.
 *
 * @throws AlteryxApiError for a non-2xx answer (404 for an unknown id)
 * @example
 * const pkg = await downloadPackage(admin, "57acaca4065e3f26a82b2615");
 * await pipeline(Readable.fromWeb(pkg.body), createWriteStream(pkg.filename));
 */
export async function downloadPackage(
  client: AdminClient,
  appId: string,
  options: { signal?: AbortSignal } = {},
): Promise<DownloadedPackage> {
  checkAppId(appId, "downloadPackage()");
  const result = await client.GET("/{appId}/package/", {
    params: { path: { appId } },
    parseAs: "stream",
    signal: options.signal,
  });
  return downloadedPackage(result, `${appId}.yxzp`);
}

/**
 * A package answer as a {@link DownloadedPackage}: the stream, the file name from
 * `Content-Disposition` (or `fallbackName`) and the size when sent. Shared by the Admin v1 and v3
 * downloads.
 * @internal
 */
export function downloadedPackage(
  result: { data?: unknown; error?: unknown; response: Response },
  fallbackName: string,
): DownloadedPackage {
  const { response } = result;
  const body = (unwrap(result) as ReadableStream<Uint8Array> | undefined) ?? new Blob([]).stream();
  const filename =
    filenameFromContentDisposition(response.headers.get("content-disposition")) ?? fallbackName;
  const length = response.headers.get("content-length");
  const size = length !== null && /^\d+$/.test(length) ? Number(length) : undefined;
  return size === undefined ? { filename, body } : { filename, body, size };
}
