/**
 * A box for secret strings (consumer secret, token secret, private key) that never shows its
 * contents in `util.inspect`, `JSON.stringify`, `String()` or template strings.
 */

const INSPECT = Symbol.for("nodejs.util.inspect.custom");
const REDACTED = "[redacted]";

/** Holds a secret in a private field; only `reveal()` returns it. @internal */
export class Secret {
  readonly #value: string;
  constructor(value: string) {
    this.#value = value;
  }
  /** The secret itself: only for computing signatures. */
  reveal(): string {
    return this.#value;
  }
  toJSON(): string {
    return REDACTED;
  }
  toString(): string {
    return REDACTED;
  }
  [INSPECT](): string {
    return REDACTED;
  }
}

/**
 * Makes `target` show only `view` in `util.inspect` and `JSON.stringify`, so a signer logged by
 * mistake shows its configuration without its secrets. Non-enumerable, so spreading or
 * iterating the object does not see these. @internal
 */
export function redactedView<T extends object>(target: T, name: string, view: object): T {
  Object.defineProperties(target, {
    toJSON: { value: () => ({ ...view }), enumerable: false },
    [INSPECT]: {
      value: (_depth: number, options: unknown, inspect?: (v: unknown, o: unknown) => string) =>
        `${name} ${typeof inspect === "function" ? inspect(view, options) : JSON.stringify(view)}`,
      enumerable: false,
    },
  });
  return target;
}
