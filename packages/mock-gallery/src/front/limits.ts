// The front server's limits, in one place. Each one is answered with a Gallery-shaped error:
// 431 for headers, 413 for bodies, 408 for requests that arrive too slowly.

/** What the front server accepts. */
export interface FrontLimits {
  /** Request line and headers together, in bytes (431 beyond). */
  maxHeaderBytes: number;
  /** Request body, in bytes (413 beyond). */
  maxBodyBytes: number;
  /** Time to receive the request line and headers (408 beyond). */
  headersTimeoutMs: number;
  /** Time to receive the whole request, body included (408 beyond). */
  requestTimeoutMs: number;
  /**
   * Bodies (requests, and package downloads) larger than this skip Prism and go straight to
   * the Gallery: Prism 5 reads them whole as text, and refuses request bodies above 10 MB (a
   * binary body counts up to twice after the latin1-in-UTF-8 workaround).
   */
  prismBodyBytes: number;
  /**
   * CPU time the verification of refused requests (401) may take per second, in ms, after a
   * burst of `refusalBurstMs`; beyond it refusals wait their turn (see failure-pacer.ts).
   */
  refusalCpuMsPerSecond: number;
  /** CPU time a burst of refusals may take before their pace applies, in ms. */
  refusalBurstMs: number;
}

/** The documented limits. */
export const DEFAULT_LIMITS: FrontLimits = {
  // 1 KiB under Prism's own 16 KiB (Node's default), so that what passes the front never
  // meets Prism's bodiless 431.
  maxHeaderBytes: 15 * 1024,
  // A 64 MiB package and the form's other fields.
  maxBodyBytes: 80 * 1024 * 1024,
  headersTimeoutMs: 20_000,
  requestTimeoutMs: 120_000,
  prismBodyBytes: 4 * 1024 * 1024,
  refusalCpuMsPerSecond: 100,
  refusalBurstMs: 500,
};
