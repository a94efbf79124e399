// Reading API v3 request bodies. Prism checks them against the spec first when validation is
// on; these checks keep the demo path (validation off) from taking garbage, and word the 400s.
import type { RouteRequest } from "../routes/route.js";
import { v3BadRequest } from "./v3-error.js";

/** The body parsed as JSON; a 400 when it is not JSON. */
export function jsonBody(r: RouteRequest): unknown {
  const text = Buffer.from(r.body)
    .toString("utf8")
    .replace(/^\uFEFF/, "");
  if (text.trim() === "") throw v3BadRequest("The request body is empty; send a JSON body.");
  try {
    return JSON.parse(text);
  } catch {
    throw v3BadRequest("The request body is not valid JSON; send application/json.");
  }
}

/** The body as a JSON object with every `required` field present; a 400 naming those missing. */
export function objectBody(r: RouteRequest, required: readonly string[] = []): Fields {
  const body = jsonBody(r);
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw v3BadRequest("The request body must be a JSON object.");
  }
  const fields = body as Record<string, unknown>;
  const missing = required.filter((name) => fields[name] === undefined || fields[name] === null);
  if (missing.length > 0) {
    throw v3BadRequest(
      `The request is invalid: missing required field(s) ${missing.join(", ")}.`,
      Object.fromEntries(
        missing.map((name) => [`contract.${name}`, [`The ${name} field is required.`]]),
      ),
    );
  }
  return new Fields(fields);
}

/** Typed access to a JSON object's fields: a wrong type is a 400 naming the field. */
export class Fields {
  constructor(readonly raw: Record<string, unknown>) {}

  has(name: string): boolean {
    return this.raw[name] !== undefined && this.raw[name] !== null;
  }

  string(name: string): string | undefined {
    const value = this.raw[name];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== "string") throw wrongType(name, "a string");
    return value;
  }

  boolean(name: string): boolean | undefined {
    const value = this.raw[name];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== "boolean") throw wrongType(name, "true or false");
    return value;
  }

  strings(name: string): string[] | undefined {
    const value = this.raw[name];
    if (value === undefined || value === null) return undefined;
    if (!Array.isArray(value) || value.some((v) => typeof v !== "string")) {
      throw wrongType(name, "an array of strings");
    }
    return value as string[];
  }

  object(name: string): Record<string, unknown> | undefined {
    const value = this.raw[name];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== "object" || Array.isArray(value)) throw wrongType(name, "an object");
    return value as Record<string, unknown>;
  }
}

function wrongType(name: string, expected: string) {
  return v3BadRequest(`The ${name} field must be ${expected}.`, {
    [`contract.${name}`]: [`Expected ${expected}.`],
  });
}
