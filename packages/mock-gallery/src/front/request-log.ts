// The request log behind `mockGallery.requests`: one entry per request (newest last), with
// the oauth_nonce it carried so that tests can check each retry signs afresh.
import { headerValues, parseAuthorizationHeader } from "../oauth/parse.js";

/** One entry of the request log. */
export interface RequestLogEntry {
  method: string;
  path: string;
  /** The status answered; 0 for a connection dropped on purpose (faults.dropNext). */
  status: number;
  nonce?: string;
}

/** How many entries the log keeps (the oldest go first). */
export const MAX_LOG_ENTRIES = 10_000;

/** Appends an entry, dropping the oldest beyond {@link MAX_LOG_ENTRIES}. */
export function appendToLog(log: RequestLogEntry[], entry: RequestLogEntry): void {
  log.push(entry);
  if (log.length > MAX_LOG_ENTRIES) log.splice(0, log.length - MAX_LOG_ENTRIES);
}

/**
 * The oauth_nonce of a request the verifier did not read (refused before it), from the
 * Authorization header or the query; undefined when there is none or it cannot be read.
 */
export function bestEffortNonce(rawHeaders: readonly string[], query: string): string | undefined {
  try {
    const header = headerValues(rawHeaders, "authorization")[0];
    const fromHeader = header
      ? parseAuthorizationHeader(header)?.find(([n]) => n === "oauth_nonce")
      : undefined;
    if (fromHeader) return fromHeader[1];
    const match = /(?:^|&)oauth_nonce=([^&]*)/.exec(query);
    return match?.[1] === undefined ? undefined : decodeURIComponent(match[1].replace(/\+/g, " "));
  } catch {
    return undefined;
  }
}
