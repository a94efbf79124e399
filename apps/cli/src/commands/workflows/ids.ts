/** Parsing the id and date arguments of the workflow commands. */
import { UsageError } from "../../errors.js";

/** Server ids are 24 hex digits (ObjectIds); anything else is a name or an email to look up. */
export function looksLikeId(value: string): boolean {
  return /^[0-9a-f]{24}$/i.test(value);
}

/** Checks a comma-separated list of 24-hex-digit ids. */
export function parseIdList(value: string, flag: string): string {
  const ids = value
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  const bad = ids.find((id) => !looksLikeId(id));
  if (bad !== undefined || ids.length === 0) {
    throw new UsageError(
      `${flag}: "${bad ?? value}" is not a workflow/subscription id (24 hex digits, comma-separated)`,
    );
  }
  return ids.join(",");
}

/**
 * Parses --start-date/--end-date into the ISO date-time (UTC) the API wants. A bare day is its
 * first second for a start and its last for an end, so both ends include the whole day.
 */
export function parseDate(flag: string, end = false): (value: string) => string {
  return (value) => {
    const day = /^\d{4}-\d{2}-\d{2}$/.test(value);
    const time = Date.parse(day ? `${value}T${end ? "23:59:59" : "00:00:00"}Z` : value);
    if (Number.isNaN(time))
      throw new UsageError(
        `${flag}: "${value}" is not a date (use 2024-01-31 or an ISO date-time like 2024-01-31T08:00:00Z)`,
      );
    return new Date(time).toISOString().replace(".000Z", "Z");
  };
}
