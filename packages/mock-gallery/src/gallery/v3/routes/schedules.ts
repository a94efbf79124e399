// /v3/schedules: list (filters, view), create, get, replace, patch, delete. Schedules are the
// Admin v1 dataset's records; the v3 iteration, questions and run-as credential are kept
// beside them (ScheduleRecord.v3).

import { galleryDate } from "../../dataset/generation.js";
import type { IterationRecord, ScheduleRecord } from "../../dataset/records.js";
import { dateParam } from "../../routes/params.js";
import type { GalleryState, RouteRequest } from "../../routes/route.js";
import { callerId } from "../../routes/route.js";
import { PRIORITIES } from "../job-runner.js";
import { findCredential, findSchedule, findUser, findWorkflow, fullView } from "../lookup.js";
import { type Fields, objectBody } from "../request-body.js";
import { v3BadRequest } from "../v3-error.js";
import { done, json, route, type V3Route } from "../v3-route.js";

const ITERATION_CONTRACT: Record<string, string | undefined> = {
  Once: undefined,
  Daily: undefined,
  Hourly: "hourlyContract",
  Weekly: "weeklyContract",
  Monthly: "monthlyContract",
  Custom: "customContract",
  Cron: "cronContract",
};
const FREQUENCY: Record<string, ScheduleRecord["frequency"]> = {
  Once: "Once",
  Hourly: "Hourly",
  Daily: "Daily",
  Weekly: "Weekly",
  Monthly: "Monthly",
  Custom: "Monthly",
  Cron: "Daily",
};
/** The widest window of runsAfter..runsBefore the server accepts. */
const MAX_WINDOW_MS = 45 * 86_400_000;

function iterationOf(s: ScheduleRecord): IterationRecord {
  return s.v3?.iteration ?? { iterationType: s.frequency, startTime: s.creationTime };
}

/** ReducedScheduleView */
function reducedScheduleView(s: ScheduleRecord) {
  return {
    id: s.id,
    name: s.name,
    workflowId: s.workflowId,
    ownerId: s.ownerId,
    runDateTime: s.nextRunTime,
    timeZone: s.timezone,
  };
}

/** ScheduleView */
function scheduleV3View(s: ScheduleRecord, state: GalleryState) {
  const workflow = state.index.workflowById.get(s.workflowId);
  const iteration = iterationOf(s);
  return {
    id: s.id,
    name: s.name,
    workflowId: workflow && !workflow.isDeleted ? s.workflowId : null,
    versionId: workflow?.publishedRevisionId ?? null,
    ownerId: s.ownerId,
    runDateTime: s.nextRunTime,
    comment: s.comment,
    enabled: s.enabled,
    priority: PRIORITIES[s.priority] ?? "Default",
    workerTag: s.workerTag,
    status: s.lastError ? "Error" : s.enabled ? "Active" : "Disabled",
    credentialId: s.v3?.credentialId ?? null,
    creationTime: s.creationTime,
    lastRunTime: s.lastRunTime,
    state: s.enabled ? "Enabled" : "Disabled",
    runCount: s.runCount,
    iteration: { startTime: iteration.startTime, endTime: iteration.endTime ?? null },
    frequency: iteration.iterationType,
    lastError: s.lastError,
    cpuName: s.cpuName,
    lastModifiedId: s.v3?.lastModifiedId ?? s.ownerId,
    lastModifiedDate: s.v3?.lastModifiedDate ?? s.creationTime,
    canEdit: true,
    timeZone: s.timezone,
    questions: s.v3?.questions ?? [],
  };
}

/** Checks an IterationContract: its type, start time and the contract its type needs. */
function readIteration(raw: Record<string, unknown>): IterationRecord {
  const type = raw.iterationType;
  if (typeof type !== "string" || !(type in ITERATION_CONTRACT)) {
    throw v3BadRequest(
      `iteration.iterationType must be one of ${Object.keys(ITERATION_CONTRACT).join(", ")}.`,
    );
  }
  if (typeof raw.startTime !== "string" || Number.isNaN(Date.parse(raw.startTime))) {
    throw v3BadRequest("iteration.startTime must be a date-time (2024-05-01T06:00:00Z).");
  }
  const needed = ITERATION_CONTRACT[type];
  if (needed && (typeof raw[needed] !== "object" || raw[needed] === null)) {
    throw v3BadRequest(`An iteration of type ${type} needs iteration.${needed}.`);
  }
  return { ...raw, iterationType: type, startTime: raw.startTime } as IterationRecord;
}

function readQuestions(body: Fields) {
  const raw = body.raw.questions;
  if (raw === undefined || raw === null) return undefined;
  if (!Array.isArray(raw)) throw v3BadRequest("questions must be an array of {name, value}.");
  return (raw as Array<Record<string, unknown>>).map((q) => ({
    name: typeof q?.name === "string" ? q.name : null,
    value: typeof q?.value === "string" ? q.value : null,
  }));
}

function priorityOf(body: Fields, fallback: number): number {
  const name = body.string("priority");
  if (name === undefined) return fallback;
  const index = (PRIORITIES as readonly string[]).indexOf(name);
  if (index < 0) throw v3BadRequest(`The priority must be one of ${PRIORITIES.join(", ")}.`);
  return index;
}

/** Applies the fields a PUT or PATCH sent. */
function apply(s: ScheduleRecord, body: Fields, state: GalleryState): void {
  const iterationRaw = body.object("iteration");
  const iteration = iterationRaw ? readIteration(iterationRaw) : iterationOf(s);
  if (body.has("ownerId")) s.ownerId = findUser(state, body.string("ownerId") ?? "", "body").id;
  if (body.has("name")) s.name = body.string("name") ?? s.name;
  if (body.has("comment")) s.comment = body.string("comment") || null;
  s.priority = priorityOf(body, s.priority);
  if (body.has("workerTag")) s.workerTag = body.string("workerTag") || null;
  if (body.has("enabled")) s.enabled = body.boolean("enabled") ?? s.enabled;
  if (body.has("timeZone")) s.timezone = body.string("timeZone") ?? s.timezone;
  const credentialId = body.has("credentialId")
    ? body.string("credentialId") || null
    : (s.v3?.credentialId ?? null);
  if (credentialId) findCredential(state, credentialId, "body");
  s.frequency = FREQUENCY[iteration.iterationType] ?? s.frequency;
  s.nextRunTime = s.enabled
    ? galleryDate(Math.max(Date.parse(iteration.startTime), state.now()))
    : null;
  s.v3 = {
    iteration,
    credentialId,
    questions: readQuestions(body) ?? s.v3?.questions ?? [],
    lastModifiedId: callerId(state),
    lastModifiedDate: galleryDate(state.now()),
  };
}

function create(r: RouteRequest, state: GalleryState) {
  const body = objectBody(r, ["workflowId", "iteration"]);
  const workflow = findWorkflow(state, body.string("workflowId") ?? "", "body");
  const at = state.now();
  const owner = state.data.users[0];
  const schedule: ScheduleRecord = {
    id: state.newId(at),
    workflowId: workflow.id,
    ownerId: owner?.id ?? workflow.ownerId,
    name: body.string("name") || workflow.name,
    comment: null,
    enabled: true,
    priority: 0,
    workerTag: null,
    frequency: "Once",
    creationTime: galleryDate(at),
    lastRunTime: null,
    nextRunTime: null,
    runCount: 0,
    timezone: body.string("timeZone") ?? "UTC",
    lastError: null,
    cpuName: "",
  };
  apply(schedule, body, state);
  state.data.schedules.push(schedule);
  return json(schedule.id, 201);
}

/** The schedule routes. */
export const schedulesV3Routes: V3Route[] = [
  route("GET", "/v3/schedules", (r, _p, state) => {
    const full = fullView(r.query);
    const ownerId = r.query.get("ownerId") || undefined;
    const workflowId = r.query.get("workflowId") || undefined;
    const after = dateParam(r.query, "runsAfter");
    const before = dateParam(r.query, "runsBefore");
    if ((after === undefined) !== (before === undefined)) {
      throw v3BadRequest("runsAfter and runsBefore go together; send both or neither.");
    }
    if (
      after !== undefined &&
      before !== undefined &&
      (before < after || before - after > MAX_WINDOW_MS)
    ) {
      throw v3BadRequest("runsBefore must follow runsAfter by at most 45 days.");
    }
    const list = state.data.schedules.filter((s) => {
      const next = s.nextRunTime ? Date.parse(s.nextRunTime) : undefined;
      return (
        (ownerId === undefined || s.ownerId === ownerId) &&
        (workflowId === undefined || s.workflowId === workflowId) &&
        (after === undefined || (next !== undefined && next >= after && next <= (before ?? next)))
      );
    });
    return json(list.map((s) => (full ? scheduleV3View(s, state) : reducedScheduleView(s))));
  }),
  route("POST", "/v3/schedules", (r, _p, state) => create(r, state)),
  route("GET", "/v3/schedules/{scheduleId}", (_r, { scheduleId = "" }, state) =>
    json(scheduleV3View(findSchedule(state, scheduleId), state)),
  ),
  route("PUT", "/v3/schedules/{scheduleId}", (r, { scheduleId = "" }, state) => {
    const schedule = findSchedule(state, scheduleId);
    const body = objectBody(r, [
      "workflowId",
      "ownerId",
      "iteration",
      "name",
      "comment",
      "priority",
      "workerTag",
      "enabled",
      "credentialId",
    ]);
    const workflow = findWorkflow(state, body.string("workflowId") ?? "", "body");
    apply(schedule, body, state);
    schedule.workflowId = workflow.id;
    return json(scheduleV3View(schedule, state));
  }),
  route("PATCH", "/v3/schedules/{scheduleId}", (r, { scheduleId = "" }, state) => {
    const schedule = findSchedule(state, scheduleId);
    apply(schedule, objectBody(r), state);
    return json(scheduleV3View(schedule, state));
  }),
  route("DELETE", "/v3/schedules/{scheduleId}", (_r, { scheduleId = "" }, state) => {
    const schedule = findSchedule(state, scheduleId);
    state.data.schedules.splice(state.data.schedules.indexOf(schedule), 1);
    for (const c of state.data.collections)
      c.schedules = c.schedules.filter((s) => s.id !== schedule.id);
    return done();
  }),
];
