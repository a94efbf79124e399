/**
 * The AbortSignal for a signed copy of a request. A Request built with `signal: source` adds an
 * abort listener to `source`, and undici (Node 20) counts the existing listeners each time,
 * so signing the same Request over and over (a polling loop, retries of one template request)
 * gets quadratically slower. The first copy follows `source` directly; later copies share one
 * listener on `source` that fans out to a fresh controller per copy.
 */

interface Fanout {
  /** Controllers of the copies made after the first; weak, so dropped copies can be collected. */
  controllers: Set<WeakRef<AbortController>> | undefined;
  /** Live size after the last pruning: prune again when the set doubles. */
  pruneAt: number;
}

const fanouts = new WeakMap<AbortSignal, Fanout>();
/** Keeps each copy's controller alive exactly as long as the copy itself. */
const keepAlive = new WeakMap<Request, AbortController>();

/** The signal to build a copy with, and the controller to attach to that copy, if any. */
export interface CopySignal {
  signal: AbortSignal;
  controller: AbortController | undefined;
}

/** Picks the signal for a new copy of a request whose signal is `source`. @internal */
export function signalForCopy(source: AbortSignal): CopySignal {
  if (source.aborted) return { signal: source, controller: undefined };
  const fanout = fanouts.get(source);
  if (fanout === undefined) {
    fanouts.set(source, { controllers: undefined, pruneAt: 64 });
    return { signal: source, controller: undefined };
  }
  let controllers = fanout.controllers;
  if (controllers === undefined) {
    const set = new Set<WeakRef<AbortController>>();
    controllers = set;
    fanout.controllers = set;
    source.addEventListener(
      "abort",
      () => {
        for (const ref of set) ref.deref()?.abort(source.reason);
        set.clear();
      },
      { once: true },
    );
  }
  if (controllers.size >= fanout.pruneAt) {
    for (const ref of controllers) if (ref.deref() === undefined) controllers.delete(ref);
    fanout.pruneAt = Math.max(64, controllers.size * 2);
  }
  const controller = new AbortController();
  controllers.add(new WeakRef(controller));
  return { signal: controller.signal, controller };
}

/** Ties a copy's controller to the copy's lifetime. @internal */
export function attachController(copy: Request, controller: AbortController | undefined): Request {
  if (controller !== undefined) keepAlive.set(copy, controller);
  return copy;
}
