// The latency of `faults.setLatency`: an answer leaves no sooner than the latency after its
// request arrived, and the request is worked on meanwhile. A server works on concurrent requests
// at once; the mock has one thread, so waiting first and working after would queue requests that
// arrived together behind each other once their waits ended (eight concurrent package downloads
// at 50 ms were answered 5.5 ms late on average, the mock's work added to the latency, measured).
//
// The front server's responses are of this class: while held, `writeHead`, `write` and `end`
// are queued, and replayed in order at the release. Corking the socket cannot do it (Node
// uncorks fully on `end()`). A held `write` returns false, so a piped body (a large package)
// waits for the `drain` of the release: memory stays at one chunk.
import { ServerResponse } from "node:http";

const HELD = ["writeHead", "write", "end"] as const;
type Method = (this: ServerResponse, ...args: unknown[]) => unknown;
const base = ServerResponse.prototype as unknown as Record<(typeof HELD)[number], Method>;

/** A response that can hold its answer; see {@link HeldResponse.hold}. */
export class HeldResponse extends ServerResponse {
  /** The writes held, in order; undefined when not held. */
  heldWrites: Array<() => void> | undefined;

  /**
   * Holds what this response writes until `ms` from now. Resolves at the release, or when the
   * connection closes first (the queue is then dropped, and no timer is left behind).
   */
  hold(ms: number): Promise<void> {
    const queue: Array<() => void> = [];
    this.heldWrites = queue;
    return new Promise((resolve) => {
      const release = () => {
        clearTimeout(timer);
        this.off("close", release);
        this.heldWrites = undefined;
        if (!this.destroyed) {
          for (const write of queue) write();
          if (queue.length > 0) this.emit("drain");
        }
        resolve();
      };
      const timer = setTimeout(release, ms);
      this.once("close", release);
    });
  }
}

// The overrides go on the prototype, keeping the base class's overloaded signatures for callers.
for (const name of HELD) {
  const write = base[name];
  Object.defineProperty(HeldResponse.prototype, name, {
    configurable: true,
    writable: true,
    value(this: HeldResponse, ...args: unknown[]) {
      const queue = this.heldWrites;
      if (!queue) return write.apply(this, args);
      queue.push(() => write.apply(this, args));
      // A held write asks for a pause: the release emits the drain.
      return name === "write" ? false : this;
    },
  });
}
