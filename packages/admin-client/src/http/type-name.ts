/** How option messages name the type of a wrong value. */

/**
 * The type of `value` as a message shows it: `typeof`, except `null` and `array`, which
 * `typeof` would both call "object".
 * @internal
 */
export function typeName(value: unknown): string {
  return value === null ? "null" : Array.isArray(value) ? "array" : typeof value;
}
