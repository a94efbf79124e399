// Refusals of the verifier (401) are answered within a CPU budget. Verifying a request costs
// CPU whatever its outcome (parsing a long query, one HMAC), so a few clients that send bad
// signatures in a loop could keep the process busy and slow everyone's good requests. Each
// refusal is charged the time its verification took; while refusals stay within `cpuMsPerSecond`
// (after a burst of `burstMs`) they are answered at once, beyond that each waits its turn,
// which holds such clients to that share of the CPU while good requests go on. No refusal waits
// longer than `maxWaitMs`: the debt of an attack is forgiven past that, so that a client that
// makes one mistake after it still hears back soon (a client that keeps sending bad requests
// keeps waiting that long for each, so its share of the CPU stays small).

/**
 * Schedules refusals like a leaky bucket (the generic cell rate algorithm, with a cost per
 * refusal): each refusal moves a theoretical time forward by its cost scaled to the budget; it
 * waits as long as that time runs ahead of the clock by more than the burst allows.
 */
export class FailurePacer {
  readonly #scale: number;
  readonly #toleranceMs: number;
  readonly #maxWaitMs: number;
  readonly #clock: () => number;
  #theoretical = Number.NEGATIVE_INFINITY;

  constructor(
    cpuMsPerSecond: number,
    burstMs: number,
    maxWaitMs = 5000,
    clock: () => number = () => performance.now(),
  ) {
    this.#scale = 1000 / cpuMsPerSecond;
    this.#toleranceMs = burstMs * this.#scale;
    this.#maxWaitMs = maxWaitMs;
    this.#clock = clock;
  }

  /** Milliseconds a refusal that cost `costMs` of CPU waits (0 while within the budget). */
  delay(costMs: number): number {
    const now = this.#clock();
    this.#theoretical = Math.max(this.#theoretical, now);
    const wait = Math.max(0, this.#theoretical - now - this.#toleranceMs);
    this.#theoretical = Math.min(
      this.#theoretical + costMs * this.#scale,
      now + this.#toleranceMs + this.#maxWaitMs,
    );
    return Math.min(wait, this.#maxWaitMs);
  }
}
