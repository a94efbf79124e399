/** Turns nested API objects into flat rows with dotted column names (`metaInfo.name`). */

/** A flat row: dotted column name to a printable scalar. */
export type FlatRow = Record<string, string | number | boolean | null>;

/**
 * Flattens nested objects into dotted keys. Arrays become JSON text (a table cell cannot hold a
 * list), empty arrays become "", null stays null.
 */
export function flatten(value: unknown, prefix = "", out: FlatRow = {}): FlatRow {
  if (value === null || value === undefined) {
    if (prefix) out[prefix] = null;
    return out;
  }
  if (Array.isArray(value)) {
    out[prefix || "value"] = value.length === 0 ? "" : JSON.stringify(value);
    return out;
  }
  if (typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 0 && prefix) out[prefix] = null;
    for (const [key, inner] of entries) flatten(inner, prefix ? `${prefix}.${key}` : key, out);
    return out;
  }
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") {
    out[prefix || "value"] = value;
    return out;
  }
  out[prefix || "value"] = String(value);
  return out;
}

/** Reads a dotted path (`publishedVersionOwner.email`) from a nested object. */
export function getPath(value: unknown, path: string): unknown {
  let current: unknown = value;
  for (const part of path.split(".")) {
    if (current === null || current === undefined || typeof current !== "object") return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

/** The union of the keys of flat rows, in first-seen order. */
export function columnsOf(rows: readonly FlatRow[]): string[] {
  const seen = new Set<string>();
  for (const row of rows) for (const key of Object.keys(row)) seen.add(key);
  return [...seen];
}

/**
 * Picks `fields` from each record. A field naming an object keeps its flattened children
 * (`--fields metaInfo` gives `metaInfo.name`, `metaInfo.author`, ...).
 */
export function pickFields(records: readonly unknown[], fields: readonly string[]): FlatRow[] {
  return records.map((record) => {
    const flat = flatten(record);
    const row: FlatRow = {};
    for (const field of fields) {
      if (field in flat) {
        row[field] = flat[field] ?? null;
        continue;
      }
      const children = Object.keys(flat).filter((k) => k.startsWith(`${field}.`));
      if (children.length) for (const child of children) row[child] = flat[child] ?? null;
      else row[field] = null;
    }
    return row;
  });
}

/**
 * The field names `--fields` accepts for these records: flat keys and their parents (`known`),
 * and the keys that are null somewhere (`nullable`: an object there may have any children).
 */
export function knownFields(records: readonly unknown[]): {
  known: Set<string>;
  nullable: Set<string>;
} {
  const known = new Set<string>();
  const nullable = new Set<string>();
  for (const record of records) {
    for (const [key, value] of Object.entries(flatten(record))) {
      if (value === null) nullable.add(key);
      const parts = key.split(".");
      for (let i = 1; i <= parts.length; i++) known.add(parts.slice(0, i).join("."));
    }
  }
  return { known, nullable };
}
