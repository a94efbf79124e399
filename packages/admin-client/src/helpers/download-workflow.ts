/**
 * downloadWorkflowPackage: `GET /v3/workflows/{workflowId}/package` as a stream plus the file
 * name, like Admin v1's downloadPackage.
 */
import type { ServerClient } from "../server-client.js";
import { checkId, type DownloadedPackage, downloadedPackage } from "./download.js";

/**
 * Downloads a workflow's package (.yxzp) as a stream: the published version, or `versionId`.
 * Memory stays constant: nothing is buffered.
 *
 * @throws AlteryxApiError for a non-2xx answer (403: downloading is not allowed; 404: no such
 *   workflow or version)
 * @example
 * const pkg = await downloadWorkflowPackage(server, workflowId);
 * await pipeline(Readable.fromWeb(pkg.body), createWriteStream(pkg.filename));
 */
export async function downloadWorkflowPackage(
  client: ServerClient,
  workflowId: string,
  options: { versionId?: string; signal?: AbortSignal } = {},
): Promise<DownloadedPackage> {
  const where = "downloadWorkflowPackage()";
  checkId(workflowId, "workflowId", where);
  const { versionId, signal } = options;
  if (versionId !== undefined) checkId(versionId, "versionId", where);
  const result = await client.GET("/v3/workflows/{workflowId}/package", {
    params: { path: { workflowId }, query: versionId === undefined ? {} : { versionId } },
    parseAs: "stream",
    signal,
  });
  return downloadedPackage(result, `${workflowId}.yxzp`);
}
