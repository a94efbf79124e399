/**
 * `schedules list|forecast|enable|disable` over Server API v3. `schedules` alone keeps today's
 * Admin v1 listing (resources.ts), and `schedules list` falls back to it without v3.
 */
import { unwrap } from "@alteryx-admin/client";
import type { Command } from "commander";
import type { Session } from "../../context.js";
import { UsageError } from "../../errors.js";
import { adminV1Listing } from "../resources.js";
import {
  addOutputOptions,
  example,
  intOption,
  type OutputOptions,
  type PagingOptions,
  printRecords,
  withSession,
} from "../shared.js";
import {
  addApplyOption,
  addFallbackPaging,
  dryRunNotice,
  flagsGiven,
  listOverAdminV1,
  optionsOf,
  refusePagingOnV3,
  requireServerApi,
} from "./command-kit.js";
import {
  FORECAST_MAX_DAYS,
  FORECAST_SLICE_DAYS,
  forecastWindows,
  mergeForecast,
} from "./forecast.js";
import { nameTables } from "./lookups.js";
import { openServerClient, type ServerClient } from "./server-client.js";

/** A schedule as the listings read it (reduced or full: the fields below are in both). */
interface ScheduleRow {
  id: string;
  name?: string | null;
  workflowId?: string | null;
  ownerId?: string | null;
  runDateTime?: string | null;
  timeZone?: string | null;
}

/** Adds the owner's email and the workflow's name to schedules. */
async function withNames<S extends ScheduleRow>(client: ServerClient, schedules: readonly S[]) {
  const names = await nameTables(client);
  return schedules.map((s) => ({
    ...s,
    owner: s.ownerId ? (names.users.get(s.ownerId) ?? null) : null,
    workflow: s.workflowId ? (names.workflows.get(s.workflowId) ?? null) : null,
  }));
}

interface ListOptions extends OutputOptions, PagingOptions {
  owner?: string;
  workflow?: string;
}

async function listSchedules(session: Session, o: ListOptions): Promise<void> {
  const api = await openServerClient(session);
  if (!api) {
    const v3Only = flagsGiven({ "--owner": o.owner, "--workflow": o.workflow });
    return listOverAdminV1(session, "schedules list", adminV1Listing("schedules"), v3Only, o);
  }
  refusePagingOnV3(o, "every schedule");
  session.logger.debug("schedules list: Server API v3 (GET /v3/schedules?view=Full)");
  const schedules = unwrap(
    await api.client.GET("/v3/schedules", {
      params: {
        query: {
          view: "Full",
          ...(o.owner && { ownerId: o.owner }),
          ...(o.workflow && { workflowId: o.workflow }),
        },
      },
    }),
  ) as ScheduleRow[];
  printRecords(
    await withNames(api.client, schedules),
    o,
    ["id", "name", "workflow", "owner", "enabled", "frequency", "runDateTime", "state"],
    session.logger,
  );
}

async function forecast(session: Session, o: OutputOptions & { days: number }): Promise<void> {
  if (o.days < 1 || o.days > FORECAST_MAX_DAYS)
    throw new UsageError(`--days must be between 1 and ${FORECAST_MAX_DAYS}, got ${o.days}`);
  const { client } = await requireServerApi(session, "schedules forecast");
  const windows = forecastWindows(new Date(), o.days);
  session.logger.debug(
    `schedules forecast: ${windows.length} window(s) of at most ${FORECAST_SLICE_DAYS} days (the API's limit)`,
  );
  // One window at a time: they are few (a year is 9), and the server is spared a burst.
  const answers: ScheduleRow[][] = [];
  for (const window of windows)
    answers.push(
      unwrap(await client.GET("/v3/schedules", { params: { query: window } })) as ScheduleRow[],
    );
  const runs = await withNames(client, mergeForecast(answers));
  printRecords(
    runs,
    o,
    ["runDateTime", "name", "id", "workflow", "owner", "timeZone"],
    session.logger,
  );
}

async function setEnabled(
  session: Session,
  id: string,
  enabled: boolean,
  apply: boolean,
): Promise<void> {
  const { client } = await requireServerApi(session, `schedules ${enabled ? "enable" : "disable"}`);
  const found = await client.GET("/v3/schedules/{scheduleId}", {
    params: { path: { scheduleId: id } },
  });
  if (found.response.status === 404)
    throw new UsageError(`no schedule with the id ${id} (alteryx-admin schedules list shows them)`);
  const schedule = unwrap(found);
  const what = `schedule "${schedule.name ?? ""}" (${id})`;
  if (schedule.enabled === enabled) {
    process.stdout.write(`${what} is already ${enabled ? "enabled" : "disabled"}\n`);
    return;
  }
  process.stdout.write(`${apply ? "" : "would "}${enabled ? "enable" : "disable"} ${what}\n`);
  if (!apply) {
    session.logger.info(dryRunNotice(1));
    return;
  }
  const after = unwrap(
    await client.PATCH("/v3/schedules/{scheduleId}", {
      params: { path: { scheduleId: id } },
      body: { enabled },
    }),
  );
  session.logger.info(`${what}: enabled ${schedule.enabled} -> ${after.enabled}`);
}

/** Registers `schedules list|forecast|enable|disable` under the `schedules` command. */
export function registerScheduleCommands(schedules: Command): void {
  const list = schedules
    .command("list")
    .description(
      "schedules with their workflow and owner names (Server API v3; Admin v1 on older servers)",
    )
    .option("--owner <id>", "only schedules of this owner (user id)")
    .option("--workflow <id>", "only schedules of this workflow (id)");
  addFallbackPaging(list, adminV1Listing("schedules"), "every schedule");
  addOutputOptions(list);
  example(
    list,
    "alteryx-admin schedules list",
    "alteryx-admin schedules list --owner 5b1a3c2e8f0d4a6b9c7e5f11 --format csv",
  );
  list.action(
    withSession(async (session, _o: unknown, command: Command) =>
      listSchedules(session, optionsOf(command)),
    ),
  );

  const next = schedules
    .command("forecast")
    .description(
      `the next runs in the coming days (asked in slices of ${FORECAST_SLICE_DAYS} days, the API's limit)`,
    )
    .requiredOption("--days <n>", `days ahead (1-${FORECAST_MAX_DAYS})`, intOption("--days"));
  addOutputOptions(next);
  example(
    next,
    "alteryx-admin schedules forecast --days 7",
    "alteryx-admin schedules forecast --days 90 --format csv > runs.csv",
  );
  next.action(
    withSession(async (session, _o: unknown, command: Command) =>
      forecast(session, optionsOf(command)),
    ),
  );

  for (const enabled of [true, false]) {
    const verb = enabled ? "enable" : "disable";
    const command = schedules
      .command(verb)
      .argument("<schedule>", "the schedule's id")
      .description(`${verb} a schedule (a dry run without --apply)`);
    addApplyOption(command);
    example(command, `alteryx-admin schedules ${verb} 5e3a2b1c0d9e8f7a6b5c4d3e --apply`);
    command.action(
      withSession(async (session, id: string, _o: unknown, c: Command) =>
        setEnabled(session, id, enabled, Boolean(optionsOf<{ apply?: boolean }>(c).apply)),
      ),
    );
  }
}
