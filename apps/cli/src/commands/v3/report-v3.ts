/**
 * What `report` adds on a server with Server API v3: inactive users, the next scheduled runs and
 * the job queue. Three calls in all (users, one forecast window, one page of the queue), made in
 * parallel, so the report stays quick.
 */

import { unwrap } from "@alteryx-admin/client";
import type { Logger } from "../../log.js";
import { toMinute } from "../../output/minute.js";
import { FORECAST_SLICE_DAYS, forecastWindows, mergeForecast } from "./forecast.js";
import { inactiveUsers } from "./inactivity.js";
import type { ServerClient, V3 } from "./server-client.js";

/** The report's v3 section; also part of its --format json output (`current`). */
export interface CurrentServerSection {
  inactiveDays: number;
  /** Active users without a sign-in for `inactiveDays` days (or never): how many, and the longest. */
  inactiveUsers: {
    total: number;
    activeUsers: number;
    longest: Array<{ email: string; lastLogin: string | null }>;
  };
  forecastDays: number;
  nextRuns: Array<{ runDateTime: string; schedule: string; id: string }>;
  /** Jobs queued or running now (the first page of the queue). */
  queue: {
    total: number;
    jobs: Array<{ workflow: string; status: string; submittedBy: string; queueTime: string }>;
  };
}

/** Options of {@link collectCurrentSection}. */
export interface CurrentSectionOptions {
  inactiveDays: number;
  forecastDays: number;
  /** Rows per list. */
  recent: number;
  now?: Date;
}

/** Reads the v3 section (three calls). */
export async function collectCurrentSection(
  client: ServerClient,
  options: CurrentSectionOptions,
): Promise<CurrentServerSection> {
  const now = options.now ?? new Date();
  // One window only: a report's "next runs" is days ahead, well inside the API's 45 days.
  const window = forecastWindows(now, Math.min(options.forecastDays, FORECAST_SLICE_DAYS))[0];
  const [users, schedules, queue] = await Promise.all([
    client.GET("/v3/users", { params: { query: { active: true, view: "Full" } } }).then(unwrap),
    client.GET("/v3/schedules", { params: { query: { ...window } } }).then(unwrap),
    client
      .GET("/v3/jobs", {
        params: {
          query: {
            allUsers: true,
            statuses: ["Queued", "Initializing", "Running"],
            limit: options.recent,
            sortField: "CreateDate",
            direction: "asc",
          },
        },
      })
      .then(unwrap),
  ]);
  const inactive = inactiveUsers(users as V3["schemas"]["UserView"][], options.inactiveDays, now);
  const runs = mergeForecast([schedules]);
  return {
    inactiveDays: options.inactiveDays,
    inactiveUsers: {
      total: inactive.length,
      activeUsers: users.length,
      longest: inactive
        .slice(0, options.recent)
        .map((u) => ({ email: u.user.email ?? u.user.id, lastLogin: u.lastLogin })),
    },
    forecastDays: options.forecastDays,
    nextRuns: runs
      .slice(0, options.recent)
      .map((s) => ({ runDateTime: s.runDateTime as string, schedule: s.name ?? s.id, id: s.id })),
    queue: {
      total: queue.pagination?.totalItems ?? queue.data?.length ?? 0,
      jobs: (queue.data ?? []).map((j) => ({
        workflow: j.workflowName ?? j.workflowId ?? "",
        status: j.status ?? "",
        submittedBy: j.submittedBy ?? "",
        queueTime: j.queueTime ?? "",
      })),
    },
  };
}

/** A timestamp to the minute, in UTC, as the rest of the report shows them. */
function when(iso: string | null): string {
  return iso ? toMinute(iso) : "never";
}

/** The section's lines for a terminal. */
export function formatCurrentSection(s: CurrentServerSection, colors: Logger["colors"]): string[] {
  const dim = (text: string) => colors.dim(text);
  const lines = [
    colors.bold(`Inactive users (no sign-in for ${s.inactiveDays} days)`),
    `  ${s.inactiveUsers.total} of ${s.inactiveUsers.activeUsers} active users${s.inactiveUsers.total ? dim("  (alteryx-admin users inactive --days N lists them with their assets)") : ""}`,
    ...s.inactiveUsers.longest.map(
      (u) => `  ${u.email}  ${dim(`last sign-in ${when(u.lastLogin)}`)}`,
    ),
    "",
    colors.bold(`Next scheduled runs (${s.forecastDays} days)`),
    ...(s.nextRuns.length
      ? s.nextRuns.map((r) => `  ${when(r.runDateTime)}  ${r.schedule}`)
      : [dim("  (none)")]),
    "",
    colors.bold("Job queue"),
    ...(s.queue.jobs.length
      ? [
          `  ${s.queue.total} queued or running`,
          ...s.queue.jobs.map(
            (j) =>
              `  ${j.status.padEnd(12)} ${j.workflow}  ${dim(`${j.submittedBy}, queued ${when(j.queueTime)}`)}`,
          ),
        ]
      : [dim("  (empty)")]),
  ];
  return lines;
}
