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

/**
 * Resolves once `condition()` holds, checking every millisecond or so; fails after 20 s (a
 * bound for a stuck test, not a timing assertion: a loaded machine only makes it wait longer).
 */
export async function until(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("condition never held");
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
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
