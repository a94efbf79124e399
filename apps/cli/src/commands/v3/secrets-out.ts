/**
 * Keeps passwords out of what `credentials list` and `connections list` print. The API never
 * answers a credential's password, but a Server data connection's connection string may embed
 * one (`PWD=...;`): it is masked, and any field whose name says password or secret is dropped.
 */

/** Connection-string keys whose values are secrets (ODBC, OLE DB, ADO.NET spellings). */
const SECRET_KEYS =
  /(^|;|\s)((?:pwd|password|pass|secret|access ?key|token)\s*=\s*)("[^"]*"|\{[^}]*\}|[^;]*)/gi;

/** The connection string with every secret value replaced by `***`. */
export function maskConnectionString(value: string): string {
  return value.replace(SECRET_KEYS, (_all, lead: string, key: string) => `${lead}${key}***`);
}

const SECRET_FIELD = /password|secret/i;

/**
 * A copy of `record` without password or secret fields, and with `connectionString` masked.
 * Shallow: the v3 listings it serves are flat.
 */
export function withoutSecrets<T extends object>(record: T): Partial<T> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record)) {
    if (SECRET_FIELD.test(key)) continue;
    out[key] =
      key === "connectionString" && typeof value === "string" ? maskConnectionString(value) : value;
  }
  return out as Partial<T>;
}
