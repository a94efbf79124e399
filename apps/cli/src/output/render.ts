/** Prints records as a table, JSON, NDJSON or CSV, with optional --fields. */

import { stringify } from "csv-stringify/sync";
import { UsageError } from "../errors.js";
import { didYouMean } from "../suggest.js";
import { columnsOf, type FlatRow, flatten, knownFields, pickFields } from "./flatten.js";
import { drawTable, minimalTableWidth } from "./table.js";

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
  /**
   * Told which default columns were left out of a table too wide for the terminal even with its
   * text shortened (never when --fields chose the columns).
   */
  onNarrowed?: ((left: string[]) => void) | undefined;
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

/**
 * Refuses a --fields name that no record has (checked on the first records that arrive; an empty
 * answer cannot tell), with the closest real name.
 */
export function checkFields(
  records: readonly unknown[],
  fields: readonly string[] | undefined,
): void {
  if (!fields || records.length === 0) return;
  const { known, nullable } = knownFields(records);
  const parents = (field: string) =>
    field.split(".").map((_, i, parts) => parts.slice(0, i).join("."));
  const unknown = fields.find(
    (field) => !known.has(field) && !parents(field).some((p) => nullable.has(p)),
  );
  if (unknown === undefined) return;
  const topLevel = [...known].filter((name) => !name.includes("."));
  const nested = [...known].find((name) => name.includes("."));
  throw new UsageError(
    `--fields: no field "${unknown}"${didYouMean(unknown, [...known])}; the fields here are ${topLevel.join(", ")}${nested ? ` (nested ones as dotted names, like ${nested})` : ""}`,
  );
}

function text(value: FlatRow[string] | undefined): string {
  if (value === null || value === undefined) return "";
  return String(value).replace(/\s+/g, " ");
}

/** Renders a table of flat rows with the given columns, fitted to `width` (no limit by default). */
export function renderTable(
  rows: readonly FlatRow[],
  columns: readonly string[],
  width = Number.POSITIVE_INFINITY,
): string {
  if (rows.length === 0) return "(no results)\n";
  const cells = rows.map((row) => columns.map((c) => text(row[c])));
  return `${drawTable(columns, cells, { width })}\n`;
}

/**
 * The default columns that fit `width` once text is shortened: the last ones are left out while
 * the table cannot fit otherwise (ids are never cut, so some tables need fewer columns).
 */
export function columnsThatFit(
  rows: readonly FlatRow[],
  columns: readonly string[],
  width: number,
): string[] {
  const kept = [...columns];
  const cells = (cols: readonly string[]) => rows.map((row) => cols.map((c) => text(row[c])));
  while (kept.length > 1 && minimalTableWidth(kept, cells(kept)) > width) kept.pop();
  return kept;
}

/** Prints a list that arrives page by page (`--all`), without holding more than one page. */
export interface StreamRenderer {
  /** The text for the next page of records. */
  page(records: readonly unknown[]): string;
  /** The closing text (the end of the JSON array; for an empty CSV, its empty header line). */
  end(): string;
}

/** Options of {@link createStreamRenderer}. */
export interface StreamRenderOptions {
  format: Exclude<Format, "table">;
  /** Columns picked with --fields (dotted paths), or undefined for every field. */
  fields?: readonly string[] | undefined;
  /**
   * Called once when a later page has CSV columns the header (taken from the first page) lacks;
   * those cells are left out.
   */
  onDroppedColumns?: ((columns: string[]) => void) | undefined;
}

const CSV_OPTIONS = { cast: { boolean: (b: boolean) => String(b) } };

/**
 * Renders a list page by page, with the same output as rendering it whole: JSON as one
 * indented array, NDJSON one line per item, CSV with a header taken from the first page (a table
 * needs every row to size its columns, so it is not streamed).
 */
export function createStreamRenderer(options: StreamRenderOptions): StreamRenderer {
  const { format, fields } = options;
  let count = 0;
  let columns: string[] | undefined;
  let warned = false;
  let checked = false;
  return {
    page(records) {
      if (!checked && records.length > 0) {
        checkFields(records, fields);
        checked = true;
      }
      if (format === "json" || format === "ndjson") {
        const items = fields ? pickFields(records, fields) : records;
        if (format === "ndjson") return items.map((item) => `${JSON.stringify(item)}\n`).join("");
        return items
          .map((item) => {
            // Each item indented as JSON.stringify(array, null, 2) would (strings hold no newlines).
            const body = JSON.stringify(item, null, 2).replace(/^/gm, "  ");
            return `${count++ === 0 ? "[\n" : ",\n"}${body}`;
          })
          .join("");
      }
      const rows = fields ? pickFields(records, fields) : records.map((r) => flatten(r));
      if (rows.length === 0) return "";
      let header: string[][] = [];
      if (columns === undefined) {
        columns = columnsOf(rows);
        header = [columns];
      } else if (!warned) {
        const known = new Set(columns);
        const dropped = columnsOf(rows).filter((c) => !known.has(c));
        if (dropped.length) {
          warned = true;
          options.onDroppedColumns?.(dropped);
        }
      }
      const cols = columns;
      // Arrays of cells, not objects: csv-stringify would read dotted keys as nested paths.
      return stringify(
        [...header, ...rows.map((row) => cols.map((c) => row[c] ?? ""))],
        CSV_OPTIONS,
      );
    },
    end() {
      if (format === "json") return count === 0 ? "[]\n" : "\n]\n";
      if (format === "csv" && columns === undefined) return stringify([[]], CSV_OPTIONS);
      return "";
    },
  };
}

/** Renders records in the chosen format and returns the text to write to stdout. */
export function render(records: readonly unknown[], options: RenderOptions): string {
  const { format, fields } = options;
  if (format !== "table") {
    const renderer = createStreamRenderer({ format, fields });
    return renderer.page(records) + renderer.end();
  }
  checkFields(records, fields);
  const columnsWanted = fields ?? options.tableColumns;
  const rows = columnsWanted ? pickFields(records, columnsWanted) : records.map((r) => flatten(r));
  const all = columnsOf(rows);
  const columns =
    fields || options.width === undefined ? all : columnsThatFit(rows, all, options.width);
  if (columns.length < all.length) options.onNarrowed?.(all.slice(columns.length));
  return renderTable(rows, columns, options.width);
}
