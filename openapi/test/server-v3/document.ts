// Loads openapi/server-v3.yaml once and gives the v3 tests typed access to it: pointers, $ref
// resolution, the operations with their path-level parameters merged in, and an Ajv (JSON Schema
// 2020-12, the dialect of OpenAPI 3.1) that resolves the spec's own $refs. The pure helpers come
// from ../spec.ts, which does the same for admin-v1.yaml.
import { readFileSync } from "node:fs";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import { parse } from "yaml";
import { HTTP_METHODS, type Json, type JsonObject, obj, pointerSegment } from "../spec.js";

export { type Json, type JsonObject, obj, pointerSegment };

/** The parsed server-v3.yaml, as plain JSON (duplicate keys are a parse error). */
export const spec = parse(readFileSync(new URL("../../server-v3.yaml", import.meta.url), "utf8"), {
  uniqueKeys: true,
}) as JsonObject;

/** Follows a local `$ref` ("#/components/...") to the object it names. */
export function resolvePointer(ref: string): JsonObject {
  if (!ref.startsWith("#/")) throw new Error(`only local $refs are used in the spec, got ${ref}`);
  let node: Json | undefined = spec;
  for (const raw of ref.slice(2).split("/")) {
    node = obj(node, ref)[raw.replaceAll("~1", "/").replaceAll("~0", "~")];
  }
  return obj(node, ref);
}

/** Resolves a Reference Object (response, parameter, schema, ...) to its target, with its pointer. */
export function deref(
  value: Json | undefined,
  pointer: string,
): { node: JsonObject; pointer: string } {
  const node = obj(value, pointer);
  const ref = node.$ref;
  if (typeof ref === "string") return { node: resolvePointer(ref), pointer: ref };
  return { node, pointer };
}

/** One operation of the spec. `parameters` holds the path item's and the operation's, resolved. */
export interface V3Operation {
  method: string;
  path: string;
  /** "GET /v3/users", the way reports and test names show an operation. */
  label: string;
  pointer: string;
  operation: JsonObject;
  parameters: JsonObject[];
}

/** Every operation of the spec, in document order. */
export function operations(): V3Operation[] {
  const result: V3Operation[] = [];
  for (const [path, item] of Object.entries(obj(spec.paths, "paths"))) {
    const pathItem = obj(item, path);
    const shared = Array.isArray(pathItem.parameters) ? pathItem.parameters : [];
    for (const method of HTTP_METHODS) {
      if (pathItem[method] === undefined) continue;
      const operation = obj(pathItem[method], `${method} ${path}`);
      const own = Array.isArray(operation.parameters) ? operation.parameters : [];
      const pointer = `#/paths/${pointerSegment(path)}/${method}`;
      result.push({
        method,
        path,
        label: `${method.toUpperCase()} ${path}`,
        pointer,
        operation,
        parameters: [...shared, ...own].map((p, i) => deref(p, `${pointer} parameter ${i}`).node),
      });
    }
  }
  return result;
}

/** The operation at a method and path; throws when the spec has none. */
export function operationAt(method: string, path: string): V3Operation {
  const found = operations().find((op) => op.method === method && op.path === path);
  if (found === undefined) throw new Error(`${method.toUpperCase()} ${path} is not in the spec`);
  return found;
}

/** The named schemas of components.schemas. */
export const schemas = obj(obj(spec.components, "components").schemas, "components.schemas");

const SPEC_ID = "https://alteryx-admin.invalid/openapi/server-v3.yaml";

/** An Ajv that knows the whole spec, so `#/components/schemas/...` refs resolve. */
export function createAjv(): Ajv2020 {
  // strict: false because the document also holds OpenAPI keywords (paths, examples, ...)
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
