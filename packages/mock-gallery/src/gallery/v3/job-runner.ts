// Jobs queued through API v3 run on the clock: Queued for the first third of `jobDurationMs`,
// Running until it has passed, then Completed (disposition Success, one output) or Error.
// Nothing runs in the background: every request first settles the pending jobs against
// `state.now()`, so a mock has no timers to stop and a test that waits sees the same states.
// A job fails when one of its question values is "fail" (any case): the documented way for
// tests to get an Error job.
import { galleryDate } from "../dataset/generation.js";
import type { JobRecord, WorkflowRecord } from "../dataset/records.js";
import type { GalleryState } from "../routes/route.js";
import { publishedRevision } from "../views.js";

/** The v3 job priorities, by their number in the record. */
export const PRIORITIES = ["Default", "Low", "Medium", "High", "Critical"] as const;

/** The question value that makes a job end in Error. */
export const FAILING_VALUE = "fail";

/** What a run asks for. */
export interface RunRequest {
  userId: string;
  questions: Array<{ name: string | null; value: string | null }>;
  priority: number;
  workerTag: string | null;
}

/** Queues a run of the workflow's published version; it moves on as time passes. */
export function enqueueJob(
  state: GalleryState,
  workflow: WorkflowRecord,
  run: RunRequest,
): JobRecord {
  const at = state.now();
  const job: JobRecord = {
    id: state.newId(at),
    appId: workflow.id,
    createDate: galleryDate(at),
    status: "Queued",
    disposition: "None",
    outputs: [],
    messages: [],
    priority: run.priority,
    workerTag: run.workerTag ?? workflow.workerTag,
    runWithE2: workflow.isE2,
    run: {
      queuedAt: at,
      durationMs: state.jobDurationMs,
      fails: run.questions.some((q) => q.value?.toLowerCase() === FAILING_VALUE),
      userId: run.userId,
      questions: run.questions,
    },
  };
  state.data.jobs.push(job);
  state.v3.pendingJobs.add(job);
  settleJobs(state);
  return job;
}

/** Moves every pending job to the state its age says. */
export function settleJobs(state: GalleryState): void {
  if (state.v3.pendingJobs.size === 0) return;
  const now = state.now();
  for (const job of state.v3.pendingJobs) {
    const run = job.run;
    if (!run) {
      state.v3.pendingJobs.delete(job);
      continue;
    }
    const age = now - run.queuedAt;
    if (age >= run.durationMs) finish(state, job, run.queuedAt + run.durationMs);
    else if (age >= run.durationMs / 3 && job.status === "Queued") {
      job.status = "Running";
      job.messages = [{ status: 1, text: "Started running", toolId: -1 }];
    }
  }
}

function finish(state: GalleryState, job: JobRecord, at: number): void {
  const run = job.run;
  if (!run) return;
  state.v3.pendingJobs.delete(job);
  const workflow = state.index.workflowById.get(job.appId);
  const seconds = (run.durationMs / 1000).toFixed(1);
  if (run.fails) {
    job.status = "Error";
    job.disposition = "Error";
    job.outputs = [];
    job.messages = [
      { status: 1, text: "Started running", toolId: -1 },
      {
        status: 3,
        text: `Error: a question asked the mock to fail ("${FAILING_VALUE}").`,
        toolId: 1,
      },
      { status: 1, text: `Finished in ${seconds} seconds with 1 error`, toolId: -1 },
    ];
  } else {
    job.status = "Completed";
    job.disposition = "Success";
    job.outputs = [{ id: state.newId(at), formats: ["Raw", "Csv"], name: "Output.csv" }];
    job.messages = [
      { status: 1, text: "Started running", toolId: -1 },
      { status: 1, text: "Output.csv: 1 record written", toolId: 2 },
      { status: 1, text: `Finished in ${seconds} seconds`, toolId: -1 },
    ];
  }
  if (workflow) {
    workflow.runCount++;
    workflow.lastRunDate = job.createDate;
    const revision = publishedRevision(workflow);
    if (revision) revision.runCount++;
  }
}

/** Cancels a job that has not ended; false when it has. */
export function cancelJob(state: GalleryState, job: JobRecord): boolean {
  settleJobs(state);
  if (!state.v3.pendingJobs.delete(job)) return false;
  job.status = "Completed";
  job.disposition = "Cancelled";
  job.messages = [...job.messages, { status: 2, text: "Cancelled by the user", toolId: -1 }];
  return true;
}

/** JobView: the state of a run (messages only when asked). */
export function v3JobView(job: JobRecord, includeMessages: boolean) {
  return {
    id: job.id,
    appId: job.appId,
    createDateTime: job.createDate,
    status: job.status,
    disposition: job.disposition,
    outputs: job.outputs.map((o) => ({ id: o.id, availableFormats: o.formats, fileName: o.name })),
    messages: includeMessages ? job.messages : [],
    priority: PRIORITIES[job.priority] ?? "Default",
    workerTag: job.workerTag,
    runWithE2: job.runWithE2,
  };
}

/** Whether a job has ended: a queued one once it left `pendingJobs`; seeded jobs always have. */
export function hasEnded(state: GalleryState, job: JobRecord): boolean {
  return job.run
    ? !state.v3.pendingJobs.has(job)
    : job.status === "Completed" || job.status === "Error";
}
