/** Helpers shared by the command modules: running with a session, paging, printing lists. */
import { once } from "node:events";
import {
  ADMIN_V1_PAGING,
  type AdminClient,
  DEFAULT_PAGE_SIZE,
  type ListPath,
  type PagingRule,
  paginatePages,
  type RuntimeQuery,
} from "@alteryx-admin/client";
import { type Command, Option } from "commander";
import type { GlobalOptions } from "../context.js";
import { Session } from "../context.js";
import { UsageError } from "../errors.js";
import type { Logger } from "../log.js";
import {
  createStreamRenderer,
  FORMATS,
  parseFields,
  render,
  resolveFormat,
} from "../output/render.js";
import { terminalWidth } from "../output/table.js";

/** Options of commands that print a list. */
export interface OutputOptions {
  format?: string;
  fields?: string;
}

/** Adds --format and --fields. */
export function addOutputOptions(command: Command): Command {
  return command
    .addOption(
      new Option(
        "--format <format>",
        "output format (default: table on a terminal, json otherwise)",
      ).choices(FORMATS),
    )
    .option(
      "--fields <list>",
      "comma-separated fields to print; nested fields as dotted names (metaInfo.name)",
    );
}

/** Adds an example section to a command's --help. */
export function example(command: Command, ...lines: string[]): Command {
  return command.addHelpText("after", `\nExamples:\n${lines.map((l) => `  $ ${l}`).join("\n")}\n`);
}

/**
 * Runs a command body with a session built from the global options, and always closes it
 * (embedded mocks included) so the process can exit.
 */
export function withSession<A extends unknown[]>(
  body: (session: Session, ...args: A) => Promise<void>,
): (...args: A) => Promise<void> {
  return async (...args: A) => {
    const command = args[args.length - 1] as Command;
    const session = new Session(command.optsWithGlobals<GlobalOptions>());
    try {
      await body(session, ...args);
    } finally {
      await session.close();
    }
  };
}

/** Prints records to stdout in the format the options ask for. */
export function printRecords(
  records: readonly unknown[],
  options: OutputOptions,
  tableColumns: readonly string[],
  logger?: Logger,
): void {
  const format = resolveFormat(options.format, Boolean(process.stdout.isTTY));
  const text = render(records, {
    format,
    fields: parseFields(options.fields),
    tableColumns,
    width: terminalWidth(),
    onNarrowed: (left) =>
      logger?.info(
        `left out to fit the terminal: ${left.join(", ")} (pick columns with --fields; --format json has every field)`,
      ),
  });
  process.stdout.write(text);
}

/** What a detail command (`jobs show`, `users show`, `groups show`) prints of one thing. */
export interface Detail {
  /** JSON without --fields prints this whole, as one document; without it, JSON lists the rows. */
  document?: unknown;
  /** A table's line above the rows (never in front of JSON, NDJSON or CSV). */
  heading?: string;
  /** The records the formats print, and the table's columns when --fields is not given. */
  rows: readonly unknown[];
  columns: readonly string[];
  /** A table keeps every one of `columns`, shortening text instead of leaving columns out. */
  keepColumns?: boolean;
  /** A table's lines below the rows (a job's messages), each ending with a newline. */
  footer?: string;
  /** A table's line in place of an empty table. */
  empty?: string;
}

/**
 * Prints a detail in the format the options ask for (table on a terminal, JSON otherwise): the
 * one place the detail commands read --format, so a heading or footer never lands in JSON.
 */
export function printDetail(detail: Detail, options: OutputOptions, logger?: Logger): void {
  const format = resolveFormat(options.format, Boolean(process.stdout.isTTY));
  if (format === "json" && !options.fields && detail.document !== undefined) {
    process.stdout.write(`${JSON.stringify(detail.document, null, 2)}\n`);
    return;
  }
  const table = format === "table";
  if (table && detail.heading !== undefined) process.stdout.write(`${detail.heading}\n`);
  if (table && detail.rows.length === 0 && detail.empty !== undefined) {
    process.stdout.write(`${detail.empty}\n`);
    return;
  }
  const fields =
    table && detail.keepColumns ? (options.fields ?? detail.columns.join(",")) : options.fields;
  printRecords(detail.rows, { ...options, fields }, detail.columns, logger);
  if (table && detail.footer) process.stdout.write(detail.footer);
}

/** Parses a non-negative integer option. */
export function intOption(name: string): (value: string) => number {
  return (value: string) => {
    if (!/^\d+$/.test(value))
      throw new UsageError(`${name} must be a non-negative integer, got "${value}"`);
    return Number(value);
  };
}

/** How a listing endpoint pages: the spec's x-paging style, from the client's generated table. */
export type PagingStyle = PagingRule["style"];

/** How a route pages (the client's table covers every list route). */
export function pagingStyleOf(path: ListPath): PagingStyle {
  return ADMIN_V1_PAGING[path].style;
}

/**
 * One GET of a list route with `query` as given (paging parameters included): the answer's
 * items, or AlteryxApiError. The client's paging walk serves it, stopped after its first page.
 */
export async function getJson<T = unknown[]>(
  client: AdminClient,
  path: ListPath,
  query: Record<string, unknown> = {},
): Promise<T> {
  const rule: PagingRule = ADMIN_V1_PAGING[path];
  const rest = dropUndefined(query);
  const walk: { query: RuntimeQuery; start?: number; pageSize?: number } = { query: rest };
  if (rule.pageParam !== undefined && rule.sizeParam !== undefined) {
    walk.start = Number(rest[rule.pageParam] ?? 0);
    walk.pageSize = Number(rest[rule.sizeParam] ?? DEFAULT_PAGE_SIZE);
    delete rest[rule.pageParam];
    delete rest[rule.sizeParam];
  }
  const items: unknown[] = [];
  for await (const page of paginatePages(client, path, walk)) {
    items.push(...page);
    break;
  }
  return items as T;
}

/**
 * The pages of a list route, one array at a time, from the client's paging helper; `start` is
 * the first page number or offset (default 0).
 */
export function pages<T = unknown>(
  client: AdminClient,
  path: ListPath,
  query: Record<string, unknown>,
  pageSize: number,
  start?: number,
): AsyncIterable<T[]> {
  const paged = ADMIN_V1_PAGING[path].style !== "none";
  return paginatePages(client, path, {
    query: dropUndefined(query),
    ...(paged ? { pageSize, ...(start === undefined ? {} : { start }) } : {}),
  }) as AsyncIterable<T[]>;
}

/** Walks every page of a list route (from `start`, see {@link pages}) and returns the items. */
export async function getAll<T = unknown>(
  client: AdminClient,
  path: ListPath,
  query: Record<string, unknown>,
  pageSize: number,
  start?: number,
): Promise<T[]> {
  const items: T[] = [];
  for await (const page of pages<T>(client, path, query, pageSize, start)) items.push(...page);
  return items;
}

/** The query without its undefined values (flags not given), as the run-time query type. */
function dropUndefined(query: Record<string, unknown>): RuntimeQuery {
  const result: RuntimeQuery = {};
  for (const [name, value] of Object.entries(query)) {
    if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") {
      result[name] = value;
    }
  }
  return result;
}

/** Paging options as parsed by commander. */
export interface PagingOptions {
  all?: boolean;
  page?: number;
  pageSize?: number;
  offset?: number;
  limit?: number;
}

/** Adds the paging flags of the route's paging style (none for a route that does not page). */
export function addPagingOptions(command: Command, path: ListPath): Command {
  const style = pagingStyleOf(path);
  if (style === "none") return command;
  command.option("--all", "walk every page");
  if (style === "page") {
    command
      .option("--page <n>", "zero-based page number", intOption("--page"))
      .option(
        "--page-size <n>",
        `items per page (default ${DEFAULT_PAGE_SIZE})`,
        intOption("--page-size"),
      );
  } else {
    command
      .option("--offset <n>", "items to skip", intOption("--offset"))
      .option(
        "--limit <n>",
        `items per request (default ${DEFAULT_PAGE_SIZE})`,
        intOption("--limit"),
      );
  }
  return command;
}

/**
/**
 * The smallest page size each paged route accepts, as its spec says (`minimum` of the size
 * parameter; a unit test keeps this table equal to openapi/admin-v1.yaml). Elsewhere 0 means
 * "every item". No route declares a maximum.
 */
export const PAGE_SIZE_MINIMUM: Readonly<Partial<Record<ListPath, number>>> = {
  "/auditlog/": 1,
};

/**
 * Checks the paging flags before anything connects: a page size the API refuses, and --all, which
 * walks pages of at least one item and does not mix with a page or offset of its own.
 */
export function checkPaging(style: PagingStyle, paging: PagingOptions, path?: ListPath): void {
  if (style === "none") return;
  const size = style === "page" ? paging.pageSize : paging.limit;
  const sizeFlag = style === "page" ? "--page-size" : "--limit";
  const minimum = (path && PAGE_SIZE_MINIMUM[path]) ?? 0;
  if (size !== undefined && size < minimum)
    throw new UsageError(
      `${sizeFlag} ${size} is refused by the API for ${path}: use ${minimum} or more (it has no maximum)`,
    );
  if (size === 0 && style === "page" && (paging.page ?? 0) > 0)
    throw new UsageError(
      `--page-size 0 puts every item on one page; --page ${paging.page} does not apply (leave it out)`,
    );
  if (!paging.all) return;
  if (size === 0)
    throw new UsageError(`--all walks pages of ${sizeFlag} items; it must be at least 1`);
  const start = style === "page" ? paging.page : paging.offset;
  if (start !== undefined)
    throw new UsageError(
      `--all and ${style === "page" ? "--page" : "--offset"} cannot be used together`,
    );
}

/** Fetches one page (the whole list for routes that do not page). */
export async function fetchPage(
  client: AdminClient,
  path: ListPath,
  style: PagingStyle,
  filters: Record<string, unknown>,
  paging: PagingOptions,
): Promise<unknown[]> {
  if (style === "none") return getJson<unknown[]>(client, path, filters);
  const size = pageSizeOf(style, paging);
  // 0 is the API's "every item" (from the offset on): the client's walk refuses a page size of
  // 0, so it reads them page by page (checkPaging refuses a later page with it).
  if (size === 0) return getAll(client, path, filters, DEFAULT_PAGE_SIZE, paging.offset);
  const query =
    style === "page"
      ? { page: paging.page ?? 0, pageSize: size }
      : { offset: paging.offset ?? 0, limit: size };
  return getJson<unknown[]>(client, path, { ...filters, ...query });
}

/** Writes to stdout and waits when the pipe is full, so a slow reader bounds the memory used. */
async function writeOut(text: string): Promise<void> {
  if (text && !process.stdout.write(text)) await once(process.stdout, "drain");
}

/** What a listing command prints: its route and its default table columns (how it pages follows from the route). */
export interface ListingSpec {
  path: ListPath;
  columns: readonly string[];
}

/**
 * The body of every listing command: connects, fetches and prints. With --all, JSON, NDJSON and
 * CSV are written page by page as the pages arrive (memory stays at one page); a table needs
 * every row to size its columns, so it is printed at the end.
 */
export async function printListing(
  session: Session,
  spec: ListingSpec,
  filters: Record<string, unknown>,
  options: OutputOptions & PagingOptions,
): Promise<void> {
  const style = pagingStyleOf(spec.path);
  checkPaging(style, options, spec.path);
  const format = resolveFormat(options.format, Boolean(process.stdout.isTTY));
  const fields = parseFields(options.fields);
  const { client } = await session.connect();
  if (!options.all || style === "none" || format === "table") {
    const records =
      options.all && style !== "none"
        ? await getAll(client, spec.path, filters, pageSizeOf(style, options))
        : await fetchPage(client, spec.path, style, filters, options);
    printRecords(records, options, spec.columns, session.logger);
    return;
  }
  const renderer = createStreamRenderer({
    format,
    fields,
    onDroppedColumns: (columns) =>
      session.logger.warn(
        `later pages have fields the CSV header lacks (${columns.join(", ")}); pick the columns with --fields`,
      ),
  });
  for await (const page of pages(client, spec.path, filters, pageSizeOf(style, options)))
    await writeOut(renderer.page(page));
  await writeOut(renderer.end());
}

function pageSizeOf(style: PagingStyle, paging: PagingOptions): number {
  return (style === "page" ? paging.pageSize : paging.limit) ?? DEFAULT_PAGE_SIZE;
}
