/** Helpers shared by the command modules: running with a session, paging, printing lists. */
import { type AdminClient, paginate, unwrap } from "@alteryx-admin/client";
import { type Command, Option } from "commander";
import type { GlobalOptions } from "../context.js";
import { Session } from "../context.js";
import { UsageError } from "../errors.js";
import { FORMATS, parseFields, render, resolveFormat } from "../output/render.js";

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
): void {
  const format = resolveFormat(options.format, Boolean(process.stdout.isTTY));
  const text = render(records, {
    format,
    fields: parseFields(options.fields),
    tableColumns,
    width: process.stdout.isTTY ? (process.stdout.columns ?? 120) : undefined,
  });
  process.stdout.write(text);
}

/** Parses a non-negative integer option. */
export function intOption(name: string): (value: string) => number {
  return (value: string) => {
    if (!/^\d+$/.test(value))
      throw new UsageError(`${name} must be a non-negative integer, got "${value}"`);
    return Number(value);
  };
}

/** A GET on a path chosen at run time (the typed client wants a literal path). */
type LooseGet = (
  path: string,
  init: { params: { query?: Record<string, unknown>; path?: Record<string, string> } },
) => Promise<{ data?: unknown; error?: unknown; response: Response }>;

/** Calls GET on `path` with `query` and returns the data or throws AlteryxApiError. */
export async function getJson<T = unknown>(
  client: AdminClient,
  path: string,
  query?: Record<string, unknown>,
): Promise<T> {
  const get = client.GET as unknown as LooseGet;
  return unwrap(await get(path, { params: { query: dropUndefined(query ?? {}) } })) as T;
}

/** Walks every page of a paged path with the client's paging helper. */
export async function getAll<T = unknown>(
  client: AdminClient,
  path: string,
  query: Record<string, unknown>,
  pageSize: number,
  max = Number.POSITIVE_INFINITY,
): Promise<T[]> {
  const walk = paginate as unknown as (
    client: AdminClient,
    path: string,
    options: { query?: Record<string, unknown>; pageSize?: number },
  ) => AsyncIterable<T>;
  const items: T[] = [];
  for await (const item of walk(client, path, { query: dropUndefined(query), pageSize })) {
    items.push(item);
    if (items.length >= max) break;
  }
  return items;
}

function dropUndefined(query: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(query).filter(([, v]) => v !== undefined));
}

/** How a listing endpoint pages. */
export type PagingStyle = "page" | "offset" | "none";

/** Paging options as parsed by commander. */
export interface PagingOptions {
  all?: boolean;
  page?: number;
  pageSize?: number;
  offset?: number;
  limit?: number;
}

/** Adds the paging flags of a style. */
export function addPagingOptions(command: Command, style: PagingStyle): Command {
  if (style === "none") return command;
  command.option("--all", "walk every page");
  if (style === "page") {
    command
      .option("--page <n>", "zero-based page number", intOption("--page"))
      .option("--page-size <n>", "items per page (default 100)", intOption("--page-size"));
  } else {
    command
      .option("--offset <n>", "items to skip", intOption("--offset"))
      .option("--limit <n>", "items per request (default 100)", intOption("--limit"));
  }
  return command;
}

/** Fetches one page, or every page with --all. */
export async function fetchList(
  client: AdminClient,
  path: string,
  style: PagingStyle,
  filters: Record<string, unknown>,
  paging: PagingOptions,
): Promise<unknown[]> {
  if (style === "none") return getJson<unknown[]>(client, path, filters);
  const size = style === "page" ? paging.pageSize : paging.limit;
  if (paging.all && size === 0) {
    throw new UsageError(
      `--all walks pages of ${style === "page" ? "--page-size" : "--limit"} items; it must be at least 1`,
    );
  }
  if (style === "page") {
    if (paging.all) {
      if (paging.page !== undefined)
        throw new UsageError("--all and --page cannot be used together");
      return getAll(client, path, filters, paging.pageSize ?? 100);
    }
    return getJson<unknown[]>(client, path, {
      ...filters,
      page: paging.page ?? 0,
      pageSize: paging.pageSize ?? 100,
    });
  }
  if (paging.all) {
    if (paging.offset !== undefined)
      throw new UsageError("--all and --offset cannot be used together");
    return getAll(client, path, filters, paging.limit ?? 100);
  }
  return getJson<unknown[]>(client, path, {
    ...filters,
    offset: paging.offset ?? 0,
    limit: paging.limit ?? 100,
  });
}
