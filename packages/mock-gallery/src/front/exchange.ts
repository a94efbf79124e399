// One request/response exchange as the front server tracks it: what was asked, the nonce the
// verifier read, and the single place that records the outcome (request log and log line).
import type { IncomingMessage } from "node:http";
import { splitTarget, truncate } from "../oauth/parse.js";
import { appendToLog, bestEffortNonce, type RequestLogEntry } from "./request-log.js";

/** Where an exchange reports to. */
export interface Reporting {
  log: RequestLogEntry[];
  logger?: ((line: string) => void) | undefined;
}

/** One exchange: the request's method and target, and how to record its outcome. */
export class Exchange {
  readonly method: string;
  /** The request target as sent. */
  readonly target: string;
  readonly path: string;
  readonly query: string;
  /** Set by the verifier once it read the request's oauth_nonce. */
  nonce: string | undefined;
  readonly #req: IncomingMessage;
  readonly #reporting: Reporting;

  constructor(req: IncomingMessage, reporting: Reporting) {
    this.#req = req;
    this.#reporting = reporting;
    this.method = req.method ?? "GET";
    this.target = req.url ?? "/";
    const { path, query } = splitTarget(this.target);
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
    const nonce = this.nonce ?? bestEffortNonce(this.#req.rawHeaders, this.query);
    const entry: RequestLogEntry = { method: this.method, path: this.path, status };
    if (nonce !== undefined) entry.nonce = nonce;
    appendToLog(this.#reporting.log, entry);
    this.note(`${this.method} ${this.shownPath} ${status === 0 ? "dropped" : status}`);
  }
}
