/** Small shared pieces of the integration tests. */

/** A clock the test moves by hand, in the shape the token source takes (milliseconds). */
export function manualClock(): { now: () => number; advance: (seconds: number) => void } {
  let time = 1_000_000;
  return {
    now: () => time,
    advance: (seconds) => {
      time += seconds * 1000;
    },
  };
}

/** A promise and the function that resolves it, for holding a server answer back. */
export function gate(): { promise: Promise<void>; open: () => void } {
  let open = () => {};
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}

/** Resolves once `condition()` holds, checking after each turn of the event loop. */
export async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 10_000 && !condition(); i++) {
    await new Promise((resolve) => setImmediate(resolve));
  }
  if (!condition()) throw new Error("condition never held");
}

/** The error a promise rejects with (fails the test when it resolves). */
export async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected a rejection");
}
