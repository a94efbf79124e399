// /v3/jobs: the job queue (offset/limit in a {data, pagination} envelope), one job, its
// messages, and cancelling it.
import type { JobRecord } from "../../dataset/records.js";
import { intParam, listParam } from "../../routes/params.js";
import type { GalleryState } from "../../routes/route.js";
import { callerId } from "../../routes/route.js";
import { cancelJob, hasEnded, PRIORITIES, v3JobView } from "../job-runner.js";
import { boolParam, findJob } from "../lookup.js";
import { v3BadRequest } from "../v3-error.js";
import { done, json, route, type V3Route } from "../v3-route.js";

/** The queue's state names (PagedJobSummaryView.status and the statuses filter). */
function queueStatus(state: GalleryState, j: JobRecord): string {
  return hasEnded(state, j) ? "Complete" : j.status;
}

function submitter(state: GalleryState, j: JobRecord): string {
  return j.run?.userId ?? state.index.workflowById.get(j.appId)?.ownerId ?? "";
}

function jobQueue(state: GalleryState, query: URLSearchParams) {
  const offset = intParam(query, "offset", 0) ?? 0;
  const limit = intParam(query, "limit", 0) ?? 100;
  const all = boolParam(query, "allUsers") ?? false;
  // The caller is the known curator: the mock's credentials are theirs (see README).
  const caller = callerId(state);
  const users = all ? listParam(query, "users") : [caller];
  const statuses = listParam(query, "statuses");
  const names = listParam(query, "workflowNames");
  const priorities = listParam(query, "priorities")?.map((p) =>
    /^\d$/.test(p) ? Number(p) : (PRIORITIES as readonly string[]).indexOf(p),
  );
  const day = (name: string) => {
    const text = query.get(name);
    if (!text) return undefined;
    if (!/^\d{4}-\d\d-\d\d$/.test(text)) {
      throw v3BadRequest(
        `The ${name} query parameter must be a date (yyyy-MM-dd), not "${text.slice(0, 40)}".`,
      );
    }
    return text;
  };
  const before = day("completedBefore");
  const after = day("completedAfter");
  const workflowName = (j: JobRecord) => state.index.workflowById.get(j.appId)?.name ?? "";
  const jobs = state.data.jobs.filter(
    (j) =>
      (users === undefined || users.includes(submitter(state, j))) &&
      (statuses === undefined || statuses.includes(queueStatus(state, j))) &&
      (names === undefined || names.includes(workflowName(j))) &&
      (priorities === undefined || priorities.includes(j.priority)) &&
      (before === undefined || (hasEnded(state, j) && j.createDate.slice(0, 10) < before)) &&
      (after === undefined || (hasEnded(state, j) && j.createDate.slice(0, 10) >= after)),
  );
  const field = query.get("sortField") || "CreateDate";
  const key = (j: JobRecord): string | number =>
    field === "AppName"
      ? workflowName(j)
      : field === "Priority"
        ? j.priority
        : field === "Status"
          ? queueStatus(state, j)
          : j.createDate;
  const sign = query.get("direction") === "asc" ? 1 : -1;
  jobs.sort((a, b) => (key(a) < key(b) ? -sign : key(a) > key(b) ? sign : 0));
  const page = jobs.slice(offset, offset + limit);
  const size = limit || 1;
  const totalPages = Math.ceil(jobs.length / size);
  return {
    data: page.map((j) => ({
      jobId: j.id,
      status: queueStatus(state, j),
      workflowName: workflowName(j),
      workflowId: j.appId,
      submittedBy: submitter(state, j),
      startTime: j.createDate,
      queueTime: j.createDate,
      executionTime: j.run ? `${(j.run.durationMs / 1000).toFixed(1)}s` : null,
      priority: PRIORITIES[j.priority] ?? "Default",
    })),
    pagination: {
      currentPage: Math.floor(offset / size) + 1,
      pageSize: limit,
      totalItems: jobs.length,
      totalPages,
      hasNextPage: offset + page.length < jobs.length,
      hasPreviousPage: offset > 0,
    },
  };
}

/** The job routes. */
export const jobsV3Routes: V3Route[] = [
  route("GET", "/v3/jobs", (r, _p, state) => json(jobQueue(state, r.query))),
  route("GET", "/v3/jobs/{jobId}", (r, { jobId = "" }, state) =>
    json(v3JobView(findJob(state, jobId), boolParam(r.query, "includeMessages") ?? false)),
  ),
  route("DELETE", "/v3/jobs/{jobId}", (_r, { jobId = "" }, state) => {
    const job = findJob(state, jobId);
    if (!cancelJob(state, job)) {
      throw v3BadRequest(
        `The job ${job.id} has already ended (${job.status}); only a queued or running job can be cancelled.`,
      );
    }
    return done();
  }),
  route("GET", "/v3/jobs/{jobId}/messages", (_r, { jobId = "" }, state) =>
    json(findJob(state, jobId).messages),
  ),
];
