// A workflow's questions, its jobs (offset/limit) and running it (POST .../jobs).
import type { JobRecord, WorkflowRecord } from "../../dataset/records.js";
import { intParam } from "../../routes/params.js";
import type { GalleryState } from "../../routes/route.js";
import { callerId } from "../../routes/route.js";
import { enqueueJob, FAILING_VALUE, PRIORITIES, v3JobView } from "../job-runner.js";
import { findCredential, findWorkflow } from "../lookup.js";
import { objectBody } from "../request-body.js";
import { v3BadRequest, v3Failure } from "../v3-error.js";
import { json, route, type V3Route } from "../v3-route.js";
import { packageWorkflowType } from "./workflow-views.js";

/**
 * The questions of an analytic app (every App has the same two, so that tests can answer
 * them); a workflow or macro has none. `Outcome` documents how to make a run fail.
 */
export function questionsOf(w: WorkflowRecord) {
  if (packageWorkflowType(w) !== "App") return [];
  return [
    {
      name: "Region",
      questionType: "QuestionDropDown",
      description: "Which region to report on.",
      value: "East",
      multiple: false,
      items: ["East", "West", "North", "South"].map((v) => ({ key: v, value: v })),
    },
    {
      name: "Outcome",
      questionType: "QuestionTextBox",
      description: `Mock only: "${FAILING_VALUE}" makes the run end in Error.`,
      value: "",
      multiple: false,
      items: [],
    },
  ];
}

/** The state a job shows in a workflow's job list (WorkflowJobView.status). */
function listedStatus(j: JobRecord): string {
  if (j.disposition === "Cancelled") return "Cancelled";
  return j.status === "Error" ? "Completed" : j.status;
}

function workflowJobs(state: GalleryState, workflow: WorkflowRecord, query: URLSearchParams) {
  const status = query.get("status") || undefined;
  const result = query.get("resultCode") || undefined;
  const desc = query.get("direction") !== "asc";
  const offset = intParam(query, "offset", 0) ?? 0;
  const limit = intParam(query, "limit", 0);
  const jobs = state.data.jobs
    .filter((j) => j.appId === workflow.id)
    .filter((j) => {
      if (status === "Complete") return j.status === "Completed" || j.status === "Error";
      return status === undefined || j.status === status;
    })
    .filter((j) => result === undefined || j.disposition === result)
    .sort((a, b) => (a.createDate < b.createDate ? -1 : 1) * (desc ? -1 : 1));
  return jobs.slice(offset, limit === undefined ? undefined : offset + limit).map((j) => ({
    id: j.id,
    createDate: j.createDate,
    status: listedStatus(j),
    priority: PRIORITIES[j.priority] ?? "Default",
    workerTag: j.workerTag,
    runWithE2: j.runWithE2,
  }));
}

function checkVersion(w: WorkflowRecord, versionId: string | null): void {
  if (versionId && !w.revisions.some((r) => r.id === versionId)) {
    throw v3BadRequest(`The workflow ${w.id} has no version "${versionId.slice(0, 40)}".`);
  }
}

/** The workflow job and question routes. */
export const workflowJobsV3Routes: V3Route[] = [
  route("GET", "/v3/workflows/{workflowId}/questions", (r, { workflowId = "" }, state) => {
    const workflow = findWorkflow(state, workflowId);
    checkVersion(workflow, r.query.get("versionId"));
    return json(questionsOf(workflow));
  }),
  route("GET", "/v3/workflows/{workflowId}/jobs", (r, { workflowId = "" }, state) =>
    json(workflowJobs(state, findWorkflow(state, workflowId), r.query)),
  ),
  route("POST", "/v3/workflows/{workflowId}/jobs", (r, { workflowId = "" }, state) => {
    const workflow = findWorkflow(state, workflowId);
    const body = r.body.length === 0 ? undefined : objectBody(r);
    if (workflow.runDisabled) {
      throw v3Failure(
        403,
        `Running workflow ${workflow.id} is disabled; enable it before running it.`,
      );
    }
    const rawQuestions = body?.raw.questions ?? [];
    if (
      !Array.isArray(rawQuestions) ||
      rawQuestions.some((q) => typeof q !== "object" || q === null || Array.isArray(q))
    ) {
      throw v3BadRequest('The questions must be an array of {"name": ..., "value": ...} objects.');
    }
    const questions = (rawQuestions as Array<Record<string, unknown>>).map((q) => ({
      name: typeof q.name === "string" ? q.name : null,
      value: typeof q.value === "string" ? q.value : null,
    }));
    const priorityName = body?.string("priority") ?? "Default";
    const priority = (PRIORITIES as readonly string[]).indexOf(priorityName);
    if (priority < 0) throw v3BadRequest(`The priority must be one of ${PRIORITIES.join(", ")}.`);
    const credentialId = body?.string("credentialId");
    if (credentialId) findCredential(state, credentialId, "body");
    const job = enqueueJob(state, workflow, {
      userId: callerId(state),
      questions,
      priority,
      workerTag: body?.string("workerTag") || null,
    });
    return json(v3JobView(job, true));
  }),
];
