// One request/response exchange as the front server tracks it: what was asked, the nonce the
// verifier read, and the single place that records the outcome (request log and log line).
import type { IncomingMessage } from "node:http";
import { splitTarget, truncate } from "../oauth/parse.js";
import type { ApiMount } from "./mounts.js";
import { appendToLog, bestEffortNonce, type RequestLogEntry } from "./request-log.js";

/** Where an exchange reports to. */
export interface Reporting {
  log: RequestLogEntry[];
  logger?: ((line: string) => void) | undefined;
}

/** One exchange: the request's method and target, and how to record its outcome. */
export class Exchange {
  readonly method: string;
  /**
   * The request target in origin form (`/gallery/api/...?query`), also when it was sent in
   * absolute form (`http://host/gallery/api/...`), as HTTP/1.1 servers must accept.
   */
  readonly target: string;
  /** The host of an absolute-form target, which then stands for the Host header (RFC 9112). */
  readonly authority: string | undefined;
  readonly path: string;
  readonly query: string;
  /** The API the path belongs to, once the preflight found it. */
  mount: ApiMount | undefined;
  /** Set by the verifier once it read the request's oauth_nonce. */
  nonce: string | undefined;
  /** Whether the outcome was recorded (the answer is being written). */
  recorded = false;
  readonly #req: IncomingMessage;
  readonly #reporting: Reporting;

  constructor(req: IncomingMessage, reporting: Reporting) {
    this.#req = req;
    this.#reporting = reporting;
    this.method = req.method ?? "GET";
    const { target, authority } = originForm(req.url ?? "/");
    this.target = target;
    this.authority = authority;
    const { path, query } = splitTarget(target);
    this.path = path;
    this.query = query;
  }

  /** The path as log lines show it (cut to 120 characters). */
  get shownPath(): string {
    return truncate(this.path, 120);
  }

  /** Writes a line to the logger (diagnoses, refusals); never holds a secret. */
  note(line: string): void {
    this.#reporting.logger?.(line);
  }

  /** Records the outcome in the request log and the per-request log line. */
  record(status: number): void {
    this.recorded = true;
    const nonce = this.nonce ?? bestEffortNonce(this.#req.rawHeaders, this.query);
    const entry: RequestLogEntry = { method: this.method, path: this.path, status };
    if (nonce !== undefined) entry.nonce = nonce;
    appendToLog(this.#reporting.log, entry);
    this.note(`${this.method} ${this.shownPath} ${status === 0 ? "dropped" : status}`);
  }
}

/** Splits an absolute-form target into its authority and origin form (other forms unchanged). */
function originForm(sent: string): { target: string; authority: string | undefined } {
  const match = /^https?:\/\/([^/?#]*)(.*)$/is.exec(sent);
  if (!match) return { target: sent, authority: undefined };
  const authority = (match[1] ?? "").replace(/^.*@/, ""); // user info is never a host
  const rest = match[2] ?? "";
  return { target: rest.startsWith("/") ? rest : `/${rest}`, authority: authority || undefined };
}
