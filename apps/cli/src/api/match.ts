/**
 * Checks a call of `alteryx-admin api METHOD PATH` against the operations of both specs (the
 * generated table), before anything is sent: which API the path belongs to, which operation it
 * is, and a did-you-mean for an unknown path or method.
 */
import { UsageError } from "../errors.js";
import { OPERATIONS, type OperationInfo } from "../generated/operations.js";
import { closest, didYouMean } from "../suggest.js";

/** A call matched to its operation. */
export interface MatchedCall {
  operation: OperationInfo;
  /** The path to send, relative to the API's base (Admin v1 base, or `<root>/webapi` for v3). */
  path: string;
}

/** The prefixes a user may write before an Admin v1 path (the base's own path). */
const ADMIN_V1_PREFIX = /^(?:\/webapi|\/gallery\/api)?\/admin\/v1(?=\/|$)/;

/** Splits a user's path into the API it belongs to and the path relative to that API's base. */
export function apiOfPath(path: string): { api: OperationInfo["api"]; path: string } {
  if (!path.startsWith("/"))
    throw new UsageError(
      `the path must start with "/": /v3/... for Server API v3, /users/ (or /admin/v1/users/) for Admin API v1; got "${path}"`,
    );
  const v3 = path.replace(/^\/webapi(?=\/v3(\/|$))/, "");
  if (/^\/v3(\/|$)/.test(v3)) return { api: "v3", path: v3 };
  const relative = path.replace(ADMIN_V1_PREFIX, "");
  return { api: "admin-v1", path: relative === "" ? "/" : relative };
}

/** A path template as a regular expression; Admin v1's trailing slash is optional to type. */
function templatePattern(template: string): RegExp {
  const body = template
    .replace(/\/$/, "")
    .split(/(\{[^}]+\})/)
    .map((part) => (/^\{.*\}$/.test(part) ? "[^/]+" : part.replace(/[.*+?^$()|[\]\\]/g, "\\$&")))
    .join("");
  return new RegExp(`^${body}/?$`);
}

/** The concrete path in the template's own form (with its trailing slash when it has one). */
function sendForm(path: string, template: string): string {
  const bare = path.replace(/\/$/, "");
  return template.endsWith("/") ? `${bare}/` : bare;
}

/** The operations of an API whose template matches a path. */
function matching(api: OperationInfo["api"], path: string): OperationInfo[] {
  return OPERATIONS.filter((op) => op.api === api && templatePattern(op.path).test(path));
}

/** Matches METHOD PATH to one operation of the specs, or throws a usage error with a suggestion. */
export function matchCall(method: string, userPath: string): MatchedCall {
  const upper = method.toUpperCase();
  const { api, path } = apiOfPath(userPath);
  const candidates = matching(api, path);
  const apiName = api === "v3" ? "Server API v3" : "Admin API v1";
  if (candidates.length === 0) {
    // Compared without trailing slashes: Admin v1's are easy to leave out or add.
    const bare = (p: string) => p.replace(/\/$/, "");
    const templates = [...new Set(OPERATIONS.filter((op) => op.api === api).map((op) => op.path))];
    const near = closest(bare(path), templates.map(bare));
    const guess = templates.find((t) => bare(t) === near);
    throw new UsageError(
      `${upper} ${userPath}: no such path in ${apiName}${guess ? ` (did you mean ${guess}?)` : ""}; \`alteryx-admin api --list\` lists every operation`,
    );
  }
  // A literal segment beats a template (`/workflows/jobs/` over `/workflows/{appId}/...`).
  const sorted = [...candidates].sort(
    (a, b) => (a.path.match(/\{/g)?.length ?? 0) - (b.path.match(/\{/g)?.length ?? 0),
  );
  const fewest = sorted[0]?.path.match(/\{/g)?.length ?? 0;
  const best = sorted.filter((op) => (op.path.match(/\{/g)?.length ?? 0) === fewest);
  const operation = best.find((op) => op.method === upper);
  if (!operation) {
    const methods = [...new Set(best.map((op) => op.method))];
    const template = best[0]?.path ?? path;
    throw new UsageError(
      `${upper} ${userPath}: ${apiName} has no ${upper} for ${template}; it has ${methods.join(", ")}`,
    );
  }
  return { operation, path: sendForm(path, operation.path) };
}

/**
 * Checks the query against the operation: every required parameter present, no unknown name
 * (with a suggestion).
 */
export function checkQuery(operation: OperationInfo, query: Record<string, string>): void {
  const call = `${operation.method} ${operation.path}`;
  for (const name of Object.keys(query)) {
    if (operation.query.includes(name)) continue;
    throw new UsageError(
      `${call} has no query parameter "${name}"${didYouMean(name, operation.query)}${operation.query.length ? `; it takes ${operation.query.join(", ")}` : "; it takes none"}`,
    );
  }
  const missing = operation.requiredQuery.filter((name) => !(name in query));
  if (missing.length)
    throw new UsageError(
      `${call} needs the query parameter${missing.length > 1 ? "s" : ""} ${missing.join(", ")}: add ${missing.map((n) => `--query ${n}=VALUE`).join(" ")}`,
    );
}

/** One line per operation, for `api --list`. */
export function listOperations(): string[] {
  return OPERATIONS.map(
    (op) =>
      `${op.api === "v3" ? "v3      " : "admin-v1"}  ${op.method.padEnd(6)} ${op.path}  ${op.summary}`,
  );
}
