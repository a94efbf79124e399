/** Prints records as a table, JSON, NDJSON or CSV, with optional --fields. */

import Table from "cli-table3";
import { stringify } from "csv-stringify/sync";
import { UsageError } from "../errors.js";
import { columnsOf, type FlatRow, flatten, pickFields } from "./flatten.js";

/** The output formats of every listing command. */
export const FORMATS = ["table", "json", "ndjson", "csv"] as const;
/** One of {@link FORMATS}. */
export type Format = (typeof FORMATS)[number];

/** How to print a list. */
export interface RenderOptions {
  format: Format;
  /** Columns picked with --fields (dotted paths), or undefined for the defaults. */
  fields?: readonly string[] | undefined;
  /** Columns shown in a table when --fields is not given (a table of every field is unreadable). */
  tableColumns?: readonly string[] | undefined;
  /** Terminal width for tables; cells are truncated to fit. */
  width?: number | undefined;
}

/**
 * Chooses the output format: the --format value when given, else a table on a terminal and
 * JSON otherwise (so pipes get machine-readable output).
 */
export function resolveFormat(value: string | undefined, isTTY: boolean): Format {
  if (value === undefined) return isTTY ? "table" : "json";
  if ((FORMATS as readonly string[]).includes(value)) return value as Format;
  throw new UsageError(`unknown --format "${value}"; use one of ${FORMATS.join(", ")}`);
}

/** Splits a --fields value ("id,email, metaInfo.name") into trimmed names. */
export function parseFields(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const fields = value
    .split(",")
    .map((f) => f.trim())
    .filter(Boolean);
  if (fields.length === 0)
    throw new UsageError("--fields is empty; give comma-separated names like id,email");
  return fields;
}

function text(value: FlatRow[string] | undefined): string {
  if (value === null || value === undefined) return "";
  return String(value).replace(/\s+/g, " ");
}

function truncate(value: string, max: number): string {
  return value.length > max ? `${value.slice(0, Math.max(1, max - 1))}…` : value;
}

/**
 * Column widths that fit `width`: natural widths, then the widest column shrinks first, down to
 * 8 characters, so narrow columns (ids, flags) stay whole.
 */
export function fitWidths(natural: readonly number[], width: number): number[] {
  const widths = [...natural];
  const total = () => widths.reduce((a, b) => a + b, 0) + 3 * widths.length + 1;
  while (total() > width) {
    let widest = 0;
    for (let i = 1; i < widths.length; i++)
      if ((widths[i] ?? 0) > (widths[widest] ?? 0)) widest = i;
    if ((widths[widest] ?? 0) <= 8) break;
    widths[widest] = (widths[widest] ?? 0) - 1;
  }
  return widths;
}

/** Renders a table of flat rows with the given columns, fitted to `width` (no limit by default). */
export function renderTable(
  rows: readonly FlatRow[],
  columns: readonly string[],
  width = Number.POSITIVE_INFINITY,
): string {
  if (rows.length === 0) return "(no results)\n";
  const cells = rows.map((row) => columns.map((c) => text(row[c])));
  const natural = columns.map((c, i) =>
    Math.max(c.length, ...cells.map((r) => (r[i] ?? "").length)),
  );
  const widths = fitWidths(natural, width);
  const table = new Table({
    head: columns.map((c, i) => truncate(c, widths[i] ?? 8)),
    style: { head: [], border: [], compact: true },
    wordWrap: false,
  });
  for (const row of cells) table.push(row.map((value, i) => truncate(value, widths[i] ?? 8)));
  return `${table.toString()}\n`;
}

/** Renders records in the chosen format and returns the text to write to stdout. */
export function render(records: readonly unknown[], options: RenderOptions): string {
  const { format, fields } = options;
  if (format === "json" || format === "ndjson") {
    const items = fields ? pickFields(records, fields) : records;
    if (format === "json") return `${JSON.stringify(items, null, 2)}\n`;
    return items.map((item) => `${JSON.stringify(item)}\n`).join("");
  }
  const columnsWanted = fields ?? (format === "table" ? options.tableColumns : undefined);
  const rows = columnsWanted ? pickFields(records, columnsWanted) : records.map((r) => flatten(r));
  const columns = columnsOf(rows);
  if (format === "csv") {
    // Arrays of cells, not objects: csv-stringify would read dotted keys as nested paths.
    return stringify([columns, ...rows.map((row) => columns.map((c) => row[c] ?? ""))], {
      cast: { boolean: (b) => String(b) },
    });
  }
  return renderTable(rows, columns, options.width);
}
