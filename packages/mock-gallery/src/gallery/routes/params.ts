// Query parameters as the Gallery reads them, in Admin v1 and API v3 alike. A bad value is an
// InputError that says what was expected, answered as a 400 in the shape of the API the request
// came to (Admin v1: ArgumentException; v3: `{ message, modelState }`).
import { truncate as truncateTo } from "../../oauth/parse.js";
import { InputError } from "../input-error.js";

/** An integer parameter >= min; undefined when absent or empty. */
export function intParam(query: URLSearchParams, name: string, min: number): number | undefined {
  const text = query.get(name);
  if (text === null || text === "") return undefined;
  if (!/^[0-9]{1,9}$/.test(text) || Number(text) < min) {
    throw new InputError(
      `The ${name} query parameter must be an integer >= ${min}, not "${truncate(text)}".`,
    );
  }
  return Number(text);
}

/** A date-time parameter in ms; undefined when absent or empty. */
export function dateParam(query: URLSearchParams, name: string): number | undefined {
  const text = query.get(name);
  if (text === null || text === "") return undefined;
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) {
    throw new InputError(`The ${name} query parameter is not a date-time: "${truncate(text)}".`);
  }
  return ms;
}

/** A comma-separated list (form style, explode false); undefined when absent or empty. */
export function listParam(query: URLSearchParams, name: string): string[] | undefined {
  const text = query.get(name);
  if (text === null || text === "") return undefined;
  return text.split(",").map((s) => s.trim());
}

/** A comma-separated list of ids as a set; undefined when absent or empty. */
export function idList(query: URLSearchParams, name: string): Set<string> | undefined {
  const list = listParam(query, name);
  return list && new Set(list);
}

/** Client text quoted in an error message, cut to 80 characters. */
export function truncate(text: string): string {
  return truncateTo(text, 80);
}
