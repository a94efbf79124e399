/**
 * `jobs run --wait`: the client's `runWorkflow` queues the job and follows it (its backoff, its
 * `onStatus` hook for the progress lines), and here a wait that runs out is an outcome, not an
 * error: the job goes on on the server, and the caller prints it and says how to follow it.
 */
import {
  AlteryxJobTimeoutError,
  type RunWorkflowOptions,
  runWorkflow,
  unwrap,
} from "@alteryx-admin/client";
import type { ServerClient, V3 } from "./server-client.js";

/** A job as `GET /v3/jobs/{jobId}` answers it. */
export type JobView = V3["schemas"]["JobView"];

/** Options of {@link runAndWait}. */
export interface WaitOptions {
  /** Give up after this long (undefined: wait until the job ends or Ctrl-C). */
  timeoutMs?: number | undefined;
  /** Told the job as queued, then each time its status changes, with the time since queueing began. */
  onStatus?(job: JobView, elapsedMs: number): void;
}

/** The first wait between polls; the client's backoff grows it by half each poll. */
const FIRST_POLL_MS = 500;

/**
 * Queues a run and waits for it to end: the job when it ended, with its messages, or
 * `{ timedOut: true, job }` with its state (and messages so far) when `timeoutMs` ran out.
 */
export async function runAndWait(
  client: ServerClient,
  workflowId: string,
  run: Omit<RunWorkflowOptions, "wait">,
  options: WaitOptions = {},
): Promise<{ job: JobView; timedOut: boolean }> {
  const started = Date.now();
  try {
    const job = await runWorkflow(client, workflowId, {
      ...run,
      wait: {
        timeoutMs: options.timeoutMs ?? Number.POSITIVE_INFINITY,
        pollIntervalMs: FIRST_POLL_MS,
        onStatus: (job) => options.onStatus?.(job, Date.now() - started),
      },
    });
    return { job, timedOut: false };
  } catch (error) {
    if (!(error instanceof AlteryxJobTimeoutError)) throw error;
    const { jobId } = error;
    const job = unwrap(
      await client.GET("/v3/jobs/{jobId}", {
        params: { path: { jobId }, query: { includeMessages: true } },
      }),
    );
    return { job, timedOut: true };
  }
}
