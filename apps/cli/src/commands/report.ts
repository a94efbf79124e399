/** `report`: a one-screen summary of a Gallery. */

import { type AdminClient, AlteryxApiError } from "@alteryx-admin/client";
import type { Command } from "commander";
import pc from "picocolors";
import { schemeName } from "../connect/bases.js";
import { UsageError } from "../errors.js";
import type { Logger } from "../log.js";
import { toMinute } from "../output/minute.js";
import { drawTable, terminalWidth } from "../output/table.js";
import { example, getAll, getJson, withSession } from "./shared.js";
import {
  type CurrentServerSection,
  collectCurrentSection,
  formatCurrentSection,
} from "./v3/report-v3.js";
import { openServerClient } from "./v3/server-client.js";

/** The numbers and lists the report shows; also its --format json output. */
export interface GallerySummary {
  gallery: string;
  /** The API and scheme the report was read with ("Admin API v1 over OAuth2"), when known. */
  api?: string;
  generatedAt: string;
  users: { total: number; active: number; curators: number; locked: number };
  subscriptions: { total: number; active: number };
  /** `readyForMigration` is null when the server has no migration routes (before 2018.4). */
  workflows: { total: number; byType: Record<string, number>; readyForMigration: number | null };
  schedules: { total: number; enabled: number };
  collections: number;
  recentJobs: Array<{
    /** The workflow's name, or its id when it is no longer listed (then `workflowDeleted`). */
    workflow: string;
    /** True when the job's workflow is not among the server's workflows: it was deleted. */
    workflowDeleted: boolean;
    status: string;
    disposition: string;
    createDate: string;
  }>;
  recentEvents: Array<{
    /** The entity's name when known (workflow, user email, subscription, collection), else its id. */
    what: string;
    /** True when the entity is of a kind this report lists in full and is not listed: deleted. */
    whatDeleted: boolean;
    /** The email of the user who made the change when known, else the id. */
    by: string;
    timestamp: string;
    entity: string;
    event: string;
    entityId: string;
    userId: string;
  }>;
  /** Sections the server refused (section name to the error), shown as unavailable. */
  unavailable: Record<string, string>;
  /** On a server with Server API v3: inactive users, next runs, the job queue. */
  current?: CurrentServerSection;
}

/** One audit event as the report reads it. */
export interface AuditEventLike {
  timestamp?: string | null;
  entity?: string | null;
  event?: string | null;
  entityId?: string | null;
  userId?: string | null;
}

const newestFirst = (a: string | null | undefined, b: string | null | undefined) =>
  String(b ?? "").localeCompare(String(a ?? ""));

/** Merges events and keeps the `keep` newest. */
function newest(events: AuditEventLike[], more: AuditEventLike[], keep: number): AuditEventLike[] {
  return [...events, ...more].sort((a, b) => newestFirst(a.timestamp, b.timestamp)).slice(0, keep);
}

/**
 * The `keep` newest events of one audit log, holding no more than a page and `keep` events.
 * Reads up to `max` events from the start; a longer log is also read from its end, found by
 * probing page numbers (doubling, then halving: a few requests even for millions of events), as
 * the API has no count and no sort (the Gallery returns the oldest first). `truncated` says that
 * the middle of the log was skipped.
 */
export async function newestEvents(
  fetchPage: (page: number) => Promise<AuditEventLike[]>,
  pageSize: number,
  keep: number,
  max: number,
): Promise<{ events: AuditEventLike[]; truncated: boolean }> {
  let events: AuditEventLike[] = [];
  const firstPages = Math.max(1, Math.ceil(max / pageSize));
  for (let page = 0; page < firstPages; page++) {
    const items = await fetchPage(page);
    events = newest(events, items, keep);
    if (items.length < pageSize) return { events, truncated: false };
  }
  // Longer than `max`: find the last non-empty page (`low` is full or non-empty, `high` empty).
  // Each page read on the way is merged at once and its size kept, so no page is read twice.
  const sizes = new Map<number, number>();
  const read = async (page: number): Promise<number> => {
    const items = await fetchPage(page);
    events = newest(events, items, keep);
    sizes.set(page, items.length);
    return items.length;
  };
  let low = firstPages - 1;
  let high = firstPages;
  for (;;) {
    const count = await read(high);
    if (count === 0) break;
    low = high;
    if (count < pageSize) {
      high = low + 1; // a short page is the last one
      break;
    }
    high *= 2;
  }
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if ((await read(middle)) === 0) high = middle;
    else low = middle;
  }
  // `low` is the last page; read back from it until `keep` events are covered.
  let covered = 0;
  for (let page = low; page >= firstPages && covered < keep; page--) {
    covered += sizes.get(page) ?? (await read(page));
  }
  return { events, truncated: low > firstPages };
}

/**
 * Runs an optional part of the report: an API error other than 401 (an older server without the
 * route, a key without audit rights) becomes a reason instead of failing the whole report.
 */
export async function optional<T>(
  section: string,
  work: Promise<T>,
  unavailable: Record<string, string>,
): Promise<T | undefined> {
  try {
    return await work;
  } catch (error) {
    if (!(error instanceof AlteryxApiError) || error.status === 401) throw error;
    unavailable[section] =
      `${error.method} ${error.path.replace(/\?.*$/, "")} answered HTTP ${error.status}`;
    return undefined;
  }
}

const PACKAGE_TYPES: Record<number, string> = { 0: "apps", 1: "workflows", 2: "macros" };
/** Audit entities shown as recent events; at most this many events per entity are read. */
const EVENT_ENTITIES = ["AppInfo", "User", "Subscription", "Collection"];
const MAX_EVENTS_PER_ENTITY = 5000;
const EVENTS_PAGE_SIZE = 500;

interface U {
  id: string;
  email?: string | null;
  active?: boolean;
  curator?: boolean;
  accountLocked?: boolean;
}

/** Fetches everything the report needs, in parallel. */
export async function collectSummary(
  client: AdminClient,
  gallery: string,
  recent: number,
): Promise<GallerySummary> {
  const unavailable: Record<string, string> = {};
  const [users, subscriptions, workflows, schedules, collections, migratable, jobs, events] =
    await Promise.all([
      getAll<U>(client, "/users/", {}, 500),
      getAll<{ id: string; name?: string | null; active?: boolean }>(
        client,
        "/subscriptions/",
        {},
        500,
      ),
      getAll<{
        id: string;
        packageType?: number;
        metaInfo?: { name?: string | null } | null;
        fileName?: string | null;
      }>(client, "/workflows/", {}, 500),
      getAll<{ enabled?: boolean }>(client, "/schedules/", {}, 500),
      getAll<{ id: string; name?: string | null }>(client, "/collections/", {}, 500),
      optional(
        "readyForMigration",
        getJson<unknown[]>(client, "/workflows/migratable/"),
        unavailable,
      ),
      optional(
        "recentJobs",
        getJson<
          Array<{
            appId?: string | null;
            status?: string | null;
            disposition?: string | null;
            createDate?: string | null;
          }>
        >(client, "/workflows/jobs/", { includeMessages: false }),
        unavailable,
      ),
      optional(
        "recentEvents",
        Promise.all(
          EVENT_ENTITIES.map(async (entity) => ({
            entity,
            ...(await newestEvents(
              (page) =>
                getJson<AuditEventLike[]>(client, "/auditlog/", {
                  entity,
                  page,
                  pageSize: EVENTS_PAGE_SIZE,
                }),
              EVENTS_PAGE_SIZE,
              recent,
              MAX_EVENTS_PER_ENTITY,
            )),
          })),
        ),
        unavailable,
      ),
    ]);
  return buildSummary(
    gallery,
    recent,
    { users, subscriptions, workflows, schedules, collections, migratable, jobs, events },
    unavailable,
  );
}

/** What {@link collectSummary} fetched, before it is counted and labelled. */
interface Fetched {
  users: U[];
  subscriptions: Array<{ id: string; name?: string | null; active?: boolean }>;
  workflows: Array<{
    id: string;
    packageType?: number;
    metaInfo?: { name?: string | null } | null;
    fileName?: string | null;
  }>;
  schedules: Array<{ enabled?: boolean }>;
  collections: Array<{ id: string; name?: string | null }>;
  migratable: unknown[] | undefined;
  jobs:
    | Array<{
        appId?: string | null;
        status?: string | null;
        disposition?: string | null;
        createDate?: string | null;
      }>
    | undefined;
  events: Array<{ entity: string; events: AuditEventLike[] }> | undefined;
}

/** Counts what was fetched, and names the ids of jobs and events with what the report listed. */
function buildSummary(
  gallery: string,
  recent: number,
  { users, subscriptions, workflows, schedules, collections, migratable, jobs, events }: Fetched,
  unavailable: Record<string, string>,
): GallerySummary {
  const names = new Map(workflows.map((w) => [w.id, w.metaInfo?.name ?? w.fileName ?? w.id]));
  // Audit events carry ids only; name what this report already fetched.
  const labels = new Map<string, string>([
    ...names,
    ...users.filter((u) => u.email).map((u): [string, string] => [u.id, String(u.email)]),
    ...subscriptions.filter((x) => x.name).map((x): [string, string] => [x.id, String(x.name)]),
    ...collections.filter((x) => x.name).map((x): [string, string] => [x.id, String(x.name)]),
  ]);
  const label = (id: string | null | undefined) => (id ? (labels.get(id) ?? id) : "");
  // The report lists every workflow, user, subscription and collection: an id of those kinds
  // that is not among them belongs to something deleted since (jobs and the audit log keep it).
  const listed = new Set(
    [...workflows, ...users, ...subscriptions, ...collections].map((x) => x.id),
  );
  const deleted = (entity: string | null | undefined, id: string | null | undefined) =>
    Boolean(id) && EVENT_ENTITIES.includes(entity ?? "") && !listed.has(id as string);
  const byType: Record<string, number> = {};
  for (const w of workflows) {
    const type = PACKAGE_TYPES[w.packageType ?? -1] ?? "other";
    byType[type] = (byType[type] ?? 0) + 1;
  }
  return {
    gallery,
    generatedAt: new Date().toISOString(),
    users: {
      total: users.length,
      active: users.filter((u) => u.active).length,
      curators: users.filter((u) => u.curator).length,
      locked: users.filter((u) => u.accountLocked).length,
    },
    subscriptions: {
      total: subscriptions.length,
      active: subscriptions.filter((s) => s.active).length,
    },
    workflows: {
      total: workflows.length,
      byType,
      readyForMigration: migratable ? migratable.length : null,
    },
    schedules: { total: schedules.length, enabled: schedules.filter((s) => s.enabled).length },
    collections: collections.length,
    recentJobs: [...(jobs ?? [])]
      .sort((a, b) => newestFirst(a.createDate, b.createDate))
      .slice(0, recent)
      .map((j) => ({
        workflow: (j.appId && names.get(j.appId)) || j.appId || "",
        workflowDeleted: deleted("AppInfo", j.appId),
        status: j.status ?? "",
        disposition: j.disposition ?? "",
        createDate: j.createDate ?? "",
      })),
    recentEvents: (events ?? [])
      .flatMap((e) => e.events)
      .sort((a, b) => newestFirst(a.timestamp, b.timestamp))
      .slice(0, recent)
      .map((e) => ({
        timestamp: e.timestamp ?? "",
        entity: e.entity ?? "",
        event: e.event ?? "",
        entityId: e.entityId ?? "",
        userId: e.userId ?? "",
        what: label(e.entityId),
        whatDeleted: deleted(e.entity, e.entityId),
        by: label(e.userId),
      })),
    unavailable,
  };
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

/** Renders the summary for a terminal (colors when `colors` has them), tables fitted to `width`. */
export function formatSummary(
  s: GallerySummary,
  colors: Logger["colors"],
  source: string,
  width?: number,
): string {
  const label = (text: string) => colors.bold(text.padEnd(15));
  const num = (n: number) => String(n).padStart(5);
  const types = Object.entries(s.workflows.byType)
    .sort(([, a], [, b]) => b - a)
    .map(([type, n]) => plural(n, type.replace(/s$/, "")))
    .join(", ");
  const lines = [
    `${colors.bold("Alteryx Gallery")}  ${s.gallery}${source || s.api ? colors.dim(`  (${[source, s.api].filter(Boolean).join("; ")})`) : ""}`,
    "",
    `${label("Users")}${num(s.users.total)}  ${colors.dim(`${s.users.active} active, ${plural(s.users.curators, "curator")}, ${s.users.locked} locked`)}`,
    `${label("Subscriptions")}${num(s.subscriptions.total)}  ${colors.dim(`${s.subscriptions.active} active`)}`,
    `${label("Workflows")}${num(s.workflows.total)}  ${colors.dim(`${types || "none"}; ${s.workflows.readyForMigration === null ? "ready for migration: unavailable" : `${s.workflows.readyForMigration} ready for migration`}`)}`,
    `${label("Schedules")}${num(s.schedules.total)}  ${colors.dim(`${s.schedules.enabled} enabled`)}`,
    `${label("Collections")}${num(s.collections)}`,
    "",
  ];
  const statusColor = (status: string) =>
    /error|fail/i.test(status)
      ? colors.red(status)
      : /success|complete/i.test(status)
        ? colors.green(status)
        : colors.yellow(status);
  const table = (
    head: string[],
    rows: string[][],
    options: { colored?: number[]; maxWidths?: Array<number | undefined>; droppable?: number[] },
  ) =>
    drawTable(head, rows, {
      width,
      droppable: options.droppable ?? [],
      maxWidths: options.maxWidths ?? [],
      style: (value, column) => (options.colored?.includes(column) ? statusColor(value) : value),
    });
  lines.push(colors.bold("Most recent jobs"));
  lines.push(
    s.recentJobs.length
      ? table(
          ["created", "workflow", "status", "disposition"],
          s.recentJobs.map((j) => [
            toMinute(j.createDate),
            j.workflowDeleted ? `(deleted) ${j.workflow}` : j.workflow,
            j.status,
            j.disposition,
          ]),
          { colored: [2, 3], maxWidths: [undefined, 40] },
        )
      : colors.dim(
          s.unavailable.recentJobs ? `  (unavailable: ${s.unavailable.recentJobs})` : "  (no jobs)",
        ),
  );
  if (s.current) lines.push("", ...formatCurrentSection(s.current, colors));
  lines.push("", colors.bold("Recent audit events"));
  lines.push(
    s.recentEvents.length
      ? table(
          ["when", "entity", "event", "what", "by"],
          s.recentEvents.map((e) => [
            toMinute(e.timestamp),
            e.entity,
            e.event,
            e.whatDeleted ? `(deleted) ${e.what}` : e.what,
            e.by,
          ]),
          {
            maxWidths: [undefined, undefined, undefined, 36, 36],
            // "what" names the entity too: the first column to go on a narrow terminal.
            droppable: [1],
          },
        )
      : colors.dim(
          s.unavailable.recentEvents
            ? `  (unavailable: ${s.unavailable.recentEvents})`
            : "  (no events)",
        ),
  );
  return `${lines.join("\n")}\n`;
}

/** The report's v3 section: users without a sign-in for this many days... */
const INACTIVE_DAYS = 90;
/** ...and the scheduled runs of this many days ahead. */
const FORECAST_DAYS = 7;

/** Registers `report`. */
export function registerReportCommand(program: Command): void {
  const command = program
    .command("report")
    .description(
      "a one-screen summary: users, subscriptions, workflows, schedules, recent jobs and audit events",
    )
    .option("--format <format>", "table (default on a terminal) or json")
    .option(
      "--recent <n>",
      "how many recent jobs and events to show",
      (v) => {
        if (!/^\d+$/.test(v) || Number(v) < 1)
          throw new UsageError(`--recent must be a positive integer, got "${v}"`);
        return Number(v);
      },
      5,
    );
  example(
    command,
    "alteryx-admin report",
    "alteryx-admin --profile prod report --format json > gallery-summary.json",
  );
  command.action(
    withSession(async (session, options: { format?: string; recent: number }) => {
      const format = options.format ?? "table";
      if (format !== "table" && format !== "json")
        throw new UsageError(`report --format is table or json, got "${format}"`);
      const { client, target, apis } = await session.connect();
      // The v3 sections (on servers that have v3, the demo Gallery included) are read beside the
      // Admin v1 ones: the report waits for the slower of the two, not for both in turn.
      const v3 = await openServerClient(session);
      const unavailable: Record<string, string> = {};
      const [summary, current] = await Promise.all([
        collectSummary(client, target.url, options.recent),
        v3
          ? optional(
              "current",
              collectCurrentSection(v3.client, {
                inactiveDays: INACTIVE_DAYS,
                forecastDays: FORECAST_DAYS,
                recent: options.recent,
              }),
              unavailable,
            )
          : undefined,
      ]);
      Object.assign(summary.unavailable, unavailable);
      summary.api = `Admin API v1 over ${schemeName(apis.scheme)}`;
      if (current) {
        summary.current = current;
        summary.api = `Admin API v1 and Server API v3 over ${schemeName(apis.scheme)}`;
      }
      if (format === "json") process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
      else {
        const colors = pc.createColors(Boolean(process.stdout.isTTY) && !process.env.NO_COLOR);
        process.stdout.write(formatSummary(summary, colors, target.label, terminalWidth()));
      }
    }),
  );
}
