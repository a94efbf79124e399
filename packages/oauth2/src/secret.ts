/**
 * A box for the client secret that never shows its contents in `util.inspect`, `JSON.stringify`,
 * `String()` or template strings, and a helper that gives any object such a redacted view.
 */

const INSPECT = Symbol.for("nodejs.util.inspect.custom");
const REDACTED = "[redacted]";

/** Holds a secret in a private field; only `reveal()` returns it. @internal */
export class Secret {
  readonly #value: string;
  constructor(value: string) {
    this.#value = value;
  }
  /** The secret itself: only for the token request. */
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
 * Makes `target` show only `view` in `util.inspect` and `JSON.stringify`, so an object logged by
 * mistake shows its configuration and nothing secret. Non-enumerable, so spreading or iterating
 * the object does not see these. @internal
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

/**
 * `text` with every occurrence of `secret` replaced by `[redacted]`: for strings that come from
 * elsewhere (a server's `error_description`, a network error) before they go into a message.
 * @internal
 */
export function redact(text: string, secret: Secret): string {
  const value = secret.reveal();
  return value === "" ? text : text.split(value).join(REDACTED);
}
