// The diagnosis of a bad signature recomputes about 200 signatures, each over the whole
// request: worth it for a developer, but a client sending bad signatures with long queries
// could keep the process busy for everyone. So a diagnosis runs only within a budget: per
// request, a size (bytes of parameters) and a number of candidates; across requests, CPU time
// per second (a token bucket refilled by the clock, which holds up to `burstMs` so that a test
// suite of a few dozen mistakes is still diagnosed). Beyond it the 401 says it was skipped.

/** The limits of the diagnosis. */
export interface DiagnosisLimits {
  /** Largest request diagnosed: bytes of its query and OAuth parameters (default 4096). */
  maxBytes: number;
  /** Most candidate signatures computed for one request (default 300; about 200 are tried). */
  maxCandidates: number;
  /** CPU time diagnoses may use per second, all requests together, in ms (default 100). */
  cpuMsPerSecond: number;
  /** CPU time a burst of diagnoses may use before the per-second rate applies (default 1000). */
  burstMs: number;
}

/** The documented defaults. */
export const DEFAULT_DIAGNOSIS_LIMITS: DiagnosisLimits = {
  maxBytes: 4096,
  maxCandidates: 300,
  cpuMsPerSecond: 100,
  burstMs: 1000,
};

/** The outcome of {@link DiagnosisBudget.run}. */
export type Budgeted<T> = { ran: true; result: T } | { ran: false; reason: string };

/**
 * The process-wide CPU budget. `clock` gives milliseconds (performance.now by default); it is
 * read once before and once after each diagnosis, so tests can inject a deterministic one.
 */
export class DiagnosisBudget {
  readonly limits: DiagnosisLimits;
  readonly #clock: () => number;
  #available: number;
  #last: number | undefined;

  constructor(
    limits: Partial<DiagnosisLimits> = {},
    clock: () => number = () => performance.now(),
  ) {
    this.limits = { ...DEFAULT_DIAGNOSIS_LIMITS, ...limits };
    this.#clock = clock;
    this.#available = this.limits.burstMs;
  }

  /** Why a request of `bytes` bytes of parameters is not diagnosed; undefined when it may be. */
  refuseSize(bytes: number): string | undefined {
    if (bytes <= this.limits.maxBytes) return undefined;
    return `the request's query and OAuth parameters are ${bytes} bytes, and requests above ${this.limits.maxBytes} bytes are not diagnosed`;
  }

  /** Runs `diagnose` if the CPU budget has time left, and charges it the time it took. */
  run<T>(diagnose: () => T): Budgeted<T> {
    const start = this.#clock();
    const { cpuMsPerSecond, burstMs } = this.limits;
    if (this.#last !== undefined) {
      const refill = ((start - this.#last) * cpuMsPerSecond) / 1000;
      this.#available = Math.min(burstMs, this.#available + Math.max(0, refill));
    }
    this.#last = start;
    if (this.#available <= 0) {
      return {
        ran: false,
        reason: `the server's diagnosis budget (${cpuMsPerSecond} ms of CPU per second, shared by all requests) is spent for now; retry in a second`,
      };
    }
    const result = diagnose();
    const end = this.#clock();
    this.#available -= end - start;
    this.#last = end;
    return { ran: true, result };
  }
}
