// Query parameters as the Gallery reads them; a bad value is a Gallery-shaped 400 that says
// what was expected.
import { badRequest } from "../../gallery-error.js";
import { truncate as truncateTo } from "../../oauth/parse.js";

/** An integer parameter >= min; undefined when absent or empty. */
export function intParam(query: URLSearchParams, name: string, min: number): number | undefined {
  const text = query.get(name);
  if (text === null || text === "") return undefined;
  if (!/^[0-9]{1,9}$/.test(text) || Number(text) < min) {
    throw badRequest(
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
    throw badRequest(`The ${name} query parameter is not a date-time: "${truncate(text)}".`);
  }
  return ms;
}

/** A comma-separated list of ids; undefined when absent or empty. */
export function idList(query: URLSearchParams, name: string): Set<string> | undefined {
  const text = query.get(name);
  if (text === null || text === "") return undefined;
  return new Set(text.split(",").map((s) => s.trim()));
}

/** Client text quoted in an error message, cut to 80 characters. */
export function truncate(text: string): string {
  return truncateTo(text, 80);
}
