/**
 * Tables that fit the terminal: text columns are shortened (widest first, with "…"), columns of
 * ids never are, and neither is any cell holding an id, so every id printed can be copied.
 */
import Table from "cli-table3";

/** A Gallery id (a 24-hex ObjectId) anywhere in a cell. */
const ID = /\b[0-9a-f]{24}\b/i;

/**
 * True for a column that is never shortened: ids (by the name `id`, `appId`, `owner.id`, or by
 * every value) and timestamps (a cut one is as useless as a cut id).
 */
function isWholeColumn(header: string, cells: readonly string[]): boolean {
  if (/(^|\.)id$|Ids?$/.test(header)) return true;
  const values = cells.filter((c) => c !== "");
  return (
    values.length > 0 &&
    (values.every((c) => /^[0-9a-f]{24}$/i.test(c)) ||
      values.every((c) => /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/.test(c)))
  );
}

/**
 * The width below which a column is never shortened: all of it for ids and timestamps, else the
 * longest cell that holds an id (or 8 characters).
 */
export function minimumWidth(header: string, cells: readonly string[], natural: number): number {
  if (isWholeColumn(header, cells)) return natural;
  const withId = cells.filter((c) => ID.test(c)).map((c) => c.length);
  return Math.min(natural, Math.max(8, ...withId));
}

/**
 * Column widths that fit `width` (cli-table3 adds 3 characters per column and 1): the widest
 * shortenable column loses a character at a time. When even the minimums do not fit, the table
 * is wider than the terminal (which wraps it) rather than cut an id.
 */
export function fitWidths(
  natural: readonly number[],
  width: number,
  minimums: readonly number[] = natural.map(() => 8),
): number[] {
  const widths = [...natural];
  const total = () => widths.reduce((a, b) => a + b, 0) + 3 * widths.length + 1;
  while (total() > width) {
    let widest = -1;
    for (let i = 0; i < widths.length; i++) {
      const w = widths[i] ?? 0;
      if (w > (minimums[i] ?? 8) && (widest < 0 || w > (widths[widest] ?? 0))) widest = i;
    }
    if (widest < 0) break;
    widths[widest] = (widths[widest] ?? 0) - 1;
  }
  return widths;
}

/** Options of {@link drawTable}. */
export interface DrawOptions {
  /** Terminal width (no limit by default). */
  width?: number | undefined;
  /** The widest each column may be (by column index; none: its longest cell). */
  maxWidths?: readonly (number | undefined)[];
  /**
   * Colors a cell (`column` is its index in `head`). cli-table3 measures and cuts cells without
   * their escape codes, so colors never count as width.
   */
  style?: (value: string, column: number) => string;
  /** Columns that may be left out, in this order, when the table cannot fit otherwise. */
  droppable?: readonly number[];
}

/** The narrowest a table of these cells can be drawn (every column at its minimum). */
export function minimalTableWidth(head: readonly string[], rows: readonly string[][]): number {
  const minimums = head.map((h, i) => {
    const cells = rows.map((r) => r[i] ?? "");
    return minimumWidth(h, cells, Math.max(h.length, ...cells.map((c) => c.length)));
  });
  return minimums.reduce((a, b) => a + b, 0) + 3 * head.length + 1;
}

/**
 * Draws plain-text cells as a compact table fitted to the width. The fitted widths go to
 * cli-table3 as column widths: it cuts the longer cells with "…" (the one truncation of the CLI).
 */
export function drawTable(
  head: readonly string[],
  rows: readonly string[][],
  options: DrawOptions = {},
): string {
  const width = options.width ?? Number.POSITIVE_INFINITY;
  let keep = head.map((_, i) => i);
  for (const drop of options.droppable ?? []) {
    const pick = (row: readonly string[]) => keep.map((i) => row[i] ?? "");
    if (minimalTableWidth(pick(head), rows.map(pick)) <= width) break;
    keep = keep.filter((i) => i !== drop);
  }
  const shownHead = keep.map((i) => head[i] ?? "");
  const shownRows = rows.map((row) => keep.map((i) => row[i] ?? ""));
  const natural = shownHead.map((h, i) =>
    Math.min(
      Math.max(h.length, ...shownRows.map((r) => (r[i] ?? "").length)),
      options.maxWidths?.[keep[i] ?? i] ?? Number.POSITIVE_INFINITY,
    ),
  );
  const minimums = shownHead.map((h, i) =>
    minimumWidth(
      h,
      shownRows.map((r) => r[i] ?? ""),
      natural[i] ?? 0,
    ),
  );
  const widths = fitWidths(natural, width, minimums);
  const style = options.style ?? ((value: string) => value);
  const table = new Table({
    head: [...shownHead],
    // cli-table3's widths count the padding of one space on each side.
    colWidths: widths.map((w) => w + 2),
    style: { head: [], border: [], compact: true },
    wordWrap: false,
  });
  for (const row of shownRows) table.push(row.map((value, i) => style(value, keep[i] ?? i)));
  return table.toString();
}

/** The width of the terminal stdout is, or undefined (a pipe, or a terminal that reports none). */
export function terminalWidth(stream: NodeJS.WriteStream = process.stdout): number | undefined {
  return stream.isTTY && stream.columns > 0 ? stream.columns : undefined;
}
