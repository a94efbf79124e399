// Loads openapi/admin-v1.yaml once and gives the tests typed access to it, plus an Ajv
// (JSON Schema 2020-12, the dialect of OpenAPI 3.1) that resolves the spec's own $refs.
import { readFileSync } from "node:fs";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import { parse } from "yaml";

export const specPath = new URL("../admin-v1.yaml", import.meta.url);

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

/** The parsed spec, as plain JSON. */
export const spec = parse(readFileSync(specPath, "utf8")) as JsonObject;

export const HTTP_METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/** Narrows a JSON value to an object, failing loudly with the location when it is not one. */
export function obj(value: Json | undefined, where: string): JsonObject {
  if (value === null || value === undefined || typeof value !== "object" || Array.isArray(value)) {
    throw new Error(`${where}: expected an object, got ${JSON.stringify(value)}`);
  }
  return value;
}

/** Escapes one JSON Pointer segment (RFC 6901). */
export function pointerSegment(segment: string): string {
  return segment.replaceAll("~", "~0").replaceAll("/", "~1");
}

/** Follows a local `$ref` ("#/components/...") to the object it names. */
export function resolvePointer(ref: string): JsonObject {
  if (!ref.startsWith("#/")) throw new Error(`only local $refs are used in the spec, got ${ref}`);
  let node: Json | undefined = spec;
  for (const raw of ref.slice(2).split("/")) {
    const segment = raw.replaceAll("~1", "/").replaceAll("~0", "~");
    node = obj(node, ref)[segment];
  }
  return obj(node, ref);
}

/** Resolves a Reference Object (response, parameter, ...) to its target, with its pointer. */
export function deref(
  value: Json | undefined,
  pointer: string,
): { node: JsonObject; pointer: string } {
  const node = obj(value, pointer);
  const ref = node.$ref;
  if (typeof ref === "string") return { node: resolvePointer(ref), pointer: ref };
  return { node, pointer };
}

export interface Operation {
  method: string;
  path: string;
  pointer: string;
  operation: JsonObject;
}

/** Every operation of the spec, in document order. */
export function operations(): Operation[] {
  const result: Operation[] = [];
  for (const [path, item] of Object.entries(obj(spec.paths, "paths"))) {
    const pathItem = obj(item, path);
    for (const method of HTTP_METHODS) {
      if (pathItem[method] === undefined) continue;
      result.push({
        method,
        path,
        pointer: `#/paths/${pointerSegment(path)}/${method}`,
        operation: obj(pathItem[method], `${method} ${path}`),
      });
    }
  }
  return result;
}

const SPEC_ID = "https://alteryx-admin.invalid/openapi/admin-v1.yaml";

/** An Ajv that knows the whole spec, so `#/components/schemas/...` refs resolve. */
export function createAjv(): Ajv2020 {
  // strict: false because the spec document also holds OpenAPI keywords (paths, examples, ...)
  // around its schemas; the schemas themselves are plain JSON Schema 2020-12.
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormatsModule.default(ajv);
  ajv.addSchema(spec, SPEC_ID);
  return ajv;
}

/** Compiles the schema found at a JSON pointer of the spec ("#/components/schemas/X"). */
export function validatorAt(ajv: Ajv2020, pointer: string) {
  return ajv.compile({ $ref: `${SPEC_ID}${pointer}` });
}
