/**
 * Follows a queued job until it ends (`GET /v3/jobs/{jobId}` with its messages), polling with a
 * growing interval and telling each status change: the progress lines of `jobs run --wait`. The
 * client's `runWorkflow` waits too, but has no hook for progress; with one, this module goes.
 */
import { unwrap } from "@alteryx-admin/client";
import { jobEnded } from "./job-outcome.js";
import type { ServerClient, V3 } from "./server-client.js";

/** A job as `GET /v3/jobs/{jobId}` answers it. */
export type JobView = V3["schemas"]["JobView"];

/** Options of {@link waitForJob}. */
export interface WaitOptions {
  /** Give up after this long (undefined: wait until the job ends or Ctrl-C). */
  timeoutMs?: number | undefined;
  /** First poll interval; it grows by half each poll up to {@link MAX_POLL_MS}. */
  pollMs?: number;
  /** Told each time the job's status changes. */
  onStatus?(job: JobView, elapsedMs: number): void;
  signal?: AbortSignal;
}

/** The longest time between two polls. */
export const MAX_POLL_MS = 5_000;

/** The job when it ended, or `{ timedOut: true, job }` with its last state. */
export async function waitForJob(
  client: ServerClient,
  jobId: string,
  options: WaitOptions = {},
): Promise<{ job: JobView; timedOut: boolean }> {
  const started = Date.now();
  let interval = options.pollMs ?? 500;
  let lastStatus: string | null | undefined;
  for (;;) {
    const job = unwrap(
      await client.GET("/v3/jobs/{jobId}", {
        params: { path: { jobId }, query: { includeMessages: true } },
        ...(options.signal && { signal: options.signal }),
      }),
    );
    const elapsed = Date.now() - started;
    if (job.status !== lastStatus) {
      lastStatus = job.status;
      options.onStatus?.(job, elapsed);
    }
    if (jobEnded(job)) return { job, timedOut: false };
    if (options.timeoutMs !== undefined && elapsed >= options.timeoutMs)
      return { job, timedOut: true };
    const wait =
      options.timeoutMs === undefined ? interval : Math.min(interval, options.timeoutMs - elapsed);
    await new Promise((resolve) => setTimeout(resolve, Math.max(wait, 0)));
    interval = Math.min(interval * 1.5, MAX_POLL_MS);
  }
}
