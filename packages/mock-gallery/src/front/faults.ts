// Fault injection for client tests: the next N requests fail with a status (and Retry-After),
// or lose their connection, and every request can be delayed.
import { galleryError } from "../gallery-error.js";
import type { Rejection } from "./reject.js";

/** The fault controls exposed as `mockGallery.faults`. */
export interface Faults {
  /** Answer the next `count` requests with `status` (default 503) and a Retry-After header. */
  failNext(count: number, status?: 503 | 429 | 500, options?: { retryAfterSeconds?: number }): void;
  /** Destroy the socket of the next `count` requests without any response. */
  dropNext(count: number): void;
  /** Delay every response by `ms` milliseconds (0 turns it off). */
  setLatency(ms: number): void;
  /** Make Prism see a response that breaks the spec, for the next `count` list requests. */
  corruptNextResponse(count: number): void;
  /** Remove every pending fault and the latency. */
  clear(): void;
}

/** What the front server should do with one request. */
export type FaultDecision =
  | { kind: "none" }
  | { kind: "drop" }
  | { kind: "fail"; status: number; retryAfterSeconds: number | undefined };

/** The state behind `Faults`, consumed one request at a time by the front server. */
export class FaultState implements Faults {
  #fail: Array<{ status: number; retryAfterSeconds: number | undefined }> = [];
  #drop = 0;
  #corrupt = 0;
  latencyMs = 0;

  failNext(
    count: number,
    status: 503 | 429 | 500 = 503,
    options?: { retryAfterSeconds?: number },
  ): void {
    checkCount(count, "failNext");
    if (![503, 429, 500].includes(status)) {
      throw new RangeError(`failNext: status must be 503, 429 or 500, not ${status}`);
    }
    const retryAfter = options?.retryAfterSeconds ?? (status === 500 ? undefined : 1);
    for (let i = 0; i < count; i++) this.#fail.push({ status, retryAfterSeconds: retryAfter });
  }

  dropNext(count: number): void {
    checkCount(count, "dropNext");
    this.#drop += count;
  }

  setLatency(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) {
      throw new RangeError(`setLatency: ms must be a finite number >= 0, not ${ms}`);
    }
    this.latencyMs = ms;
  }

  corruptNextResponse(count: number): void {
    checkCount(count, "corruptNextResponse");
    this.#corrupt += count;
  }

  clear(): void {
    this.#fail = [];
    this.#drop = 0;
    this.#corrupt = 0;
    this.latencyMs = 0;
  }

  /** Takes the fault for the next request (drops first, then failures). */
  take(): FaultDecision {
    if (this.#drop > 0) {
      this.#drop--;
      return { kind: "drop" };
    }
    const fail = this.#fail.shift();
    return fail ? { kind: "fail", ...fail } : { kind: "none" };
  }

  /** Whether this request's response should be corrupted (consumes one). */
  takeCorrupt(): boolean {
    if (this.#corrupt === 0) return false;
    this.#corrupt--;
    return true;
  }
}

function checkCount(count: number, name: string): void {
  if (!Number.isInteger(count) || count < 0) {
    throw new RangeError(`${name}: count must be an integer >= 0, not ${count}`);
  }
}

/** The Gallery-shaped answer of a "fail" fault; undefined for the other decisions. */
export function faultRejection(decision: FaultDecision): Rejection | undefined {
  if (decision.kind !== "fail") return undefined;
  const headers: Record<string, string> = {};
  if (decision.retryAfterSeconds !== undefined) {
    headers["retry-after"] = String(decision.retryAfterSeconds);
  }
  const failure =
    decision.status === 429
      ? galleryError(429, "TooManyRequestsException", "Too many requests. Retry later.")
      : decision.status === 503
        ? galleryError(
            503,
            "ServiceUnavailableException",
            "The service is temporarily unavailable.",
          )
        : galleryError(500, "Exception", "An error has occurred.");
  return { failure, headers };
}
