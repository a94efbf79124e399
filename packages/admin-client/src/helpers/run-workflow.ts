/**
 * runWorkflow: `POST /v3/workflows/{workflowId}/jobs`, and with `wait`, the job followed with
 * `GET /v3/jobs/{jobId}` (backing off from `pollIntervalMs` to 10 s) until it has ended, then
 * its messages from `GET /v3/jobs/{jobId}/messages`.
 */
import type { components } from "../generated/server-v3.js";
import { AlteryxJobTimeoutError, unwrap } from "../http/errors.js";
import { checkFunction, checkNumber } from "../http/options.js";
import { abortableSleep } from "../http/retry.js";
import type { ServerClient } from "../server-client.js";
import { checkId } from "./download.js";

type Schemas = components["schemas"];

/** A job as `POST /v3/workflows/{workflowId}/jobs` and `GET /v3/jobs/{jobId}` answer it. */
export type JobView = Schemas["JobView"];
/** One message of a job's run. */
export type JobMessage = Schemas["JobMessageView"];
/** A job that has ended, with the messages of its run. */
export type FinishedJob = JobView & { messages: JobMessage[] };

/** How {@link runWorkflow} waits for the job to end. */
export interface RunWaitOptions {
  /** Stops waiting (the job goes on on the server); the promise rejects with its reason. */
  signal?: AbortSignal;
  /** Longest wait for the job to end (default 600 000 ms, 10 minutes; Infinity for no limit). */
  timeoutMs?: number;
  /** First wait between polls (default 1000 ms); each next wait is 1.5 times longer, up to 10 s. */
  pollIntervalMs?: number;
  /**
   * Told each status of the job while waiting, for progress output: first the job as queued,
   * then each polled job whose status differs from the last one told (the ended job included).
   * An exception it throws stops the wait and rejects with it (the job goes on).
   *
   * @example
   * await runWorkflow(server, workflowId, {
   *   wait: { onStatus: (job) => console.error(`job ${job.id}: ${job.status}`) },
   * });
   */
  onStatus?: (job: JobView) => void;
}

/** The wait options after {@link checkWait}. */
interface CheckedWait {
  timeoutMs: number;
  pollIntervalMs: number;
  onStatus: ((job: JobView) => void) | undefined;
}

/** Input of {@link runWorkflow}: the spec's `EnqueueJobContract`, and `wait`. */
export interface RunWorkflowOptions {
  /** An app's answers: `[{ name, value }]` as the spec has it, or `{ name: value }`. */
  questions?: Schemas["AppValue"][] | Record<string, string>;
  /** The run's priority (honoured only for users allowed to set it). */
  priority?: Schemas["JobPriority"];
  /** Runs on workers with this tag. */
  workerTag?: string;
  /** Runs as this stored credential. */
  credentialId?: string;
  /** Wait for the job to end and return it with its messages. */
  wait?: RunWaitOptions;
  /** Aborts the request that queues the job (`wait.signal` governs the waiting). */
  signal?: AbortSignal;
}

/** Statuses of a job that has ended (compared case-insensitively); any other is still going. */
const ENDED = new Set(["completed", "complete", "cancelled", "canceled", "error", "failed"]);
const MAX_POLL_INTERVAL_MS = 10_000;
const DEFAULT_TIMEOUT_MS = 600_000;

/** True when a job's status says it has ended (`Completed`, `Cancelled`, `Error`, ...). */
export function hasJobEnded(status: string | null | undefined): boolean {
  return typeof status === "string" && ENDED.has(status.toLowerCase());
}

function checkWait(wait: RunWaitOptions): CheckedWait {
  const name = (option: string) => `runWorkflow(): wait.${option}`;
  return {
    timeoutMs: checkNumber(name("timeoutMs"), wait.timeoutMs, DEFAULT_TIMEOUT_MS, {
      min: 1,
      allowInfinity: true,
    }),
    pollIntervalMs: checkNumber(name("pollIntervalMs"), wait.pollIntervalMs, 1000, { min: 1 }),
    onStatus: checkFunction<RunWaitOptions["onStatus"]>(name("onStatus"), wait.onStatus),
  };
}

function questionList(
  questions: RunWorkflowOptions["questions"],
): Schemas["AppValue"][] | undefined {
  if (questions === undefined || Array.isArray(questions)) return questions;
  return Object.entries(questions).map(([name, value]) => ({ name, value }));
}

/**
 * Polls a queued job until it has ended, then reads its messages.
 * @throws AlteryxJobTimeoutError naming the job and its last status when `timeoutMs` runs out
 */
async function waitForJob(
  client: ServerClient,
  queued: JobView,
  { timeoutMs, pollIntervalMs, onStatus }: CheckedWait,
  signal: AbortSignal | undefined,
): Promise<FinishedJob> {
  const jobId = queued.id;
  if (typeof jobId !== "string" || jobId === "") {
    throw new TypeError(
      "runWorkflow(): the server answered a job without an id, which cannot be followed",
    );
  }
  const deadline = performance.now() + timeoutMs;
  const never = new AbortController().signal;
  let job = queued;
  let delay = pollIntervalMs;
  onStatus?.(job);
  while (!hasJobEnded(job.status)) {
    const remaining = deadline - performance.now();
    if (remaining <= 0) {
      throw new AlteryxJobTimeoutError({
        method: "GET",
        origin: new URL(client.baseUrl).origin,
        path: `/v3/jobs/${jobId}`,
        jobId,
        lastStatus: job.status ?? "unknown",
        timeoutMs,
      });
    }
    await abortableSleep(Math.min(delay, remaining), signal ?? never);
    delay = Math.min(delay * 1.5, Math.max(MAX_POLL_INTERVAL_MS, pollIntervalMs));
    const told = job.status;
    job = unwrap(
      await client.GET("/v3/jobs/{jobId}", {
        params: { path: { jobId }, query: { includeMessages: false } },
        signal,
      }),
    );
    if (job.status !== told) onStatus?.(job);
  }
  const messages = unwrap(
    await client.GET("/v3/jobs/{jobId}/messages", { params: { path: { jobId } }, signal }),
  );
  return { ...job, messages: messages ?? [] };
}

/**
 * Queues a run of a workflow's published version. Without `wait`, resolves to the job as
 * queued. With `wait`, polls the job with backoff until its status says it has ended
 * (`Completed`, `Cancelled` or `Error`; the outcome is in `disposition`) and resolves to the
 * final job with the messages of its run; `wait.onStatus` is told each status on the way.
 *
 * @throws AlteryxApiError for a non-2xx answer (403: the caller may not run it; 404: no such
 *   workflow); AlteryxJobTimeoutError when `wait.timeoutMs` runs out (the job goes on)
 * @example
 * const job = await runWorkflow(server, workflowId, {
 *   questions: { Region: "EMEA" }, wait: { timeoutMs: 15 * 60_000 },
 * });
 * console.log(job.status, job.disposition, job.messages.map((m) => m.text));
 */
export async function runWorkflow(
  client: ServerClient,
  workflowId: string,
  options: RunWorkflowOptions & { wait: RunWaitOptions },
): Promise<FinishedJob>;
export async function runWorkflow(
  client: ServerClient,
  workflowId: string,
  options?: RunWorkflowOptions,
): Promise<JobView>;
export async function runWorkflow(
  client: ServerClient,
  workflowId: string,
  options: RunWorkflowOptions = {},
): Promise<JobView | FinishedJob> {
  checkId(workflowId, "workflowId", "runWorkflow()");
  const { wait, signal, questions, ...rest } = options;
  // Checked before the job is queued: a bad wait option must not leave a job running unwatched.
  const timing = wait === undefined ? undefined : checkWait(wait);
  const contract: Schemas["EnqueueJobContract"] = { ...rest };
  const list = questionList(questions);
  if (list !== undefined) contract.questions = list;
  const queued = unwrap(
    await client.POST("/v3/workflows/{workflowId}/jobs", {
      params: { path: { workflowId } },
      body: contract,
      signal,
    }),
  );
  return timing === undefined ? queued : waitForJob(client, queued, timing, wait?.signal);
}
