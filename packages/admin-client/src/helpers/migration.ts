/**
 * setReadyForMigration: sets the "ready for migration" flag to a value. The server only offers a
 * toggle (`PUT /workflows/migratable/{appId}/`), so the current flag is read first from
 * `GET /workflows/migratable/` (the list of flagged workflows: small, unpaged, and exactly the
 * flag we need, unlike the heavy `GET /workflows/all/`), and the toggle is sent only when needed.
 */
import type { AdminClient } from "../client.js";
import { AlteryxApiError, unwrap } from "../http/errors.js";
import { checkAppId } from "./download.js";

async function isMarked(client: AdminClient, appId: string, signal?: AbortSignal) {
  const data = unwrap(await client.GET("/workflows/migratable/", { signal }));
  return (data ?? []).some((workflow) => workflow.id === appId);
}

/**
 * Makes a workflow's "ready for migration" flag equal `ready`, and says whether it had to change
 * it. Calling it twice with the same value is safe (the second call changes nothing). The PUT is
 * never retried, and the flag is read again afterwards to confirm the change.
 *
 * Not atomic: a concurrent toggle by someone else between the read and the PUT can still flip
 * the flag the other way; the confirmation read then reports it as an error.
 *
 * @throws AlteryxApiError for a non-2xx answer (404 for an unknown id), or when the flag did not
 *   take the requested value
 * @example
 * const { changed } = await setReadyForMigration(admin, "57acaca4065e3f26a82b2615", true);
 */
export async function setReadyForMigration(
  client: AdminClient,
  appId: string,
  ready: boolean,
  options: { signal?: AbortSignal } = {},
): Promise<{ changed: boolean }> {
  checkAppId(appId, "setReadyForMigration()");
  if (typeof ready !== "boolean") {
    throw new TypeError(`setReadyForMigration(): ready must be true or false, got ${typeof ready}`);
  }
  const { signal } = options;
  if ((await isMarked(client, appId, signal)) === ready) return { changed: false };
  const toggle = await client.PUT("/workflows/migratable/{appId}/", {
    params: { path: { appId } },
    signal,
  });
  unwrap(toggle);
  const { response } = toggle;
  if ((await isMarked(client, appId, signal)) !== ready) {
    throw new AlteryxApiError({
      status: response.status,
      method: "PUT",
      origin: new URL(client.baseUrl).origin,
      path: `/workflows/migratable/${appId}/`,
      body: `the toggle answered ${response.status} but the workflow is still ${ready ? "not " : ""}marked ready for migration (was it toggled concurrently?)`,
    });
  }
  return { changed: true };
}
